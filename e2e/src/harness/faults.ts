import type { FaultRule, FaultRuleInput } from '@ossbox/emulator';

/**
 * The emulator's fault rules over its HTTP API (`/_ossbox/faults`), as a test against the CLI
 * process uses them. Types are the emulator's own, so the suite cannot drift from what it serves.
 */
export interface EmulatorFaults {
  /** `POST /_ossbox/faults`: install a rule; resolves with it (its `id`, `matched`, `fired`). */
  add(rule: FaultRuleInput): Promise<FaultRule>;
  /** `GET /_ossbox/faults`: the installed rules with their counters. */
  list(): Promise<FaultRule[]>;
  /** The installed rule `id` with its counters. */
  get(id: string): Promise<FaultRule>;
  /** `DELETE /_ossbox/faults`: remove every rule. */
  clear(): Promise<void>;
}

async function call(url: string, init: RequestInit, expected: number): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** The fault API of the emulator at `emulatorUrl`. */
export function emulatorFaults(emulatorUrl: string): EmulatorFaults {
  const url = `${emulatorUrl}/_ossbox/faults`;
  const list = async () => ((await call(url, {}, 200)) as { faults: FaultRule[] }).faults;
  return {
    add: async (rule) =>
      (await call(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) }, 201)) as FaultRule,
    list,
    async get(id) {
      const rule = (await list()).find((r) => r.id === id);
      if (rule === undefined) throw new Error(`no fault rule ${id}`);
      return rule;
    },
    async clear() {
      await call(url, { method: 'DELETE' }, 200);
    },
  };
}
