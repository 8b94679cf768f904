import { describe, expect, it } from 'vitest';
import { ReceiverConfigError, resolveConfig } from './config.js';

describe('resolveConfig()', () => {
  it('applies defaults', () => {
    expect(resolveConfig({}, {})).toEqual({ port: 9001, host: '127.0.0.1', trustedKeyUrlPrefixes: [], silent: false });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      OSSBOX_RECEIVER_PORT: '7000',
      OSSBOX_RECEIVER_HOST: '0.0.0.0',
      OSSBOX_TRUST_KEY_URL_PREFIX: 'http://127.0.0.1:9000/, http://localhost:9000/keys/,',
    };
    expect(resolveConfig({}, env)).toEqual({
      port: 7000,
      host: '0.0.0.0',
      trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/', 'http://localhost:9000/keys/'],
      silent: false,
    });
    expect(
      resolveConfig({ port: '0', host: '::1', trustKeyUrlPrefix: ['http://a.test/', 'http://b.test/'], silent: true }, env),
    ).toEqual({ port: 0, host: '::1', trustedKeyUrlPrefixes: ['http://a.test/', 'http://b.test/'], silent: true });
  });

  it('rejects bad ports', () => {
    expect(() => resolveConfig({ port: 'abc' }, {})).toThrow(ReceiverConfigError);
    expect(() => resolveConfig({ port: '65536' }, {})).toThrow(/--port/);
    expect(() => resolveConfig({}, { OSSBOX_RECEIVER_PORT: '-1' })).toThrow(/OSSBOX_RECEIVER_PORT/);
  });

  it('reads the admin token from the flag or OSSBOX_RECEIVER_ADMIN_TOKEN and rejects short ones', () => {
    expect(resolveConfig({}, {}).adminToken).toBeUndefined();
    expect(resolveConfig({}, { OSSBOX_RECEIVER_ADMIN_TOKEN: 'from-env-token' }).adminToken).toBe('from-env-token');
    expect(resolveConfig({ adminToken: 'from-flag-token' }, { OSSBOX_RECEIVER_ADMIN_TOKEN: 'from-env-token' }).adminToken).toBe('from-flag-token');
    expect(() => resolveConfig({ adminToken: 'short' }, {})).toThrow(ReceiverConfigError);
  });
});
