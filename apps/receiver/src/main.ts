#!/usr/bin/env node
/**
 * `ossbox-receiver`: a callback server for OSS upload callbacks, the counterpart of the Ruby
 * SDK's `callback_server.rb`. Parses flags and environment, starts, prints where it listens,
 * closes on SIGINT/SIGTERM.
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { closeOnSignals, isLoopbackHost } from '@ossbox/protocol';
import { resolveConfig } from './config.js';
import type { ReceiverCliValues, ReceiverConfig } from './config.js';
import { startReceiver } from './server.js';
import { MAX_DELAY_MS } from './switches.js';
import { VERSION } from './version.js';

const program = new Command('ossbox-receiver')
  .description(
    // One paragraph per line: commander wraps each to the terminal width.
    'Receive Alibaba Cloud OSS upload callbacks on any path (POST), verify their RSA signature, log them ' +
      'and answer 200 with a JSON echo. Inspect them at GET /_ossbox/callbacks.\n' +
      'Each flag can also be set through the environment variable shown (repeatable flags: comma-separated).',
  )
  .version(VERSION, '-V, --version', 'print the version')
  // Same help format as ossbox-emulator: "(default: …) [env: NAME]".
  .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: 9001) [env: OSSBOX_RECEIVER_PORT]')
  .option('--host <host>', 'interface to listen on (default: 127.0.0.1) [env: OSSBOX_RECEIVER_HOST]')
  .option(
    '--trust-key-url-prefix <url>',
    'also trust public keys under this URL prefix, e.g. the emulator http://127.0.0.1:9000/; repeatable ' +
      '[env: OSSBOX_TRUST_KEY_URL_PREFIX]',
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  )
  .option(
    '--admin-token <token>',
    'token GET/DELETE /_ossbox/callbacks require as "Authorization: Bearer <token>" (default: none on a ' +
      'loopback host, a generated one printed at start on any other) [env: OSSBOX_RECEIVER_ADMIN_TOKEN]',
  )
  .option('--silent', 'print nothing, log nothing')
  .addHelpText(
    'after',
    '\nFailure switches, in the callbackUrl query (applied to verified callbacks only):\n' +
      '  ossbox-status=<200-599>  answer with that status\n' +
      '  ossbox-reply=<kind>      not-json | bom | empty | chunked | too-large (default: json)\n' +
      `  ossbox-delay=<ms>        wait before answering (capped at ${MAX_DELAY_MS})\n`,
  )
  .showHelpAfterError('(run ossbox-receiver --help for usage)')
  // Every usage error (unknown flag, missing value, bad value) exits 2, as documented; commander
  // would use 1 for its own. --help and --version still exit 0.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

function loadConfig(): ReceiverConfig {
  try {
    return resolveConfig(program.opts<ReceiverCliValues>());
  } catch (err) {
    return program.error((err as Error).message, { exitCode: 2 });
  }
}

async function main(): Promise<void> {
  program.parse();
  const config = loadConfig();

  const logger = config.silent
    ? pino({ level: 'silent' })
    : process.stdout.isTTY
      ? pino({ transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } })
      : pino();

  const starting = startReceiver({
    port: config.port,
    host: config.host,
    trustedKeyUrlPrefixes: config.trustedKeyUrlPrefixes,
    logger,
    ...(config.adminToken !== undefined && { adminToken: config.adminToken }),
  });
  // Listening for signals before the server is up: one that arrives while starting, or right
  // after the banner, still closes the server cleanly.
  const { stopping } = closeOnSignals(starting, {
    name: 'ossbox-receiver',
    onSignal: (signal) => {
      if (!config.silent) process.stdout.write(`received ${signal}, shutting down\n`);
    },
  });

  let receiver;
  try {
    receiver = await starting;
  } catch (err) {
    const { code, address, port } = err as NodeJS.ErrnoException & { address?: string; port?: number };
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `ossbox-receiver: port ${port} on ${address} is already in use (another ossbox-receiver, or \`pnpm dev\`?); ` +
            'choose another with --port <port> or OSSBOX_RECEIVER_PORT (0: any free port)\n'
        : `ossbox-receiver: ${(err as Error).message}\n`,
    );
    process.exit(1);
  }
  if (stopping() || config.silent) return;
  process.stdout.write(
    `ossbox-receiver listening on ${receiver.url}\n` +
      `trusted key URL prefixes: ${receiver.trustedKeyUrlPrefixes.join(', ')}\n` +
      `received callbacks: ${receiver.url}/_ossbox/callbacks\n` +
      (receiver.adminToken === undefined ? '' : `admin token (Authorization: Bearer <token>): ${receiver.adminToken}\n`),
  );
  if (!isLoopbackHost(config.host)) {
    process.stderr.write(
      `ossbox-receiver: warning: listening on ${config.host}, reachable from other machines; ` +
        '/_ossbox/callbacks requires the admin token\n',
    );
  }
}

void main();
