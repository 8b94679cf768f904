import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliProgram, optionsFromCli } from './cli-options.js';
import { ConfigError, resolveConfig } from './config.js';

const argv = (...args: string[]) => ['node', 'ossbox-emulator', ...args];

describe('config', () => {
  it('defaults', () => {
    const config = resolveConfig();
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 9000,
      region: 'cn-hangzhou',
      hostnames: ['localhost', '127.0.0.1'],
      minPartSize: 102400,
      accessKeys: [{ accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' }],
    });
    expect(config.location).toMatch(/\.ossbox-data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads flags, with repeatable buckets and key pairs', () => {
    const options = optionsFromCli(
      argv('--port', '0', '--bucket', 'one-1', '--bucket', 'two-2', '--access-key-id', 'a', '--access-key-secret', 'sa',
        '--access-key-id', 'b', '--access-key-secret', 'sb', '--region', 'oss-cn-beijing', '--debug'),
      {},
    );
    expect(options).toMatchObject({
      port: 0,
      buckets: ['one-1', 'two-2'],
      accessKeys: [
        { accessKeyId: 'a', accessKeySecret: 'sa' },
        { accessKeyId: 'b', accessKeySecret: 'sb' },
      ],
      logLevel: 'debug',
    });
    expect(resolveConfig(options).region).toBe('cn-beijing');
  });

  it('reads OSSBOX_* variables; flags win', () => {
    const env = { OSSBOX_PORT: '1234', OSSBOX_BUCKET: 'env-a, env-b', OSSBOX_SILENT: '1', OSSBOX_HOST: '0.0.0.0' };
    expect(optionsFromCli(argv(), env)).toMatchObject({ port: 1234, buckets: ['env-a', 'env-b'], logLevel: 'silent', host: '0.0.0.0' });
    expect(optionsFromCli(argv('--port', '5'), env).port).toBe(5);
  });

  it('rejects bad values', () => {
    expect(() => optionsFromCli(argv('--port', 'abc'), {})).toThrow(ConfigError);
    expect(() => optionsFromCli(argv('--access-key-id', 'a'), {})).toThrow(/same number of times/);
    expect(() => resolveConfig({ minPartSize: -1 })).toThrow(ConfigError);
  });

  // A value read from process.env is a string: "invalid port: 9000" hid that, the value looked right.
  it.each([
    ['port', 'invalid port: "9000" (a number from 0 to 65535; 0 picks a free port)'],
    ['minPartSize', 'invalid minPartSize: "9000"'],
    ['callbackTimeoutMs', 'invalid callback timeout: "9000" (a positive number of milliseconds)'],
    ['headerTimeoutMs', 'invalid header timeout: "9000" (a positive number of milliseconds)'],
    ['idleTimeoutMs', 'invalid idle timeout: "9000" (milliseconds, 0 for none)'],
    ['maxConnections', 'invalid max connections: "9000" (0 for no cap)'],
    ['restoreDelayMs', 'invalid restore delay: "9000" (milliseconds, 0 for at once)'],
    ['stsMinDurationSeconds', 'invalid STS minimum duration: "9000" (1 to 3600 seconds)'],
  ])('a number option given as a string (%s) is refused, quoted as a string', (name, message) => {
    expect(() => resolveConfig({ [name]: '9000' })).toThrow(new ConfigError(message));
  });

  it('--help documents every flag with its environment variable', () => {
    const help = createCliProgram().helpInformation();
    for (const env of ['OSSBOX_HOST', 'OSSBOX_PORT', 'OSSBOX_LOCATION', 'OSSBOX_BUCKET', 'OSSBOX_ACCESS_KEY_ID',
      'OSSBOX_ACCESS_KEY_SECRET', 'OSSBOX_REGION', 'OSSBOX_HOSTNAME', 'OSSBOX_SILENT', 'OSSBOX_DEBUG']) {
      expect(help).toContain(env);
    }
    expect(help).toContain('ossbox-secret');
  });

  it('reads the callback flags and their variables', () => {
    const options = optionsFromCli(
      argv('--callback-timeout', '750', '--strict-callback-urls', '--public-url', 'http://emulator:9000/'),
      {},
    );
    expect(options).toMatchObject({ callbackTimeoutMs: 750, strictCallbackUrls: true, publicUrl: 'http://emulator:9000/' });
    const config = resolveConfig(options);
    expect(config).toMatchObject({ callbackTimeoutMs: 750, strictCallbackUrls: true, publicUrl: 'http://emulator:9000' });
    const fromEnv = optionsFromCli(argv(), {
      OSSBOX_CALLBACK_TIMEOUT: '100',
      OSSBOX_STRICT_CALLBACK_URLS: 'true',
      OSSBOX_PUBLIC_URL: 'https://ossbox.example.com',
    });
    expect(fromEnv).toMatchObject({ callbackTimeoutMs: 100, strictCallbackUrls: true, publicUrl: 'https://ossbox.example.com' });
    expect(resolveConfig()).toMatchObject({ callbackTimeoutMs: 5000, strictCallbackUrls: false, publicUrl: undefined });
  });

  it('rejects a bad callback timeout or public URL', () => {
    expect(() => optionsFromCli(argv('--callback-timeout', 'soon'), {})).toThrow(ConfigError);
    expect(() => resolveConfig({ callbackTimeoutMs: 0 })).toThrow(ConfigError);
    expect(() => resolveConfig({ publicUrl: 'ftp://x' })).toThrow(ConfigError);
    expect(() => resolveConfig({ publicUrl: 'http://x/?a=1' })).toThrow(ConfigError);
    expect(() => resolveConfig({ publicUrl: 'not a url' })).toThrow(ConfigError);
  });

  it('reads the connection limits from flags and variables, idle-based with defaults that keep slow uploads', () => {
    expect(resolveConfig()).toMatchObject({ headerTimeoutMs: 60_000, idleTimeoutMs: 60_000, maxConnections: 512 });
    const options = optionsFromCli(argv('--header-timeout', '1000', '--idle-timeout', '0', '--max-connections', '8'), {});
    expect(resolveConfig(options)).toMatchObject({ headerTimeoutMs: 1000, idleTimeoutMs: 0, maxConnections: 8 });
    const fromEnv = optionsFromCli(argv(), { OSSBOX_HEADER_TIMEOUT: '2000', OSSBOX_IDLE_TIMEOUT: '3000', OSSBOX_MAX_CONNECTIONS: '0' });
    expect(fromEnv).toMatchObject({ headerTimeoutMs: 2000, idleTimeoutMs: 3000, maxConnections: 0 });
    expect(() => resolveConfig({ headerTimeoutMs: 0 })).toThrow(ConfigError);
    expect(() => resolveConfig({ idleTimeoutMs: -1 })).toThrow(ConfigError);
    expect(() => optionsFromCli(argv('--max-connections', 'many'), {})).toThrow(ConfigError);
  });

  it('reads --admin-token and OSSBOX_ADMIN_TOKEN (flag wins); generates one beyond loopback; rejects a bad one', () => {
    expect(optionsFromCli(argv(), { OSSBOX_ADMIN_TOKEN: 'from-env-token' }).adminToken).toBe('from-env-token');
    expect(optionsFromCli(argv('--admin-token', 'from-flag-token'), { OSSBOX_ADMIN_TOKEN: 'from-env-token' }).adminToken).toBe('from-flag-token');
    expect(createCliProgram().helpInformation()).toContain('OSSBOX_ADMIN_TOKEN');
    expect(resolveConfig().adminToken).toBeUndefined();
    expect(resolveConfig({ host: '::1' }).adminToken).toBeUndefined();
    expect(resolveConfig({ adminToken: 'configured-1' }).adminToken).toBe('configured-1');
    expect(resolveConfig({ host: '0.0.0.0', adminToken: 'configured-1' }).adminToken).toBe('configured-1');
    const generated = resolveConfig({ host: '0.0.0.0' }).adminToken;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(resolveConfig({ host: '192.168.1.10' }).adminToken).not.toBe(generated);
    for (const bad of ['short', 'has space-1', 'semi;colon1']) {
      expect(() => resolveConfig({ adminToken: bad }), bad).toThrow(/invalid admin token \(at least 8 characters/);
    }
  });

  it('reads --cors-allow-origin (repeatable) and OSSBOX_CORS_ALLOW_ORIGIN; rejects an origin with two *', () => {
    const options = optionsFromCli(argv('--cors-allow-origin', 'http://127.0.0.1:5173', '--cors-allow-origin', '*'), {});
    expect(resolveConfig(options).corsAllowOrigins).toEqual(['http://127.0.0.1:5173', '*']);
    const fromEnv = optionsFromCli(argv(), { OSSBOX_CORS_ALLOW_ORIGIN: 'http://localhost:3000, http://*.example.com' });
    expect(resolveConfig(fromEnv).corsAllowOrigins).toEqual(['http://localhost:3000', 'http://*.example.com']);
    expect(resolveConfig().corsAllowOrigins).toEqual([]);
    expect(createCliProgram().helpInformation()).toContain('OSSBOX_CORS_ALLOW_ORIGIN');
    expect(() => resolveConfig({ corsAllowOrigins: ['http://*.*.example.com'] })).toThrow(ConfigError);
    expect(() => resolveConfig({ corsAllowOrigins: [' '] })).toThrow(ConfigError);
  });

  it('reads --role <arn>=<policy file> (repeatable) and OSSBOX_ROLE; rejects bad ARNs, policies and files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossbox-config-'));
    try {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:PutObject', Resource: 'acs:oss:*:*:b/*' }] }));
      const arn = 'acs:ram::1234567890123456:role/uploader';
      const config = resolveConfig(optionsFromCli(argv('--role', `${arn}=${file}`, '--sts-min-duration', '5'), {}));
      expect(config.roles).toEqual([
        { arn, account: '1234567890123456', name: 'uploader', policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:PutObject'], Resource: ['acs:oss:*:*:b/*'] }] } },
      ]);
      expect(config.stsMinDurationSeconds).toBe(5);
      expect(resolveConfig(optionsFromCli(argv(), { OSSBOX_ROLE: `${arn}=${file}` })).roles).toHaveLength(1);
      expect(resolveConfig().roles).toEqual([]);
      expect(resolveConfig().stsMinDurationSeconds).toBe(900);
      expect(() => optionsFromCli(argv('--role', `${arn}=${join(dir, 'missing.json')}`), {})).toThrow(ConfigError);
      expect(() => optionsFromCli(argv('--role', arn), {})).toThrow(ConfigError);
      expect(() => resolveConfig({ roles: { 'role/uploader': {} } })).toThrow(/invalid role ARN/);
      expect(() => resolveConfig({ roles: { [arn]: '{"Version":"1"}' } })).toThrow(/invalid policy for role/);
      expect(() => resolveConfig({ stsMinDurationSeconds: 0 })).toThrow(ConfigError);
      expect(createCliProgram().helpInformation()).toContain('OSSBOX_ROLE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
