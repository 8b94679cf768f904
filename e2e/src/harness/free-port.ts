import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1 and releases it. The CLIs are started on that port
 * (rather than port 0) so the suite knows their URL without parsing their logs.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a probe server'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

/** Where a CLI of the suite listens: the port (a free one unless given), its URL and the flags. */
export async function loopbackListen(port?: number): Promise<{ port: number; url: string; args: string[] }> {
  const chosen = port ?? (await freePort());
  return { port: chosen, url: `http://127.0.0.1:${chosen}`, args: ['--host', '127.0.0.1', '--port', String(chosen)] };
}
