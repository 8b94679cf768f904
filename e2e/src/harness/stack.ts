import { Client, type Bucket } from '@ossbox/sdk';
import { emulatorCredentials, startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
import { startReceiverProcess, type ReceiverProcess } from './receiver-process.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/** The bucket every stack creates at start. */
export const E2E_BUCKET = 'e2e-bucket';

/** Options of {@link startStack}. */
export interface StackOptions {
  /** The emulator's per-attempt callback timeout (ms). */
  callbackTimeoutMs?: number;
  /** Extra emulator flags (e.g. `--role`). */
  emulatorArgs?: string[];
}

/** An emulator and a receiver that trusts it, plus an SDK client and a scratch directory. */
export interface Stack {
  readonly emulator: EmulatorProcess;
  readonly receiver: ReceiverProcess;
  readonly client: Client;
  readonly bucket: Bucket;
  /** A temp directory for local files, removed by `dispose()`. */
  readonly workDir: string;
  /** A new SDK client for `endpoint` (default: the emulator), with the emulator's credentials. */
  newClient(endpoint?: string): Client;
  dispose(): Promise<void>;
}

/**
 * Starts `ossbox-emulator` (with bucket {@link E2E_BUCKET}) and `ossbox-receiver` trusting the
 * emulator's public-key URL, each as a child process on a free port.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const workDir = await makeTempDir('work');
  const emulator = await startEmulatorProcess({
    buckets: [E2E_BUCKET],
    callbackTimeoutMs: options.callbackTimeoutMs,
    args: options.emulatorArgs,
  }).catch(async (error: unknown) => {
    await removeDir(workDir);
    throw error;
  });
  const receiver = await startReceiverProcess({ trustKeyUrlPrefixes: emulator.keyUrlPrefixes }).catch(
    async (error: unknown) => {
      await emulator.dispose();
      await removeDir(workDir);
      throw error;
    },
  );
  const newClient = (endpoint = emulator.url): Client => new Client({ endpoint, ...emulatorCredentials });
  const client = newClient();
  return {
    emulator,
    receiver,
    client,
    bucket: client.getBucket(E2E_BUCKET),
    workDir,
    newClient,
    async dispose() {
      await Promise.all([emulator.dispose(), receiver.stop()]);
      await removeDir(workDir);
    },
  };
}
