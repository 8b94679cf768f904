/**
 * `pnpm soak`: a bounded mixed workload against one emulator and one receiver, both the built
 * CLIs on loopback, for `--duration` seconds (default 120) over `--connections` sockets
 * (default 24). Prints requests done, errors (must be 0), p50/p99 per operation, and each
 * process's RSS and open descriptors at start, middle and end. Exit code 1 on any error.
 *
 * Options: `--duration <s>` / `OSSBOX_SOAK_DURATION`, `--connections <n>` /
 * `OSSBOX_SOAK_CONNECTIONS`, `--keys <n>` per worker / `OSSBOX_SOAK_KEYS` (default 40).
 */
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { Client } from '@ossbox/sdk';
import { emulatorCredentials, startEmulatorProcess, startReceiverProcess } from '../harness/index.js';
import { OperationStats, probe } from './stats.js';
import { runWorker, type WorkloadContext } from './workload.js';

const BUCKET = 'soak-bucket';

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { duration: { type: 'string' }, connections: { type: 'string' }, keys: { type: 'string' } },
  });
  const durationS = positive('--duration', values.duration ?? process.env.OSSBOX_SOAK_DURATION, 120);
  const connections = positive('--connections', values.connections ?? process.env.OSSBOX_SOAK_CONNECTIONS, 24);
  const keys = positive('--keys', values.keys ?? process.env.OSSBOX_SOAK_KEYS, 40);

  const emulator = await startEmulatorProcess({ buckets: [BUCKET], args: ['--silent', '--min-part-size', '1024'] });
  const receiver = await startReceiverProcess({ trustKeyUrlPrefixes: emulator.keyUrlPrefixes });
  const dispatcher = new Agent({ connections });
  try {
    const client = new Client({ endpoint: emulator.url, ...emulatorCredentials, dispatcher, retries: 0 });
    const stats = new OperationStats();
    const probes: { label: string; emulator: Awaited<ReturnType<typeof probe>>; receiver: Awaited<ReturnType<typeof probe>> }[] = [];
    const sample = async (label: string) =>
      probes.push({ label, emulator: await probe(emulator.process.child.pid!), receiver: await probe(receiver.process.child.pid!) });
    await sample('start');
    const started = Date.now();
    const ctx: WorkloadContext = {
      bucket: client.getBucket(BUCKET),
      bucketName: BUCKET,
      emulatorUrl: emulator.url,
      receiverUrl: receiver.url,
      credentials: emulatorCredentials,
      stats,
      deadline: started + durationS * 1000,
      keys,
    };
    process.stdout.write(`soak: ${durationS} s, ${connections} connections, ${keys} keys per worker, emulator ${emulator.url}, receiver ${receiver.url}\n`);
    const middle = setTimeout(() => void sample('middle'), (durationS * 1000) / 2);
    const progress = setInterval(() => process.stdout.write(`  ${Math.round((Date.now() - started) / 1000)} s: ${stats.total} requests, ${stats.errorCount} errors\n`), 15_000);
    await Promise.all(Array.from({ length: connections }, (_, id) => runWorker(ctx, id)));
    clearTimeout(middle);
    clearInterval(progress);
    await sample('end');
    const seconds = (Date.now() - started) / 1000;

    process.stdout.write(`\nrequests done: ${stats.total} in ${seconds.toFixed(1)} s (${(stats.total / seconds).toFixed(0)}/s)\n`);
    process.stdout.write(`errors: ${stats.errorCount}\n`);
    for (const error of stats.errors) process.stdout.write(`  ${error}\n`);
    process.stdout.write(`\n${stats.table()}\n\n`);
    process.stdout.write('process    sample  RSS MiB  open fds\n');
    for (const p of probes) {
      for (const [name, value] of [['emulator', p.emulator], ['receiver', p.receiver]] as const) {
        process.stdout.write(`${name.padEnd(9)}  ${p.label.padEnd(6)}  ${value.rssMiB.toFixed(1).padStart(7)}  ${String(value.fds).padStart(8)}\n`);
      }
    }
    process.exitCode = stats.errorCount === 0 ? 0 : 1;
  } finally {
    await dispatcher.close();
    await Promise.all([emulator.dispose(), receiver.stop()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
