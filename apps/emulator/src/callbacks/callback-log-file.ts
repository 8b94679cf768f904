/**
 * The callback attempt log kept in the data directory, so `GET /_ossbox/callbacks` survives a
 * restart (e.g. `pnpm dev`'s live reload). One JSON line per attempt in
 * {@link CALLBACK_LOG_FILE}; the file is rewritten with the newest `capacity` attempts whenever
 * it reaches twice that many lines, so it stays bounded.
 */
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallbackLog } from './callback-log.js';
import type { CallbackAttempt, CallbackLogOptions } from './callback-log.js';

/** File name of the log inside the data directory. */
export const CALLBACK_LOG_FILE = 'callback-attempts.jsonl';

/**
 * A {@link CallbackLog} that also appends each attempt to `<location>/callback-attempts.jsonl`
 * and starts with the attempts found there (newest `capacity`). A torn last line (a crash while
 * appending) is skipped. Writes are synchronous: one short line per callback attempt.
 *
 * @example
 * const log = openCallbackLogFile(config.location);
 * log.query({ limit: 5 }); // the last attempts, also from before the restart
 */
export class CallbackLogFile extends CallbackLog {
  readonly path: string;
  #lines: number;

  constructor(location: string, options: CallbackLogOptions = {}) {
    super(options);
    this.path = join(location, CALLBACK_LOG_FILE);
    const { attempts, torn } = readAttempts(this.path);
    for (const attempt of attempts.slice(-this.capacity)) super.record(attempt);
    this.#lines = attempts.length;
    // Appending after a torn line would glue the next attempt to it: start from a clean file.
    if (torn) this.#rewrite();
  }

  override record(attempt: CallbackAttempt): void {
    super.record(attempt);
    if (this.#lines + 1 >= 2 * this.capacity) {
      this.#rewrite();
    } else {
      appendFileSync(this.path, `${JSON.stringify(attempt)}\n`);
      this.#lines += 1;
    }
  }

  /** Replace the file with the attempts kept in memory (oldest first), atomically. */
  #rewrite(): void {
    const kept = this.query().reverse();
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, kept.map((attempt) => `${JSON.stringify(attempt)}\n`).join(''));
    renameSync(temporary, this.path);
    this.#lines = kept.length;
  }
}

function readAttempts(path: string): { attempts: CallbackAttempt[]; torn: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { attempts: [], torn: false };
    throw error;
  }
  const attempts: CallbackAttempt[] = [];
  let torn = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      attempts.push(JSON.parse(line) as CallbackAttempt);
    } catch {
      // A line cut short by a crash while appending: nothing to recover from it.
      torn = true;
    }
  }
  return { attempts, torn };
}
