import { startCli, type CliProcess } from './cli-process.js';
import { emulatorCredentials } from './emulator-process.js';
import { loopbackListen } from './free-port.js';
import { cliPaths } from './paths.js';

/** Options of {@link startWebAppProcess}. */
export interface WebAppProcessOptions {
  /** The emulator the page uploads to. */
  emulatorUrl: string;
  bucket: string;
  /** Port; a free one when omitted (pick it first when the emulator's CORS rule must name it). */
  port?: number;
  /** Largest PostObject upload (`--max-size`, bytes). */
  maxSize?: number;
}

/** The `examples/web-direct-upload` app server as a child process. */
export interface WebAppProcess {
  /** `http://127.0.0.1:<port>`: the page, and the origin the emulator must allow. */
  readonly url: string;
  readonly process: CliProcess;
  stop(): Promise<void>;
}

/** Starts the built example app server and waits until `GET /api/config` answers 200. */
export async function startWebAppProcess(options: WebAppProcessOptions): Promise<WebAppProcess> {
  const { url, args: listen } = await loopbackListen(options.port);
  const args = [
    ...listen,
    '--oss-endpoint',
    options.emulatorUrl,
    '--bucket',
    options.bucket,
    '--access-key-id',
    emulatorCredentials.accessKeyId,
    '--access-key-secret',
    emulatorCredentials.accessKeySecret,
    ...(options.maxSize === undefined ? [] : ['--max-size', String(options.maxSize)]),
  ];
  const child = await startCli({ name: 'web-direct-upload', script: cliPaths.webDirectUpload, args, url, healthPath: '/api/config' });
  return { url, process: child, stop: () => child.stop() };
}
