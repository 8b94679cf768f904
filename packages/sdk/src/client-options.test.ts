import { describe, expect, it } from 'vitest';
import { Client } from './client.js';
import { InvalidArgumentError } from './errors.js';

const base = { endpoint: 'https://oss-cn-shanghai.aliyuncs.com', accessKeyId: 'ak', accessKeySecret: 'sk' };

function optionError(options: Record<string, unknown>): InvalidArgumentError {
  try {
    new Client({ ...base, ...options } as never);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('Client options', () => {
  it('derives region, addressing style and defaults', () => {
    const c = new Client(base).config;
    expect(c).toMatchObject({ region: 'cn-shanghai', pathStyle: false, signatureVersion: 'v4', retries: 3, crcCheck: true, protocol: 'https:' });
    expect(new Client({ ...base, endpoint: 'oss-cn-beijing-internal.aliyuncs.com' }).config.region).toBe('cn-beijing');
    expect(new Client({ ...base, endpoint: 'http://127.0.0.1:9000' }).config).toMatchObject({ pathStyle: true, region: 'cn-hangzhou' });
    expect(new Client({ ...base, endpoint: 'http://localhost:9000' }).config.pathStyle).toBe(true);
    expect(new Client({ ...base, endpoint: 'http://[::1]:9000' }).config.pathStyle).toBe(true);
    expect(new Client({ ...base, endpoint: 'http://localhost:9000', pathStyle: false }).config.pathStyle).toBe(false);
    expect(new Client({ ...base, region: 'oss-eu-west-1' }).config.region).toBe('eu-west-1');
  });

  it.each([
    [{ endpoint: '' }, 'endpoint'],
    [{ endpoint: 'ftp://x.com' }, 'endpoint'],
    [{ endpoint: 'https://x.com/path' }, 'endpoint'],
    [{ accessKeyId: '' }, 'accessKeyId'],
    [{ accessKeySecret: undefined }, 'accessKeySecret'],
    [{ signatureVersion: 'v2' }, 'signatureVersion'],
    [{ retries: -1 }, 'retries'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ crcCheck: 'yes' }, 'crcCheck'],
    [{ dispatcher: {} }, 'dispatcher'],
    [{ cname: true, pathStyle: true }, 'pathStyle'],
  ])('rejects %j naming the option', (options, option) => {
    const err = optionError(options);
    expect(err.code).toBe('InvalidArgument');
    expect(err.argument).toBe(option);
    expect(err.message).toContain(`"${option}"`);
  });

  it.each([
    // ali-oss's spellings (a JavaScript caller, or a spread object, gets past TypeScript).
    [{ bucket: 'b' }, 'bucket', 'Invalid option "bucket": unknown option; use client.getBucket(name) (a Client is not bound to one bucket)'],
    [{ timeout: 5000 }, 'timeout', 'Invalid option "timeout": unknown option; use timeoutMs'],
    [{ retryMax: 2 }, 'retryMax', 'Invalid option "retryMax": unknown option; use retries'],
    [{ retryDelay: 2 }, 'retryDelay', 'Invalid option "retryDelay": unknown option; use retryDelayMs'],
    [{ endpiont: 'x' }, 'endpiont', 'Invalid option "endpiont": unknown option'],
  ])('rejects the unknown option %j, saying what to use', (options, option, message) => {
    const err = optionError(options);
    expect(err.argument).toBe(option);
    expect(err.message).toBe(message);
  });

  it('validates bucket names and keys', async () => {
    const client = new Client(base);
    expect(() => client.getBucket('Bad_Name')).toThrow(InvalidArgumentError);
    expect(() => client.getBucket('ab')).toThrow(InvalidArgumentError);
    await expect(client.getBucket('good-name').putObject('/leading', { body: 'x' })).rejects.toMatchObject({ code: 'InvalidArgument', argument: 'key' });
  });
});
