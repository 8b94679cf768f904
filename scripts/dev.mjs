#!/usr/bin/env node
// `pnpm dev`: the local OSS-callback stack with live reload.
//  1. builds the workspace (turbo, cached), so everything the banner and the README suggest runs;
//  2. runs the emulator (port 9000, bucket `examplebucket`, data in `.ossbox-data/`, CORS allowing the
//     web example's origin), the receiver (port 9001, trusting the emulator's public-key URL) and
//     the web direct-upload example (port 5173) with `tsx watch` on their `src/main.ts`;
//  3. prints URLs, credentials and a snippet once all of them answer their health URL;
//  4. on Ctrl-C / SIGTERM sends each process one SIGTERM, waits until they have closed (the
//     emulator closes its SQLite store) and exits 0.
// The root package.json runs it as `exec node scripts/dev.mjs`: without `exec`, the `sh` pnpm
// starts dies of the terminal's SIGINT and pnpm reports ELIFECYCLE and exit 130.
// Ports, bucket and data directory can be changed with OSSBOX_DEV_EMULATOR_PORT,
// OSSBOX_DEV_RECEIVER_PORT, OSSBOX_DEV_WEB_PORT, OSSBOX_DEV_BUCKET and OSSBOX_DEV_DATA_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: pnpm dev [--help]

Builds the workspace (turbo, cached), then runs with live reload the OSS emulator
(http://127.0.0.1:9000, bucket examplebucket, data in .ossbox-data/), the callback receiver
(http://127.0.0.1:9001) and the web upload example (http://127.0.0.1:5173), and prints their
URLs, the credentials and what to try next. Ctrl-C stops all three.

Environment:
  OSSBOX_DEV_EMULATOR_PORT  emulator port (default 9000)
  OSSBOX_DEV_RECEIVER_PORT  receiver port (default 9001)
  OSSBOX_DEV_WEB_PORT       web upload example port (default 5173)
  OSSBOX_DEV_BUCKET         bucket created at start (default examplebucket)
  OSSBOX_DEV_DATA_DIR       emulator data directory (default .ossbox-data at the repository root)
`;
try {
  if (parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
} catch (error) {
  process.stderr.write(`pnpm dev: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const config = {
  host: '127.0.0.1',
  emulatorPort: Number(env.OSSBOX_DEV_EMULATOR_PORT ?? 9000),
  receiverPort: Number(env.OSSBOX_DEV_RECEIVER_PORT ?? 9001),
  webPort: Number(env.OSSBOX_DEV_WEB_PORT ?? 5173),
  bucket: env.OSSBOX_DEV_BUCKET ?? 'examplebucket',
  dataDir: env.OSSBOX_DEV_DATA_DIR ?? join(root, '.ossbox-data'),
  accessKeyId: 'ossbox',
  accessKeySecret: 'ossbox-secret',
};
for (const name of ['emulatorPort', 'receiverPort', 'webPort']) {
  const port = config[name];
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`pnpm dev: ${name} must be a port number from 1 to 65535, got ${port}`);
    process.exit(1);
  }
}
const emulatorUrl = `http://${config.host}:${config.emulatorPort}`;
const receiverUrl = `http://${config.host}:${config.receiverPort}`;
const webUrl = `http://${config.host}:${config.webPort}`;
const keyUrlPrefix = `${emulatorUrl}/_ossbox/`;
// The emulator accepts this key pair and the web example signs with it.
const credentialArgs = ['--access-key-id', config.accessKeyId, '--access-key-secret', config.accessKeySecret];

const color = process.stdout.isTTY && !env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function fail(message) {
  console.error(paint('31', `pnpm dev: ${message}`));
  process.exit(1);
}

/** True when something accepts TCP connections on host:port. */
function portInUse(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: config.host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `node <tsx> watch <entry> <args>` in `dir`. tsx restarts the process when a file it imported
 * changes, following workspace libraries into their real `packages/<name>/dist` paths, so
 * rebuilding a library restarts only the apps that import it.
 */
function tsxWatch(dir, entry, args) {
  const tsxCli = createRequire(join(root, dir, 'package.json')).resolve('tsx/cli');
  return [process.execPath, tsxCli, 'watch', '--clear-screen=false', entry, ...args];
}

/**
 * The processes `pnpm dev` runs. Adding one is adding an entry: `command` runs in `dir`, the
 * stack is ready once every `healthUrl` answers 200, `banner` rows are printed then, and stopping
 * sends the process one SIGTERM and waits for it to exit. `port` is checked to be free first.
 */
const processes = [
  {
    name: 'emulator',
    dir: 'apps/emulator',
    tint: '36',
    port: config.emulatorPort,
    command: tsxWatch('apps/emulator', 'src/main.ts', [
      '--host',
      config.host,
      '--port',
      String(config.emulatorPort),
      '--location',
      config.dataDir,
      '--bucket',
      config.bucket,
      ...credentialArgs,
      // The web example's page uploads from its own origin: let the bucket's CORS rule allow it.
      '--cors-allow-origin',
      webUrl,
      '--cors-allow-origin',
      `http://localhost:${config.webPort}`,
      // The role the web example's "temporary credentials" upload assumes (STS at /_ossbox/sts).
      '--role',
      `acs:ram::1234567890123456:role/web-uploader=${join(root, 'examples/web-direct-upload/role-policy.json')}`,
    ]),
    healthUrl: `${emulatorUrl}/_ossbox/health`,
    banner: [
      [
        'OSS emulator',
        `${paint('1', emulatorUrl)}   bucket ${paint('1', config.bucket)}, data in ${config.dataDir}`,
      ],
      [
        'credentials',
        `AccessKeyId ${paint('1', config.accessKeyId)}   AccessKeySecret ${paint('1', config.accessKeySecret)}`,
      ],
      [
        'console',
        `${paint('1', `${emulatorUrl}/_ossbox/`)}   buckets, objects, uploads, callback deliveries (replay), live requests`,
      ],
      ['callbacks sent', `${emulatorUrl}/_ossbox/callbacks`],
      ['STS AssumeRole', `${emulatorUrl}/_ossbox/sts   role acs:ram::1234567890123456:role/web-uploader`],
      ['public key', `${emulatorUrl}/_ossbox/callback_pub_key_v1.pem`],
    ],
  },
  {
    name: 'receiver',
    dir: 'apps/receiver',
    tint: '35',
    port: config.receiverPort,
    command: tsxWatch('apps/receiver', 'src/main.ts', [
      '--host',
      config.host,
      '--port',
      String(config.receiverPort),
      '--trust-key-url-prefix',
      keyUrlPrefix,
    ]),
    healthUrl: `${receiverUrl}/_ossbox/health`,
    banner: [
      ['callback receiver', `${paint('1', receiverUrl)}   POST any path; trusts ${keyUrlPrefix}`],
      ['callbacks received', `${receiverUrl}/_ossbox/callbacks`],
    ],
  },
  {
    name: 'web',
    dir: 'examples/web-direct-upload',
    tint: '33',
    port: config.webPort,
    command: tsxWatch('examples/web-direct-upload', 'src/main.ts', [
      '--host',
      config.host,
      '--port',
      String(config.webPort),
      '--oss-endpoint',
      emulatorUrl,
      '--bucket',
      config.bucket,
      ...credentialArgs,
    ]),
    healthUrl: `${webUrl}/api/config`,
    banner: [
      [
        'web upload example',
        `${paint('1', webUrl)}   PostObject, presigned PUT, ali-oss multipart (also with STS credentials), with callbacks`,
      ],
    ],
  },
];

for (const { name, port } of processes) {
  if (await portInUse(port)) {
    fail(
      `port ${port} (${name}) is already in use on ${config.host}. Is another \`pnpm dev\` running? ` +
        'Stop it, or run this one on other ports: OSSBOX_DEV_EMULATOR_PORT, OSSBOX_DEV_RECEIVER_PORT, OSSBOX_DEV_WEB_PORT.',
    );
  }
}

console.log(paint('2', 'Building the workspace (turbo, cached)…'));
// Everything, not only what the apps import: `pnpm demo`, the banner's snippet, the README's
// example and `pnpm exec ossbox-emulator` all run right after this without another command.
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) fail('building the workspace failed (see above).');

// The apps log JSON (pino) when their stdout is not a terminal, as here: show it as one readable line.
const LEVELS = {
  10: ['TRACE', '2'],
  20: ['DEBUG', '2'],
  30: ['INFO', '32'],
  40: ['WARN', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '31'],
};
function formatLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const { level, time, msg, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line);
    const [name, tint] = LEVELS[level] ?? [];
    if (name === undefined) return line;
    const clock = new Date(time).toTimeString().slice(0, 8);
    const extras = Object.keys(rest).length > 0 ? ` ${paint('2', JSON.stringify(rest))}` : '';
    return `${clock} ${paint(tint, name)} ${msg ?? ''}${extras}`;
  } catch {
    return line;
  }
}

const width = Math.max(...processes.map((p) => p.name.length)) + 3;
const running = [];

/**
 * Start one entry of `processes`, prefixing each output line with its name. It gets its own
 * process group (`detached`), so a Ctrl-C in the terminal reaches only this script, which then
 * stops each process with exactly one signal: a second one would make `tsx watch` SIGKILL the
 * app before it closed its store.
 */
function start({ name, dir, tint, command }) {
  const child = spawn(command[0], command.slice(1), {
    cwd: join(root, dir),
    env: { ...env, FORCE_COLOR: color ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = paint(tint, `[${name}]`.padEnd(width));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${formatLine(line)}`));
  }
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (!stopping) console.log(`${prefix}exited (${signal ?? `code ${code}`})`);
      resolve({ name, code, signal });
    });
  });
  running.push({ name, child, exited });
}

/** Kill what is left of a process group (SIGKILL), ignoring groups that are already gone. */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

let stopping = false;
async function stop(reason) {
  if (stopping) return;
  stopping = true;
  console.log(paint('2', `\nStopping (${reason})…`));
  for (const { child } of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    console.error(paint('31', 'pnpm dev: still running after 10 s, killing.'));
    for (const { child } of running) killGroup(child);
  }, 10_000);
  const results = await Promise.all(running.map((r) => r.exited));
  clearTimeout(timer);
  for (const { child } of running) killGroup(child);
  // Stopped as asked: exit 0 after closing, or ended by the SIGTERM itself; `tsx watch` exits
  // 128 + 15 when its app was not running (crashed, or between two restarts).
  const failed = results.filter((r) => !(r.code === 0 || r.code === 143 || r.signal === 'SIGTERM'));
  for (const r of failed)
    console.error(paint('31', `pnpm dev: ${r.name} did not stop cleanly (${r.signal ?? `code ${r.code}`})`));
  process.exit(failed.length === 0 ? 0 : 1);
}
// `pnpm dev` runs this script with `exec`, so pnpm relays the terminal's SIGINT to this very
// process, which gets it twice: `stop` acts once.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
// Never leave the detached groups behind, whatever ends this script.
process.on('exit', () => {
  for (const { child } of running) killGroup(child);
});

for (const entry of processes) start(entry);

async function healthy(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 60_000;
const pending = new Set(processes.map((p) => p.healthUrl));
while (pending.size > 0) {
  for (const url of pending) if (await healthy(url)) pending.delete(url);
  if (pending.size === 0) break;
  if (stopping) await new Promise(() => {});
  if (Date.now() > deadline) {
    console.error(
      paint('31', `pnpm dev: no answer from ${[...pending].join(', ')} within 60 s (see the output above).`),
    );
    await stop('startup timeout');
  }
  await sleep(200);
}

const snippet = `node --input-type=module -e '
import { Client, Callback } from "@ossbox/sdk";
const client = new Client({ endpoint: "${emulatorUrl}", accessKeyId: "${config.accessKeyId}", accessKeySecret: "${config.accessKeySecret}" });
const callback = new Callback({ url: "${receiverUrl}/callback", query: { user: "put_object" }, body: "bucket=\${bucket}&object=\${object}&etag=\${etag}&size=\${size}" });
const result = await client.getBucket("${config.bucket}").putObject("hello.txt", { body: "hello ossbox", callback });
console.log(result.callback?.json);'`;

// `pnpm demo` and `pnpm example` target the README's stack; on other ports or another bucket the
// demo is pointed at this one, and the example (the README's snippet, fixed URLs) is left out.
const readmeStack =
  config.emulatorPort === 9000 && config.receiverPort === 9001 && config.bucket === 'examplebucket';
const tryIt = readmeStack
  ? `Try it (in another terminal, at the repository root): ${paint('1', 'pnpm demo')}, ${paint('1', 'pnpm example')}, or paste:`
  : 'Try it (in another terminal, at the repository root; `pnpm example` targets ports 9000 and 9001):\n\n' +
    `${paint('1', `OSSBOX_ENDPOINT=${emulatorUrl} OSSBOX_CALLBACK_URL=${receiverUrl}/callback OSSBOX_BUCKET=${config.bucket} pnpm demo`)}\n\n` +
    'or paste:';

const rows = processes.flatMap((p) => p.banner);
const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
console.log(`
${paint('1;32', 'ossbox dev stack is running')} (live reload on; Ctrl-C stops it)

${rows.map(([label, text]) => `  ${label.padEnd(labelWidth)}${text}`).join('\n')}

${tryIt}

${snippet}
`);
