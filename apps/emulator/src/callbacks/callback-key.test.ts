import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_KEY_FILE, loadOrCreateCallbackKey } from './callback-key.js';

describe('loadOrCreateCallbackKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ossbox-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 2048-bit RSA key with mode 0600 and reuses it on the next load', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = await loadOrCreateCallbackKey(dataDir);
    const file = join(dataDir, CALLBACK_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.privateKey.asymmetricKeyType).toBe('rsa');
    expect(first.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    const second = await loadOrCreateCallbackKey(dataDir);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    const signature = sign('md5', Buffer.from('x'), second.privateKey);
    expect(verify('md5', Buffer.from('x'), createPublicKey(first.publicKeyPem), signature)).toBe(true);
  });

  it('agrees on one key when two loads race on an empty directory', async () => {
    const [a, b] = await Promise.all([loadOrCreateCallbackKey(dir), loadOrCreateCallbackKey(dir)]);
    expect(a.publicKeyPem).toBe(b.publicKeyPem);
    expect((await loadOrCreateCallbackKey(dir)).publicKeyPem).toBe(a.publicKeyPem);
  });

  it('refuses a corrupt key file and leaves it untouched', async () => {
    const file = join(dir, CALLBACK_KEY_FILE);
    await writeFile(file, 'not a key');
    await expect(loadOrCreateCallbackKey(dir)).rejects.toThrow(/callback-key\.pem is not a valid private key PEM/);
    expect(await readFile(file, 'utf8')).toBe('not a key');
  });

  it('refuses a non-RSA key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(join(dir, CALLBACK_KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadOrCreateCallbackKey(dir)).rejects.toThrow(/holds a ec key/);
  });
});
