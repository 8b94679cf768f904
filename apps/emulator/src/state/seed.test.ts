/**
 * `--seed`: fixture trees imported as objects at start and at every reset; bad trees refused
 * before anything is written.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { optionsFromCli } from '../cli-options.js';
import { ConfigError, resolveConfig } from '../config.js';
import { startEmulator } from '../server.js';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, provisionCallbackKey, startTestEmulator, tempDir } from '../test-support/harness.js';

const B = 'examplebucket';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('--seed', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function fixtures(files: Record<string, string | Buffer>): Promise<string> {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    for (const [path, body] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), body);
    }
    return dir;
  }

  async function start(options: Parameters<typeof startTestEmulator>[0]): Promise<TestEmulator> {
    const t = await startTestEmulator(options);
    cleanups.push(() => t.close());
    return t;
  }

  async function keys(url: string, bucket = B): Promise<string[]> {
    const listed = await oss(url, 'GET', { bucket, query: { 'max-keys': '1000' } });
    return [...listed.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
  }

  it('imports every file as an object: relative keys, content type by extension, MD5 ETag and CRC-64 as PutObject', async () => {
    const dir = await fixtures({ 'readme.txt': 'hello', 'images/logo.png': PNG, 'data/deep/nested/é 中.json': '{"a":1}', 'noext': 'x' });
    await symlink(join(dir, 'readme.txt'), join(dir, 'linked.txt'));
    const t = await start({ seed: dir });
    const url = t.emulator.url;
    expect(await keys(url)).toEqual(['data/deep/nested/é 中.json', 'images/logo.png', 'linked.txt', 'noext', 'readme.txt']);
    const logo = await oss(url, 'GET', { bucket: B, key: 'images/logo.png' }).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(logo.status).toBe(200);
    expect(logo.body).toEqual(PNG);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers.etag).toBe(`"${createHash('md5').update(PNG).digest('hex').toUpperCase()}"`);
    expect(logo.headers['x-oss-hash-crc64ecma']).toBe(crc64(PNG).toString());
    expect(logo.headers['content-md5']).toBe(createHash('md5').update(PNG).digest('base64'));
    const json = await oss(url, 'GET', { bucket: B, key: 'data/deep/nested/é 中.json' });
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.text).toBe('{"a":1}');
    expect((await oss(url, 'HEAD', { bucket: B, key: 'noext' })).headers['content-type']).toBe('application/octet-stream');
    expect((await oss(url, 'GET', { bucket: B, key: 'linked.txt' })).text).toBe('hello');
  });

  it('fills several buckets with <bucket>=<dir>, creating them; keeps other objects of the data directory', async () => {
    const a = await fixtures({ 'a.txt': 'a' });
    const b = await fixtures({ 'b.txt': 'b' });
    const { dir: location, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(location);
    const first = await startEmulator({ port: 0, location, logLevel: 'silent', buckets: ['first-bucket'] });
    expect((await oss(first.url, 'PUT', { bucket: 'first-bucket', key: 'kept.txt', body: 'k' })).status).toBe(200);
    expect((await oss(first.url, 'PUT', { bucket: 'first-bucket', key: 'a.txt', body: 'old' })).status).toBe(200);
    await first.close();
    const second = await startEmulator({ port: 0, location, logLevel: 'silent', seed: { 'first-bucket': a, 'second-bucket': b } });
    cleanups.push(() => second.close());
    expect(second.config.buckets).toEqual(['first-bucket', 'second-bucket']);
    expect(await keys(second.url, 'first-bucket')).toEqual(['a.txt', 'kept.txt']);
    expect((await oss(second.url, 'GET', { bucket: 'first-bucket', key: 'a.txt' })).text).toBe('a');
    expect(await keys(second.url, 'second-bucket')).toEqual(['b.txt']);
  });

  it('reset() and DELETE /_ossbox/state bring back the fixtures as they are now, and only them', async () => {
    const dir = await fixtures({ 'one.txt': '1', 'sub/two.txt': '2' });
    const t = await start({ seed: dir });
    const url = t.emulator.url;
    expect((await oss(url, 'PUT', { bucket: B, key: 'one.txt', body: 'changed by a test' })).status).toBe(200);
    expect((await oss(url, 'DELETE', { bucket: B, key: 'sub/two.txt' })).status).toBe(204);
    expect((await oss(url, 'PUT', { bucket: B, key: 'extra.txt', body: 'e' })).status).toBe(200);
    await expect(t.emulator.reset()).resolves.toMatchObject({ buckets: [B], seeded: 2 });
    expect(await keys(url)).toEqual(['one.txt', 'sub/two.txt']);
    expect((await oss(url, 'GET', { bucket: B, key: 'one.txt' })).text).toBe('1');
    await writeFile(join(dir, 'three.txt'), '3');
    const res = await fetch(`${url}/_ossbox/state`, { method: 'DELETE' });
    expect(await res.json()).toMatchObject({ seeded: 3 });
    expect(await keys(url)).toEqual(['one.txt', 'sub/two.txt', 'three.txt']);
  });

  it('a tree that became unimportable rejects the reset and changes nothing', async () => {
    const dir = await fixtures({ 'one.txt': '1' });
    const t = await start({ seed: dir });
    const url = t.emulator.url;
    expect((await oss(url, 'PUT', { bucket: B, key: 'work.txt', body: 'w' })).status).toBe(200);
    await symlink(join(dir, 'missing'), join(dir, 'dangling'));
    await expect(t.emulator.reset()).rejects.toThrow(/--seed: .*dangling: cannot read it/);
    const res = await fetch(`${url}/_ossbox/state`, { method: 'DELETE' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('nothing was changed') });
    expect(await keys(url)).toEqual(['one.txt', 'work.txt']);
  });

  it('refuses a bad tree at start with a clear error, before the data directory is touched', async () => {
    const { dir: location, remove } = await tempDir();
    cleanups.push(remove);
    await provisionCallbackKey(location);
    const first = await startEmulator({ port: 0, location, logLevel: 'silent', buckets: [B] });
    expect((await oss(first.url, 'PUT', { bucket: B, key: 'a.txt', body: 'mine' })).status).toBe(200);
    await first.close();

    const loop = await fixtures({ 'a.txt': 'seed', 'dir/b.txt': 'b' });
    await symlink(loop, join(loop, 'dir', 'back'));
    const long = await fixtures({ 'a.txt': 'seed' });
    const segment = 'd'.repeat(200);
    await mkdir(join(long, ...Array<string>(6).fill(segment)), { recursive: true });
    await writeFile(join(long, ...Array<string>(6).fill(segment), 'f.txt'), 'x');
    const fifo = await fixtures({ 'a.txt': 'seed' });
    await promisify(execFile)('mkfifo', [join(fifo, 'pipe')]);
    const latin1 = await fixtures({ 'a.txt': 'seed' });
    await writeFile(Buffer.concat([Buffer.from(`${latin1}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'x');
    const dangling = await fixtures({ 'a.txt': 'seed' });
    await symlink(join(dangling, 'nowhere'), join(dangling, 'gone.txt'));
    const cases: [string, RegExp][] = [
      [loop, /--seed: .*dir\/back: symbolic link loop/],
      [long, /is not a valid object name \(The Length of Object name must be less than 1024/],
      [fifo, /pipe: not a regular file or directory/],
      [latin1, /file name is not UTF-8/],
      [dangling, /gone\.txt: cannot read it/],
      [join(dangling, 'a.txt'), /a\.txt: not a directory/],
      [join(dangling, 'absent'), /absent: cannot read it/],
    ];
    for (const [seed, message] of cases) {
      const started = startEmulator({ port: 0, location, logLevel: 'silent', buckets: [B], seed });
      await expect(started, seed).rejects.toThrow(ConfigError);
      await expect(started, seed).rejects.toThrow(message);
    }
    const after = await startEmulator({ port: 0, location, logLevel: 'silent', buckets: [B] });
    cleanups.push(() => after.close());
    expect(await keys(after.url)).toEqual(['a.txt']);
    expect((await oss(after.url, 'GET', { bucket: B, key: 'a.txt' })).text).toBe('mine');
  });

  it('keeps a file name byte for byte as its key, a leading U+FEFF included', async () => {
    const dir = await fixtures({ '\uFEFFbom.txt': 'with', 'bom.txt': 'without' });
    const t = await start({ seed: dir });
    expect(await keys(t.emulator.url)).toEqual(['bom.txt', '\uFEFFbom.txt']);
    expect((await oss(t.emulator.url, 'GET', { bucket: B, key: '\uFEFFbom.txt' })).text).toBe('with');
  });

  it('config: <dir> needs exactly one bucket; <bucket>=<dir> from flags and OSSBOX_SEED', () => {
    const argv = (...args: string[]) => ['node', 'ossbox-emulator', ...args];
    expect(resolveConfig({ buckets: [B], seed: 'fixtures' }).seeds).toEqual([{ bucket: B, dir: join(process.cwd(), 'fixtures') }]);
    expect(() => resolveConfig({ seed: 'fixtures' })).toThrow(/--seed fixtures needs exactly one --bucket/);
    expect(() => resolveConfig({ buckets: [B, 'other-bucket'], seed: 'fixtures' })).toThrow(ConfigError);
    expect(() => resolveConfig({ seed: { Bad_Name: 'x' } })).toThrow(/invalid bucket name in --seed: Bad_Name/);
    expect(optionsFromCli(argv('--bucket', B, '--seed', './fx'), {}).seed).toBe('./fx');
    expect(optionsFromCli(argv('--seed', 'img-bucket=./img', '--seed', 'doc-bucket=./doc'), {}).seed).toEqual({ 'img-bucket': './img', 'doc-bucket': './doc' });
    expect(optionsFromCli(argv(), { OSSBOX_SEED: 'img-bucket=./img, doc-bucket=./doc' }).seed).toEqual({ 'img-bucket': './img', 'doc-bucket': './doc' });
    expect(() => optionsFromCli(argv('--seed', './a', '--seed', 'doc-bucket=./doc'), {})).toThrow(/each is <bucket>=<dir>/);
    expect(() => optionsFromCli(argv('--seed', 'doc-bucket=./a', '--seed', 'doc-bucket=./b'), {})).toThrow(/given twice/);
  });
});
