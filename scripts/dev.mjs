#!/usr/bin/env node
// `pnpm dev`: the local OSS-callback stack with live reload.
//  1. builds the workspace libraries the two apps import from `dist` (turbo, cached);
//  2. runs the emulator (port 9000, bucket `examplebucket`, data in `.ossbox-data/`) and the receiver
//     (port 9001, trusting the emulator's public-key URL) with `tsx watch` on their `src/main.ts`;
//  3. prints URLs, credentials and a snippet once both answer `GET /_ossbox/health`;
//  4. on Ctrl-C / SIGTERM stops both and exits.
// Ports, bucket and data directory can be changed with OSSBOX_DEV_EMULATOR_PORT,
// OSSBOX_DEV_RECEIVER_PORT, OSSBOX_DEV_BUCKET and OSSBOX_DEV_DATA_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const config = {
  host: '127.0.0.1',
  emulatorPort: Number(env.OSSBOX_DEV_EMULATOR_PORT ?? 9000),
  receiverPort: Number(env.OSSBOX_DEV_RECEIVER_PORT ?? 9001),
  bucket: env.OSSBOX_DEV_BUCKET ?? 'examplebucket',
  dataDir: env.OSSBOX_DEV_DATA_DIR ?? join(root, '.ossbox-data'),
  accessKeyId: 'ossbox',
  accessKeySecret: 'ossbox-secret',
};
for (const name of ['emulatorPort', 'receiverPort']) {
  const port = config[name];
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`pnpm dev: ${name} must be a port number from 1 to 65535, got ${port}`);
    process.exit(1);
  }
}
const emulatorUrl = `http://${config.host}:${config.emulatorPort}`;
const receiverUrl = `http://${config.host}:${config.receiverPort}`;
const keyUrlPrefix = `${emulatorUrl}/_ossbox/`;

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

for (const [name, port] of [
  ['emulator', config.emulatorPort],
  ['receiver', config.receiverPort],
]) {
  if (await portInUse(port)) {
    fail(`port ${port} (${name}) is already in use on ${config.host}. Is another \`pnpm dev\` running?`);
  }
}

console.log(paint('2', 'Building the libraries the emulator and the receiver import…'));
const build = spawnSync(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@ossbox/emulator^...',
    '--filter=@ossbox/receiver^...',
    '--output-logs=errors-only',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) fail('building the libraries failed (see above).');

const children = [];

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

/** Runs `tsx watch src/main.ts <args>` in an app, prefixing each output line with its name. */
function startApp(name, appDir, args, tint) {
  const cwd = join(root, appDir);
  const tsxCli = createRequire(join(cwd, 'package.json')).resolve('tsx/cli');
  const child = spawn(
    process.execPath,
    [
      tsxCli,
      'watch',
      '--clear-screen=false',
      // Rebuilding a workspace library (`pnpm build`) restarts the apps too.
      '--include',
      '../../packages/*/dist/**/*.js',
      'src/main.ts',
      ...args,
    ],
    { cwd, env: { ...env, FORCE_COLOR: color ? '1' : '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const prefix = paint(tint, `[${name}]`.padEnd(11));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${formatLine(line)}`));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`${prefix}exited (${signal ?? `code ${code}`})`);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(paint('2', `\nStopping (${signal})…`));
  const exits = children
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, 5_000);
  await Promise.all(exits);
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

startApp(
  'emulator',
  'apps/emulator',
  [
    '--host',
    config.host,
    '--port',
    String(config.emulatorPort),
    '--location',
    config.dataDir,
    '--bucket',
    config.bucket,
    '--access-key-id',
    config.accessKeyId,
    '--access-key-secret',
    config.accessKeySecret,
  ],
  '36',
);
startApp(
  'receiver',
  'apps/receiver',
  ['--host', config.host, '--port', String(config.receiverPort), '--trust-key-url-prefix', keyUrlPrefix],
  '35',
);

async function healthy(url) {
  try {
    const response = await fetch(`${url}/_ossbox/health`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 60_000;
while (!((await healthy(emulatorUrl)) && (await healthy(receiverUrl)))) {
  if (stopping) await new Promise(() => {});
  if (Date.now() > deadline) {
    console.error(
      paint(
        '31',
        'pnpm dev: the emulator or the receiver did not become healthy within 60 s (see their output above).',
      ),
    );
    await stop('startup timeout');
  }
  await sleep(200);
}

const snippet = `cd e2e && node --input-type=module -e '
import { Client, Callback } from "@ossbox/sdk";
const client = new Client({ endpoint: "${emulatorUrl}", accessKeyId: "${config.accessKeyId}", accessKeySecret: "${config.accessKeySecret}" });
const callback = new Callback({ url: "${receiverUrl}/callback", query: { user: "put_object" }, body: "bucket=\${bucket}&object=\${object}&etag=\${etag}&size=\${size}" });
const result = await client.getBucket("${config.bucket}").putObject("hello.txt", { body: "hello ossbox", callback });
console.log(result.callback?.json);'`;

console.log(`
${paint('1;32', 'ossbox dev stack is running')} (live reload on; Ctrl-C stops it)

  OSS emulator        ${paint('1', emulatorUrl)}   bucket ${paint('1', config.bucket)}, data in ${config.dataDir}
  credentials         AccessKeyId ${paint('1', config.accessKeyId)}   AccessKeySecret ${paint('1', config.accessKeySecret)}
  callback receiver   ${paint('1', receiverUrl)}   POST any path; trusts ${keyUrlPrefix}
  callbacks sent      ${emulatorUrl}/_ossbox/callbacks
  callbacks received  ${receiverUrl}/_ossbox/callbacks
  public key          ${emulatorUrl}/_ossbox/callback_pub_key_v1.pem

Try it: ${paint('1', 'pnpm demo')} (in another terminal), or paste:

${snippet}
`);
