import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signCallbackRequest } from '@ossbox/callback/testing';
import { startReceiver } from './server.js';
import type { ReceiverOptions, RunningReceiver } from './server.js';
import { ReceiverConfigError } from './config.js';
import { KEY_URL, signed, testKeys } from './test-support/callbacks.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((fn) => fn()));
});

async function start(options: Parameters<typeof startReceiver>[0]): Promise<RunningReceiver> {
  const receiver = await startReceiver({ port: 0, silent: true, ...options });
  cleanup.push(() => receiver.close());
  return receiver;
}

function send(base: string, req: ReturnType<typeof signed>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const outgoing = httpRequest({ hostname, port, method: 'POST', path: req.url, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

describe('startReceiver()', () => {
  it('listens on a free port and verifies with a key fetched from a trusted prefix (as from the emulator)', async () => {
    const keyServer: Server = createServer((_req, res) => res.end(testKeys().publicKeyPem));
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => keyServer.close(resolve)));
    const keyBase = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/`;

    const receiver = await start({ trustedKeyUrlPrefixes: [keyBase] });
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.trustedKeyUrlPrefixes).toEqual(['http://gosspublic.alicdn.com/', 'https://gosspublic.alicdn.com/', keyBase]);

    const req = signCallbackRequest({
      privateKey: testKeys().privateKey,
      publicKeyUrl: `${keyBase}callback_pub_key_v1.pem`,
      url: '/oss/cb?',
      body: 'bucket=b&object=o',
    });
    const res = await send(receiver.url, req);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ Status: 'OK', path: '/oss/cb', body: { bucket: 'b', object: 'o' } });
    expect(receiver.log.list()[0]).toMatchObject({ url: '/oss/cb?', verified: true });
  });

  it('rejects bad options and busy ports', async () => {
    await expect(startReceiver({ port: 0, silent: true, trustedKeyUrlPrefixes: ['nope'] })).rejects.toThrow(TypeError);
    const first = await start({});
    await expect(startReceiver({ port: first.port, silent: true })).rejects.toThrow(/EADDRINUSE/);
  });

  // A port read from process.env is a string: net.Server.listen took '0' as a port and 'abc' as a
  // pipe path (the receiver then said it listened on http://127.0.0.1:undefined), -1 was a bare
  // RangeError. Both options are numbers, refused otherwise as startEmulator refuses them.
  it('rejects a port or historySize that is not a number in range, naming the option and the value', async () => {
    const attempt = (options: object) => start(options as ReceiverOptions);
    for (const port of ['0', 'abc', -1, 65536, 1.5]) {
      await expect(attempt({ port })).rejects.toThrow(
        new ReceiverConfigError(`invalid port: ${JSON.stringify(port)} (a number from 0 to 65535; 0 picks a free port)`),
      );
    }
    for (const historySize of ['5', 0]) {
      await expect(attempt({ historySize })).rejects.toThrow(
        new ReceiverConfigError(`invalid historySize: ${JSON.stringify(historySize)} (a positive number of callbacks)`),
      );
    }
  });

  it('rejects option names it does not know, saying what to write (JavaScript callers, spread objects)', async () => {
    // Were a name let through, the receiver would start: on a free port, then.
    const attempt = (options: object) => start(options as ReceiverOptions);
    // The CLI's --trust-key-url-prefix, the emulator's logLevel, a verifier option at the top.
    await expect(attempt({ trustKeyUrlPrefix: 'http://127.0.0.1:9000/' })).rejects.toThrow(
      new ReceiverConfigError('unknown option: trustKeyUrlPrefix (did you mean trustedKeyUrlPrefixes?)'),
    );
    await expect(attempt({ logLevel: 'silent' })).rejects.toThrow('unknown option: logLevel (did you mean silent: true (or logger)?)');
    await expect(attempt({ publicKeys: {} })).rejects.toThrow('(did you mean verifierOptions: { publicKeys }?)');
    await expect(attempt({ history: 5 })).rejects.toThrow('unknown option: history (did you mean historySize?)');
  });

  it('close() ends a reply held by ossbox-delay instead of waiting for it', async () => {
    const receiver = await startReceiver({ port: 0, silent: true, verifierOptions: { publicKeys: { [KEY_URL]: testKeys().publicKey } } });
    const pending = send(receiver.url, signed('/cb?ossbox-delay=30000', 'a=1')).then(
      () => 'answered',
      () => 'connection closed',
    );
    for (let i = 0; i < 100 && receiver.log.list().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(receiver.log.list()).toHaveLength(1);
    const started = Date.now();
    await receiver.close();
    expect(await pending).toBe('connection closed');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('startReceiver() admin token', () => {
  it('is off on loopback unless set, and generated when listening on another interface', async () => {
    const loopback = await start({ host: '127.0.0.1' });
    expect(loopback.adminToken).toBeUndefined();
    expect((await fetch(`${loopback.url}/_ossbox/callbacks`)).status).toBe(200);

    const configured = await start({ host: '127.0.0.1', adminToken: 'configured-token' });
    expect((await fetch(`${configured.url}/_ossbox/callbacks`)).status).toBe(401);

    const open = await start({ host: '0.0.0.0' });
    expect(open.adminToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const url = `http://127.0.0.1:${open.port}/_ossbox/callbacks`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${open.adminToken}` } })).status).toBe(200);
  });
});
