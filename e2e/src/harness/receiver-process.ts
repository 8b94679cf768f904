import { startCli, type CliProcess } from './cli-process.js';
import { loopbackListen } from './free-port.js';
import { cliPaths } from './paths.js';

/** Options of {@link startReceiverProcess}. */
export interface ReceiverProcessOptions {
  /** Public-key URL prefixes to trust (`--trust-key-url-prefix`, repeatable); none when omitted. */
  trustKeyUrlPrefixes?: string[];
  /** Port; a free one when omitted. */
  port?: number;
}

/** An `ossbox-receiver` child process. */
export interface ReceiverProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly process: CliProcess;
  stop(): Promise<void>;
}

/** Starts the built `ossbox-receiver` CLI on a free port and waits for `GET /_ossbox/health`. */
export async function startReceiverProcess(options: ReceiverProcessOptions = {}): Promise<ReceiverProcess> {
  const { port, url, args: listen } = await loopbackListen(options.port);
  const args = [
    ...listen,
    ...(options.trustKeyUrlPrefixes ?? []).flatMap((prefix) => ['--trust-key-url-prefix', prefix]),
  ];
  const child = await startCli({
    name: 'receiver',
    script: cliPaths.receiver,
    args,
    url,
    // Only the flags decide what is trusted, whatever the developer's shell exports.
    env: { OSSBOX_TRUST_KEY_URL_PREFIX: '' },
  });
  return { url, port, process: child, stop: () => child.stop() };
}
