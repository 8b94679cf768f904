// CPU time from Linux's /proc, read by the bench around each upload: per process, its main thread
// alone, and the whole machine. Reading these few files costs microseconds, so the processes
// measured are not disturbed. Elsewhere (no /proc) every figure is undefined and the bench prints
// none of them.
import { readFileSync } from 'node:fs';

/** /proc counts CPU time in USER_HZ ticks, 1/100 s on Linux whatever the kernel's HZ. */
const TICK_S = 0.01;

/** utime + stime (fields 14 and 15) of a /proc stat line, in seconds; the command name may hold spaces. */
function statCpuS(path) {
  const line = readFileSync(path, 'utf8');
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_S;
}

/**
 * CPU seconds used so far by process `pid`: `total` (every thread, those that ended included) and
 * `main` (its main thread: for Node.js the one running JavaScript, the event loop and the socket
 * writes; the others are V8's compiler and GC helpers and libuv's file-system pool).
 */
export function processCpu(pid) {
  try {
    return { total: statCpuS(`/proc/${pid}/stat`), main: statCpuS(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores) so far; idle and iowait count as not busy. */
export function machineCpu() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
    return { busy: (total - ticks[3] - ticks[4]) * TICK_S, total: total * TICK_S };
  } catch {
    return undefined;
  }
}

/** A snapshot of the client (this process), the server process and the machine. */
export function cpuSnapshot(serverPid) {
  return { client: processCpu(process.pid), server: serverPid ? processCpu(serverPid) : undefined, machine: machineCpu() };
}

/**
 * What happened between two snapshots over `wallS` seconds: each process's CPU seconds, the
 * client's main thread as a share of the wall time (100% = that thread never waited: the client
 * is the bound), the server's CPU share, and how busy the machine's cores were (100% = every core
 * busy, with this bench or anything else).
 */
export function cpuBetween(before, after, wallS) {
  const diff = (a, b) => (a !== undefined && b !== undefined ? b - a : undefined);
  const share = (seconds) => (seconds === undefined ? undefined : seconds / wallS);
  const mainS = diff(before.client?.main, after.client?.main);
  const serverS = diff(before.server?.total, after.server?.total);
  const machineBusyS = diff(before.machine?.busy, after.machine?.busy);
  const machineTotalS = diff(before.machine?.total, after.machine?.total);
  return {
    clientMainS: mainS,
    clientMainShare: share(mainS),
    serverProcS: serverS,
    serverShare: share(serverS),
    machineBusyShare: machineBusyS !== undefined && machineTotalS ? machineBusyS / machineTotalS : undefined,
  };
}
