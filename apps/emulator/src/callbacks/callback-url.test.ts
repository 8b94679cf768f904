import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '@ossbox/protocol';
import {
  assertCallbackUrlsAllowed,
  classifyAddress,
  classifyHost,
  createStrictLookup,
  PRIVATE_ADDRESS_ERROR_CODE,
  refusedKindOf,
} from './callback-url.js';

describe('classifyHost / classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['localhost', 'loopback'],
    ['api.localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['2001:db8::1', 'ipv6'],
    ['::ffff:8.8.8.8', 'ipv6'],
    ['172.32.0.1', 'public'],
    ['172.15.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['oss-demo.aliyuncs.com', 'public'],
  ])('%s is %s', (host, kind) => {
    expect(classifyHost(host)).toBe(kind);
  });

  it('returns undefined for names', () => {
    expect(classifyAddress('example.com')).toBeUndefined();
  });

  it('refusedKindOf flags private results and IPv6-only names', () => {
    const a = (address: string, family: number): LookupAddress => ({ address, family });
    expect(refusedKindOf([a('8.8.8.8', 4), a('2001:db8::1', 6)])).toBeUndefined();
    expect(refusedKindOf([a('8.8.8.8', 4), a('10.0.0.1', 4)])).toBe('private');
    expect(refusedKindOf([a('::1', 6)])).toBe('loopback');
    expect(refusedKindOf([a('2001:db8::1', 6)])).toBe('ipv6');
  });
});

describe('assertCallbackUrlsAllowed', () => {
  const resolveAll = async (name: string): Promise<LookupAddress[]> => {
    const table: Record<string, LookupAddress[]> = {
      'public.test': [{ address: '93.184.216.34', family: 4 }],
      'internal.test': [
        { address: '93.184.216.34', family: 4 },
        { address: '192.168.0.7', family: 4 },
      ],
      'v6only.test': [{ address: '2001:db8::5', family: 6 }],
    };
    const found = table[name];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found;
  };

  it('lets everything through when not strict', async () => {
    await expect(assertCallbackUrlsAllowed(['http://127.0.0.1:1/', 'http://[::1]/'], { strict: false })).resolves.toBeUndefined();
  });

  it('refuses loopback, private and IPv6 literals in strict mode with 400 EC 0007-00000008 (§1.3)', async () => {
    for (const url of ['http://127.0.0.1:9000/cb', '192.168.1.10/cb', 'http://[2001:db8::1]/', 'localhost:3000']) {
      const error = await assertCallbackUrlsAllowed(['http://8.8.8.8/', url], { strict: true, resolveAll }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OssProtocolError);
      expect(error).toMatchObject({
        code: 'InvalidArgument',
        status: 400,
        ec: '0007-00000008',
        message: 'Private address is forbidden to callback',
      });
    }
  });

  it('resolves names in strict mode and checks every address', async () => {
    await expect(assertCallbackUrlsAllowed(['http://public.test/cb'], { strict: true, resolveAll })).resolves.toBeUndefined();
    await expect(assertCallbackUrlsAllowed(['http://internal.test/cb'], { strict: true, resolveAll })).rejects.toMatchObject({
      ec: '0007-00000008',
    });
    await expect(assertCallbackUrlsAllowed(['v6only.test'], { strict: true, resolveAll })).rejects.toMatchObject({
      ec: '0007-00000008',
    });
  });

  it('leaves unresolvable names to delivery (OSS fails them at callback time)', async () => {
    await expect(assertCallbackUrlsAllowed(['http://missing.test/cb'], { strict: true, resolveAll })).resolves.toBeUndefined();
  });
});

describe('createStrictLookup', () => {
  const lookupWith = (addresses: LookupAddress[]) => createStrictLookup(async () => addresses);
  const call = (lookup: ReturnType<typeof createStrictLookup>, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      lookup('name.test', { all }, (err, address, family) => resolve({ err, address, family })),
    );

  it('hands only IPv4 addresses of a public name to the socket', async () => {
    const lookup = lookupWith([
      { address: '2001:db8::1', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
    expect(await call(lookup, true)).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }], family: undefined });
    expect(await call(lookup, false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
  });

  it('fails with its own code when any address is private', async () => {
    const { err } = await call(lookupWith([{ address: '10.0.0.8', family: 4 }]), true);
    expect(err?.code).toBe(PRIVATE_ADDRESS_ERROR_CODE);
  });

  it('passes resolver errors through', async () => {
    const lookup = createStrictLookup(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    const { err } = await call(lookup, false);
    expect(err?.code).toBe('ENOTFOUND');
  });
});
