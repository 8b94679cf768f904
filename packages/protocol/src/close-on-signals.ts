/**
 * How both local servers' CLIs (`ossbox-emulator`, `ossbox-receiver`) stop on SIGINT/SIGTERM: one
 * signal closes the server (connections, SSE streams, the emulator's SQLite store) and the process
 * exits 0. Not part of OSS: ossbox's own rule, kept here so the two CLIs cannot drift apart.
 */

/** A server being started: what `startEmulator()` / `startReceiver()` return. */
export interface Closable {
  close(): Promise<void>;
}

/** Options of {@link closeOnSignals}. */
export interface CloseOnSignalsOptions {
  /** Called once, with the first signal, before closing (e.g. to print `received SIGTERM, shutting down`). */
  onSignal?: (signal: NodeJS.Signals) => void;
  /**
   * Milliseconds `close()` may take before the process exits 1 anyway, saying so on stderr, so a
   * signal is never silently swallowed by a close that cannot finish. Default 10 000.
   */
  closeTimeoutMs?: number;
  /** Name the messages on stderr start with, e.g. `ossbox-emulator`. */
  name: string;
}

/** The signals a CLI stops on: Ctrl-C, and what `kill`, Docker and process managers send. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Install SIGINT/SIGTERM handlers that close the server `starting` resolves to, then exit 0
 * (1 when closing fails or outlasts `closeTimeoutMs`). Install them before awaiting `starting`:
 * a signal that arrives while the server starts still closes it once it is up.
 *
 * Only the first signal acts. A repeat while closing is ignored: wrappers (`tsx watch`, pnpm, a
 * terminal's Ctrl-C reaching the whole process group) often deliver the same stop twice within
 * milliseconds, and acting on the second would end the process before the store is closed.
 *
 * @returns `stopping()`, true once a signal was received (e.g. to skip printing the banner).
 * @example
 * ```ts
 * const starting = startEmulator(options);
 * const { stopping } = closeOnSignals(starting, {
 *   name: 'ossbox-emulator',
 *   onSignal: (signal) => process.stdout.write(`received ${signal}, shutting down\n`),
 * });
 * const emulator = await starting;
 * if (!stopping()) printBanner(emulator);
 * ```
 */
export function closeOnSignals(starting: Promise<Closable>, options: CloseOnSignalsOptions): { stopping(): boolean } {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    options.onSignal?.(signal);
    const timeoutMs = options.closeTimeoutMs ?? 10_000;
    const watchdog = setTimeout(() => {
      process.stderr.write(`${options.name}: still closing ${timeoutMs} ms after ${signal}; exiting without waiting\n`);
      process.exit(1);
    }, timeoutMs);
    // Only a close still pending keeps the process alive; the watchdog itself must not.
    watchdog.unref();
    starting
      .then((server) => server.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`${options.name}: error while closing: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  return { stopping: () => stopping };
}
