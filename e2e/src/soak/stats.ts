/** Latency samples per operation and the process probes the soak prints (Linux `/proc`). */
import { readdir, readFile } from 'node:fs/promises';

/** Latencies (ms) and counts per operation name. */
export class OperationStats {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  readonly errors: string[] = [];

  /** Time `run` as one `name` request; a throw is counted as an error (first 20 kept). */
  async time<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const value = await run();
      let list = this.samples.get(name);
      if (!list) this.samples.set(name, (list = []));
      list.push(performance.now() - started);
      return value;
    } catch (error) {
      this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
      if (this.errors.length < 20) this.errors.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Requests done so far, errors included. */
  get total(): number {
    let n = 0;
    for (const list of this.samples.values()) n += list.length;
    for (const count of this.failures.values()) n += count;
    return n;
  }

  get errorCount(): number {
    let n = 0;
    for (const count of this.failures.values()) n += count;
    return n;
  }

  /** One row per operation: count, errors, p50 and p99 in ms. */
  table(): string {
    const names = [...new Set([...this.samples.keys(), ...this.failures.keys()])].sort();
    const rows = names.map((name) => {
      const sorted = [...(this.samples.get(name) ?? [])].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
      return [name, String(sorted.length), String(this.failures.get(name) ?? 0), at(0.5).toFixed(1), at(0.99).toFixed(1)];
    });
    const header = ['operation', 'done', 'errors', 'p50 ms', 'p99 ms'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [line(header), ...rows.map(line)].join('\n');
  }
}

/** Resident memory (MiB) and open descriptors of a process, from `/proc/<pid>`. */
export async function probe(pid: number): Promise<{ rssMiB: number; fds: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  return { rssMiB: Math.round((kib / 1024) * 10) / 10, fds };
}
