/**
 * In-process mutual exclusion per object key. Only AppendObject needs it: appends write into
 * the live blob in place, so two appends at the same position must not interleave. Every other
 * write goes to a fresh blob and is made visible by one transactional row swap.
 */

/** Runs callbacks one at a time per lock name. */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Run `task` once every earlier task under `name` has settled. */
  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.#tails.set(name, tail);
    try {
      return await current;
    } finally {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }
}
