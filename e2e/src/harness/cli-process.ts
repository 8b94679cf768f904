import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** How much of a child's output is kept for error messages. */
const OUTPUT_LIMIT = 64 * 1024;

/** Options of {@link startCli}. */
export interface StartCliOptions {
  /** A name for messages, e.g. `emulator`. */
  name: string;
  /** The `dist/main.js` to run with the current Node binary. */
  script: string;
  /** Command-line flags. */
  args: string[];
  /** Base URL the child will serve on; readiness is `GET <url><healthPath>` → 200. */
  url: string;
  /** Path answering 200 once the child is ready, default `/_ossbox/health`. */
  healthPath?: string;
  /** How long to wait for readiness before giving up (ms), default 30 000: a loaded CI machine starts slowly. */
  readyTimeoutMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** A CLI started as a child process, serving on {@link CliProcess.url}. */
export interface CliProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the child printed so far (stdout and stderr interleaved, last 64 KiB). */
  output(): string;
  /** SIGTERM, then SIGKILL when the child has not exited after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a built CLI as a child process, as a user would run it, and resolves once its health
 * endpoint answers 200. When the child exits or the timeout passes first, the error carries the
 * child's output so a failing start explains itself.
 */
export async function startCli(options: StartCliOptions): Promise<CliProcess> {
  const { name, script, args, url, readyTimeoutMs = 30_000, healthPath = '/_ossbox/health' } = options;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // A test process that ends without stopping its children (crash, timeout) must not leave
  // emulators behind holding ports.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let exited: string | undefined;
  const exitPromise = once(child, 'exit').then(([code, signal]) => {
    process.off('exit', killOnExit);
    exited = `exited with ${code === null ? `signal ${String(signal)}` : `code ${String(code)}`}`;
  });
  child.once('error', (error) => {
    exited = `failed to spawn: ${error.message}`;
  });

  const stop = async (graceMs = 5_000): Promise<void> => {
    if (exited !== undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exitPromise;
    clearTimeout(timer);
  };

  const describe = (): string =>
    `${name} (node ${[script, ...args].join(' ')})\n--- output ---\n${output || '(none)'}\n--------------`;

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`${name} ${exited} before it was ready: ${describe()}`);
    }
    if (await isHealthy(url, healthPath)) break;
    if (Date.now() > deadline) {
      await stop(1_000);
      throw new Error(
        `${name} was not ready at ${url}${healthPath} within ${readyTimeoutMs} ms: ${describe()}`,
      );
    }
    await sleep(50);
  }

  return { name, url, child, output: () => output, stop };
}

/** True when `GET <url><healthPath>` answers 200. */
export async function isHealthy(url: string, healthPath = '/_ossbox/health'): Promise<boolean> {
  try {
    const response = await fetch(`${url}${healthPath}`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
