/**
 * Start and stop the receiver programmatically (the CLI and the e2e suite both use this).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { createCallbackVerifier } from '@ossbox/callback';
import type { CallbackVerifierOptions } from '@ossbox/callback';
import { findUnknownOption, generateAdminToken, invalidPortMessage, isLoopbackHost } from '@ossbox/protocol';
import { createApp } from './app.js';
import { CallbackLog, DEFAULT_HISTORY_SIZE } from './callback-log.js';
import { DEFAULT_RECEIVER_HOST, DEFAULT_RECEIVER_PORT, ReceiverConfigError } from './config.js';

/** Options of {@link startReceiver}. */
export interface ReceiverOptions {
  /** Port (default 9001; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Key URL prefixes trusted in addition to the official ones, e.g. the emulator's. */
  trustedKeyUrlPrefixes?: readonly string[];
  /** Further verifier options (`publicKeys`, `trustOfficialKeyUrls`, `fetch`, limits). */
  verifierOptions?: Omit<CallbackVerifierOptions, 'trustedKeyUrlPrefixes'>;
  /** Logger (default: pino to stdout at `info`, or silent with `silent`). */
  logger?: Logger;
  /** No logging at all (ignored when `logger` is given). */
  silent?: boolean;
  /** How many callbacks `GET /_ossbox/callbacks` keeps (default 100). */
  historySize?: number;
  /**
   * Token `/_ossbox/callbacks` requires as `Authorization: Bearer <token>`. Default: none on a
   * loopback `host`, a generated one on any other interface (see {@link RunningReceiver.adminToken}).
   */
  adminToken?: string;
}

/** Every name of {@link ReceiverOptions}: checked against the type, so the list cannot drift. */
const KNOWN_OPTIONS = {
  port: true,
  host: true,
  trustedKeyUrlPrefixes: true,
  verifierOptions: true,
  logger: true,
  silent: true,
  historySize: true,
  adminToken: true,
} satisfies Record<keyof ReceiverOptions, true>;

/** Spellings of the CLI, of the emulator and of the verifier that mean one of the options. */
const INSTEAD: Record<string, string> = {
  trustKeyUrlPrefix: 'trustedKeyUrlPrefixes',
  logLevel: 'silent: true (or logger)',
  publicKeys: 'verifierOptions: { publicKeys }',
  trustOfficialKeyUrls: 'verifierOptions: { trustOfficialKeyUrls }',
};

/**
 * An option name the receiver does not know, which TypeScript catches only in an object literal:
 * ignored, `{ trustKeyUrlPrefix }` (the CLI's flag) left the emulator untrusted, every callback 400.
 */
function checkOptionNames(options: object): void {
  const unknown = findUnknownOption(options, KNOWN_OPTIONS, INSTEAD);
  if (unknown) throw new ReceiverConfigError(unknown.message);
}

/**
 * `port` and `historySize` are numbers: a string (a port read from `process.env`) went to
 * net.Server.listen, which takes `'abc'` for a pipe path, and `historySize` failed as a RangeError
 * that named no option.
 */
function checkNumbers(options: ReceiverOptions): void {
  const { port, historySize } = options;
  const badPort = port === undefined ? undefined : invalidPortMessage(port);
  if (badPort) throw new ReceiverConfigError(badPort);
  if (historySize !== undefined && (!Number.isSafeInteger(historySize) || historySize < 1)) {
    throw new ReceiverConfigError(`invalid historySize: ${JSON.stringify(historySize)} (a positive number of callbacks)`);
  }
}

/** A running receiver. */
export interface RunningReceiver {
  /** Base URL, e.g. `http://127.0.0.1:9001`. */
  url: string;
  port: number;
  host: string;
  /** The trusted key URL prefixes in effect (official ones included unless turned off). */
  trustedKeyUrlPrefixes: readonly string[];
  /** The received callbacks, as `GET /_ossbox/callbacks` lists them. */
  log: CallbackLog;
  /** The token `/_ossbox/callbacks` requires, undefined when it is open (loopback, none set). */
  adminToken: string | undefined;
  /** Stop listening, end pending delayed replies and close open connections. */
  close(): Promise<void>;
}

/**
 * Start a receiver. Rejects when the options are invalid (e.g. a bad key URL prefix) or the
 * port cannot be bound.
 *
 * @example
 * const receiver = await startReceiver({ port: 0, trustedKeyUrlPrefixes: [emulator.url + '/'], silent: true });
 * // callbackUrl: `${receiver.url}/oss/callback`
 * await receiver.close();
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<RunningReceiver> {
  checkOptionNames(options);
  checkNumbers(options);
  const verifier = createCallbackVerifier({
    ...options.verifierOptions,
    trustedKeyUrlPrefixes: options.trustedKeyUrlPrefixes ?? [],
  });
  const logger = options.logger ?? pino({ level: options.silent === true ? 'silent' : 'info' });
  const log = new CallbackLog(options.historySize ?? DEFAULT_HISTORY_SIZE);
  const shutdown = new AbortController();
  const host = options.host ?? DEFAULT_RECEIVER_HOST;
  const adminToken = options.adminToken ?? (isLoopbackHost(host) ? undefined : generateAdminToken());
  const app = createApp({ verifier, log, logger, signal: shutdown.signal, ...(adminToken !== undefined && { adminToken }) });
  const server = createServer(app);

  server.listen(options.port ?? DEFAULT_RECEIVER_PORT, host);
  // events.once rejects when 'error' fires first (e.g. EADDRINUSE) and removes its listeners
  // either way, so no stray 'error' listener outlives start-up.
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    trustedKeyUrlPrefixes: verifier.options.trustedKeyUrlPrefixes.map((prefix) => prefix.source),
    log,
    adminToken,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
