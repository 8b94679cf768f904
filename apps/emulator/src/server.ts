/** Starting and stopping the emulator on a real port. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { EmulatorConfig, EmulatorOptions } from './config.js';
import { resolveConfig } from './config.js';
import { markAwaitingContinue } from './http/expect-continue.js';
import { createLogger } from './logger.js';
import { openStorage } from './store/storage.js';

/** Options of {@link startEmulator}: the config options plus in-process extras. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** Logger to use instead of one made from `logLevel`. */
  logger?: Logger;
  /** Routers mounted under `/_ossbox/`. */
  internalRouters?: readonly Router[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:9000`. */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  config: EmulatorConfig;
  /** Stop listening, drop open connections and close the store. */
  close(): Promise<void>;
}

/**
 * Open the data directory, create the configured buckets and listen.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0, location: dir, buckets: ['examplebucket'] });
 * // ... point an OSS client at emulator.url with access key ossbox / ossbox-secret
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(options);
  const logger = options.logger ?? createLogger(config.logLevel);
  const storage = await openStorage(config.location);
  if (storage.swept.tempFiles + storage.swept.orphanBlobs > 0) {
    logger.info(storage.swept, 'removed leftovers of interrupted writes');
  }
  for (const name of config.buckets) {
    storage.meta.createBucket({ name, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
  }
  const app = createApp({ config, storage, logger, internalRouters: options.internalRouters ?? [] });
  const server = createServer(app);
  // Answer `Expect: 100-continue` from the app, after authentication (http/expect-continue.ts).
  server.on('checkContinue', (req, res) => {
    markAwaitingContinue(req);
    app(req, res);
  });
  // Large uploads may legitimately take longer than Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    config,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          storage.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
