#!/usr/bin/env node
// The first hour of a new user, as a test: on a `git clone` of this checkout, `pnpm install`
// (quiet), `pnpm dev`, then what the README and the dev banner say to run next (`pnpm demo`,
// `pnpm example` = the README's TypeScript snippet, the banner's paste snippet,
// `pnpm exec ossbox-emulator --help`), then ONE SIGINT to `pnpm dev`'s process group, as Ctrl-C
// in a terminal sends it: exit 0, no ELIFECYCLE or tsx force-kill, no process left, the
// emulator's SQLite store closed (no -wal / -shm left); last, with a dependency changed after
// the install (as a `git pull` does), a script stops and says to run `pnpm install`.
// Prints one line per check and a vitest-style `Tests  N passed | M failed (T)` line that
// .ci/summarize.mjs adds to the total; exits 1 when a check failed. Linux only (reads /proc).
// Uses ports 9000/9001/5173 as the README does when they are free, other free ports otherwise.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ossbox-fresh-clone-'));
const clone = join(work, 'ossbox');
const started = Date.now();
const results = [];

/** Record one check; `detail` is shown when it fails. */
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? '  ✓' : '  ✗'} ${name}${ok || !detail ? '' : `\n${indent(detail)}`}`);
  return ok;
}
const indent = (text) =>
  text
    .trimEnd()
    .split('\n')
    .slice(-40)
    .map((line) => `      ${line}`)
    .join('\n');

/** Run a command to completion; resolves with its exit code and combined output. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Resolves with `port` when it can be bound on 127.0.0.1, else with a free port. */
function portOr(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => server.listen(0, '127.0.0.1'));
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  });
}

/** Pids of the processes whose command line or working directory is inside the clone. */
function processesInClone() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to read
      }
      if (cmdline.includes(clone) || cwd.startsWith(clone)) found.push(`${pid} ${cmdline.trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

async function main() {
  console.log(`fresh clone of ${source} in ${clone}`);
  const head = await run('git', ['-C', source, 'rev-parse', 'HEAD'], { cwd: source });
  // The checkout's turbo cache, like the warm pnpm store: `pnpm dev` in the clone still runs the
  // whole build graph, but replays outputs the checkout built from the same sources (git
  // worktrees share the main worktree's cache, hence --git-common-dir).
  const common = await run('git', ['-C', source, 'rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: source,
  });
  const turboCache = join(dirname(common.output.trim()), '.turbo', 'cache');
  if (common.code === 0 && existsSync(turboCache)) process.env.TURBO_CACHE_DIR = turboCache;
  const cloned = await run('git', ['clone', '--quiet', '--no-checkout', source, clone], { cwd: work });
  const checkout = await run('git', ['checkout', '--quiet', '--detach', head.output.trim()]);
  if (!check('git clone', cloned.code === 0 && checkout.code === 0, cloned.output + checkout.output)) return;

  const install = await run('pnpm', ['install', '--frozen-lockfile']);
  if (!check('pnpm install --frozen-lockfile', install.code === 0, install.output)) return;
  const alarming = install.output.split('\n').filter((line) => /\bWARN\b|\bERR/.test(line));
  check('pnpm install prints no WARN or ERR line', alarming.length === 0, alarming.join('\n'));

  // Bounded: a `pnpm dev` that ignored --help would start the stack and never return.
  const devHelp = await run('pnpm', ['dev', '--help'], { timeout: 120_000 });
  check(
    'pnpm dev --help prints its usage and variables, and starts nothing',
    devHelp.code === 0 &&
      devHelp.output.includes('Usage: pnpm dev') &&
      devHelp.output.includes('OSSBOX_DEV_WEB_PORT') &&
      !devHelp.output.includes('Building the workspace'),
    devHelp.output,
  );

  const emulatorPort = await portOr(9000);
  const receiverPort = await portOr(emulatorPort === 9000 ? 9001 : 0);
  const defaults = emulatorPort === 9000 && receiverPort === 9001;
  const endpoint = `http://127.0.0.1:${emulatorPort}`;
  const receiverUrl = `http://127.0.0.1:${receiverPort}`;
  const dataDir = join(clone, '.ossbox-data');
  const env = {
    ...process.env,
    OSSBOX_DEV_EMULATOR_PORT: String(emulatorPort),
    OSSBOX_DEV_RECEIVER_PORT: String(receiverPort),
    OSSBOX_DEV_WEB_PORT: String(await portOr(5173)),
  };
  delete env.OSSBOX_DEV_DATA_DIR;

  // Its own process group, like a terminal's foreground job: the SIGINT below goes to all of it.
  const dev = spawn('pnpm', ['dev'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let devOutput = '';
  dev.stdout.on('data', (chunk) => (devOutput += chunk));
  dev.stderr.on('data', (chunk) => (devOutput += chunk));
  const devExit = new Promise((resolve) => dev.on('exit', (code, signal) => resolve({ code, signal })));
  let devExited = false;
  void devExit.then(() => (devExited = true));
  const readyBy = Date.now() + 240_000;
  while (!devOutput.includes('stack is running') && !devExited && Date.now() < readyBy) await sleep(250);
  if (!check('pnpm dev builds and starts the stack', devOutput.includes('stack is running'), devOutput)) {
    if (!devExited) process.kill(-dev.pid, 'SIGKILL');
    return;
  }

  try {
    // The demo as the banner says to run it: `pnpm demo`, or on other ports with their URLs.
    const demoCommand = defaults ? 'pnpm demo' : /^OSSBOX_ENDPOINT=.* pnpm demo$/m.exec(devOutput)?.[0];
    const demo = demoCommand
      ? await run('sh', ['-c', demoCommand], { env })
      : { code: -1, output: `no demo command in the banner:\n${devOutput}` };
    // The first resumable upload's part lines: acknowledged bytes grow part by part up to the total.
    const firstUpload = demo.output.split('== resumable_upload')[1] ?? '';
    const parts = [...firstUpload.matchAll(/part \d+ stored \((\d+) \/ (\d+) bytes acknowledged\)/g)].map(
      (m) => [Number(m[1]), Number(m[2])],
    );
    const honest =
      parts.length === 5 &&
      parts.every(([loaded, total], i) => loaded <= total && (i === 0 || loaded > parts[i - 1][0])) &&
      parts[0][0] < parts[0][1] &&
      parts[4][0] === parts[4][1];
    check(
      `${defaults ? 'pnpm demo' : "the banner's demo command"} succeeds, reports the failing callbacks and honest per-part progress`,
      demo.code === 0 && /Callback failed: /.test(demo.output) && honest,
      demo.output,
    );

    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const example = readFileSync(join(clone, 'examples/upload-with-callback.ts'), 'utf8');
    const snippet =
      /```ts\n(import \{ Callback, CallbackError, Client \} from '@ossbox\/sdk';\n[\s\S]*?)```/.exec(
        readme,
      )?.[1];
    check(
      'the README snippet is examples/upload-with-callback.ts',
      snippet === example,
      snippet ?? 'no snippet in README.md',
    );
    if (!defaults) {
      // Not the README's ports: run the same file with its two URLs pointed at this stack.
      const moved = example
        .replaceAll('http://127.0.0.1:9000', endpoint)
        .replaceAll('http://127.0.0.1:9001', receiverUrl);
      writeFileSync(join(clone, 'examples/upload-with-callback.ts'), moved);
    }
    const exampleRun = await run('pnpm', ['example']);
    check(
      `pnpm example (the README snippet${defaults ? '' : `, on ports ${emulatorPort}/${receiverPort}`}) gets the receiver's echo`,
      exampleRun.code === 0 &&
        exampleRun.output.includes("object: 'files/hello.txt'") &&
        exampleRun.output.includes("uid: '42'"),
      exampleRun.output,
    );

    const banner = /or paste:\n\n([\s\S]*?)\n\n/.exec(devOutput)?.[1];
    const pasted = banner === undefined ? { code: -1, output: devOutput } : await run('sh', ['-c', banner]);
    check(
      "the banner's paste snippet, run at the root, gets the receiver's echo",
      pasted.code === 0 && pasted.output.includes("object: 'hello.txt'"),
      `${banner ?? ''}\n${pasted.output}`,
    );

    for (const cli of ['ossbox-emulator', 'ossbox-receiver']) {
      const help = await run('pnpm', ['exec', cli, '--help']);
      const version = await run('pnpm', ['exec', cli, '--version']);
      check(
        `pnpm exec ${cli} --help / --version`,
        help.code === 0 &&
          help.output.includes(`Usage: ${cli}`) &&
          version.code === 0 &&
          /^\d+\.\d+\.\d+/.test(version.output),
        help.output + version.output,
      );
    }
  } finally {
    if (!devExited) {
      const mark = devOutput.length;
      process.kill(-dev.pid, 'SIGINT');
      const stopBy = Date.now() + 30_000;
      while (!devExited && Date.now() < stopBy) await sleep(100);
      const tail = devOutput.slice(mark);
      const exit = devExited ? await devExit : { code: 'still running after 30 s', signal: null };
      check(
        'one SIGINT stops pnpm dev with exit code 0',
        exit.code === 0 && exit.signal === null,
        `${JSON.stringify(exit)}\n${tail}`,
      );
      check(
        'no ELIFECYCLE or tsx force-kill on the way out',
        !/ELIFECYCLE|Force killing|Killing process/.test(tail),
        tail,
      );
      // Give the process table a moment to forget reaped children before looking.
      await sleep(500);
      const left = processesInClone();
      check('no process left running', left.length === 0, left.join('\n'));
      for (const pid of left) {
        try {
          process.kill(Number(pid.split(' ')[0]), 'SIGKILL');
        } catch {
          // gone
        }
      }
      const open = ['ossbox.sqlite-wal', 'ossbox.sqlite-shm'].filter((name) =>
        existsSync(join(dataDir, name)),
      );
      check(
        'the emulator closed its SQLite store',
        existsSync(join(dataDir, 'ossbox.sqlite')) && open.length === 0,
        `left: ${open.join(', ')}`,
      );
    }
  }

  // After a `git pull` that changed dependencies, node_modules is stale: pnpm's
  // verifyDepsBeforeRun (pnpm-workspace.yaml) says to run `pnpm install` before any script runs,
  // instead of a build failing with "Cannot find module". A manifest edit stands in for the pull.
  const manifestPath = join(clone, 'e2e', 'package.json');
  const manifest = readFileSync(manifestPath, 'utf8');
  const edited = JSON.parse(manifest);
  edited.dependencies = { ...edited.dependencies, 'is-number': '^7.0.0' };
  writeFileSync(manifestPath, JSON.stringify(edited));
  const stale = await run('pnpm', ['demo']);
  writeFileSync(manifestPath, manifest);
  check(
    'with dependencies changed since the install, pnpm demo stops and says to run pnpm install',
    stale.code !== 0 &&
      stale.output.includes('ERR_PNPM_VERIFY_DEPS_BEFORE_RUN') &&
      stale.output.includes('pnpm install'),
    stale.output,
  );
}

try {
  await main();
} catch (error) {
  check('fresh-clone script', false, String(error?.stack ?? error));
} finally {
  rmSync(work, { recursive: true, force: true });
}
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`fresh clone: ${Math.round((Date.now() - started) / 1000)} s`);
console.log(` Tests  ${passed} passed${failed ? ` | ${failed} failed` : ''} (${results.length})`);
process.exit(failed === 0 ? 0 : 1);
