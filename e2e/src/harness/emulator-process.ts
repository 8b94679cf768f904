import { startCli, type CliProcess } from './cli-process.js';
import { loopbackListen } from './free-port.js';
import { cliPaths } from './paths.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/** The credentials the emulator accepts by default (its `--access-key-id` / `--access-key-secret`). */
export const emulatorCredentials = {
  accessKeyId: 'ossbox',
  accessKeySecret: 'ossbox-secret',
} as const;

/** Options of {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  /** Buckets created at start (`--bucket`, repeatable). */
  buckets?: string[];
  /** Data directory (`--location`); a temp dir, removed by `dispose()`, when omitted. */
  dataDir?: string;
  /** Port; a free one when omitted. */
  port?: number;
  /** Per-attempt callback timeout (`--callback-timeout`, ms). */
  callbackTimeoutMs?: number;
  /** Extra flags. */
  args?: string[];
}

/** An `ossbox-emulator` child process. */
export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The prefix a receiver must trust to accept this emulator's callbacks. */
  readonly keyUrlPrefixes: string[];
  /** The underlying child process; replaced by {@link EmulatorProcess.restart}. */
  readonly process: CliProcess;
  /** Stops the process (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory when the harness created it. */
  dispose(): Promise<void>;
}

/**
 * Starts the built `ossbox-emulator` CLI on a free port with a temporary data directory, and waits
 * for `GET /_ossbox/health`.
 */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir('emulator'));
  const { port, url, args: listen } = await loopbackListen(options.port);
  const args = [
    ...listen,
    '--location',
    dataDir,
    '--access-key-id',
    emulatorCredentials.accessKeyId,
    '--access-key-secret',
    emulatorCredentials.accessKeySecret,
    ...(options.buckets ?? []).flatMap((bucket) => ['--bucket', bucket]),
    ...(options.callbackTimeoutMs === undefined
      ? []
      : ['--callback-timeout', String(options.callbackTimeoutMs)]),
    ...(options.args ?? []),
  ];
  const launch = (): Promise<CliProcess> =>
    startCli({ name: 'emulator', script: cliPaths.emulator, args, url });

  let current: CliProcess;
  try {
    current = await launch();
  } catch (error) {
    if (ownsDataDir) await removeDir(dataDir);
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    // The emulator builds its key URL from its listening URL.
    keyUrlPrefixes: [`${url}/_ossbox/`],
    get process() {
      return current;
    },
    stop: () => current.stop(),
    async restart() {
      await current.stop();
      current = await launch();
    },
    async dispose() {
      await current.stop();
      if (ownsDataDir) await removeDir(dataDir);
    },
  };
}
