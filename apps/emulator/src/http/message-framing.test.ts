import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../test-support/harness.js';
import { signedHeaders, startTestEmulator } from '../test-support/harness.js';

const B = 'examplebucket';

/** Send raw bytes on one connection; resolve with everything the server wrote until it closed. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(request);
  });
}

function head(method: string, key: string, extra: Record<string, string>): string {
  const headers = { ...signedHeaders(method, { bucket: B, key, headers: { 'Content-Type': 'text/plain' } }), ...extra };
  return `${method} /${B}/${key} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}

describe('Content-Length together with Transfer-Encoding: chunked', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is accepted as OSS accepts it: the chunked body is stored and the connection then closed', async () => {
    // ali-oss putStream with a known length sends both headers.
    const response = await rawExchange(
      t.emulator.port,
      head('PUT', 'framed.txt', { 'Content-Length': '5', 'Transfer-Encoding': 'chunked' }) + '5\r\nhello\r\n0\r\n\r\n',
    );
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    const get = await fetch(`${t.emulator.url}/${B}/framed.txt`, { headers: signedHeaders('GET', { bucket: B, key: 'framed.txt' }) });
    expect(await get.text()).toBe('hello');
  });

  it('serves nothing pipelined after such a request on the same connection', async () => {
    const smuggled = head('DELETE', 'framed.txt', {});
    const response = await rawExchange(
      t.emulator.port,
      head('PUT', 'other.txt', { 'Content-Length': '4', 'Transfer-Encoding': 'chunked' }) + `2\r\nhi\r\n0\r\n\r\n${smuggled}`,
    );
    expect(response.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    const get = await fetch(`${t.emulator.url}/${B}/framed.txt`, { headers: signedHeaders('GET', { bucket: B, key: 'framed.txt' }) });
    expect(get.status).toBe(200);
  });
});
