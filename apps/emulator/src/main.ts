#!/usr/bin/env node
/**
 * `ossbox-emulator`: parse flags and environment, start the emulator, print its URL and
 * credentials, and shut down cleanly on SIGINT/SIGTERM.
 */
import { CommanderError } from 'commander';
import { closeOnSignals, isLoopbackHost } from '@ossbox/protocol';
import { optionsFromCli } from './cli-options.js';
import { ConfigError } from './config.js';
import { startEmulator } from './server.js';
import { NativeModuleError } from './store/native-module.js';

/** Exit code of every usage error (unknown flag, bad value), as `ossbox-receiver`. */
const USAGE_ERROR = 2;

async function main(): Promise<void> {
  const options = optionsFromCli();
  const starting = startEmulator(options);
  // Listening for signals before the store is even open: a signal that arrives while starting,
  // or right after the banner, still closes the store before the process ends.
  const { stopping } = closeOnSignals(starting, {
    name: 'ossbox-emulator',
    onSignal: (signal) => process.stdout.write(`received ${signal}, shutting down\n`),
  });
  const emulator = await starting;
  if (stopping()) return;
  const { config } = emulator;
  const lines = [
    `ossbox emulator listening on ${emulator.url}`,
    // With an admin token, the link a browser can open as it is (the token becomes a cookie).
    `  console: ${emulator.consoleUrl}${emulator.adminToken === undefined ? '' : `?token=${emulator.adminToken}`}`,
    `  data directory: ${config.location}`,
    `  region: ${config.region}`,
    `  path-style host names: ${config.hostnames.join(', ')} (and any IP address)`,
    ...config.accessKeys.map((k) => `  access key id: ${k.accessKeyId}  secret: ${k.accessKeySecret}`),
    ...(config.buckets.length > 0 ? [`  buckets: ${config.buckets.join(', ')}`] : []),
    ...config.seeds.map((s) => `  seed: ${s.dir} → bucket ${s.bucket} (imported at start and at every reset)`),
    ...(config.corsAllowOrigins.length === 0
      ? []
      : config.buckets.length > 0
        ? [`  CORS: those buckets accept requests from ${config.corsAllowOrigins.join(', ')}`]
        : ['  CORS: --cors-allow-origin has no effect without --bucket (it applies to the buckets created at start)']),
    ...(config.roles.length > 0
      ? [`  STS AssumeRole: ${emulator.url}/_ossbox/sts (roles: ${config.roles.map((r) => r.arn).join(', ')})`]
      : []),
    `  callback public key: ${emulator.publicKeyUrl} (receivers must trust this URL)`,
    `  callback attempts: ${emulator.url}/_ossbox/callbacks`,
    ...(config.faults.length > 0
      ? [`  fault rules: ${config.faults.length} installed at start, listed at ${emulator.url}/_ossbox/faults`]
      : []),
    `  callback timeout: ${config.callbackTimeoutMs} ms; private/loopback callback URLs: ${
      config.strictCallbackUrls ? 'refused (strict, like OSS)' : 'allowed with a warning'
    }`,
  ];
  if (emulator.adminToken !== undefined) {
    const origin = options.adminToken === undefined ? 'generated' : 'from --admin-token / OSSBOX_ADMIN_TOKEN';
    lines.push(
      `  admin token (${origin}; /_ossbox/ needs "Authorization: Bearer <token>" or ?token=<token>): ${emulator.adminToken}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!isLoopbackHost(config.host)) {
    process.stderr.write(
      `ossbox-emulator: warning: listening on ${config.host}, reachable from other machines; ` +
        'anyone who can reach it can read and write its buckets with the printed access keys, and /_ossbox/ requires the admin token\n',
    );
  }
}

main().catch((error: unknown) => {
  // Commander already printed its help, version or usage error.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR);
  // better-sqlite3 not built: the message says what to run; its stack would only hide that.
  if (error instanceof NativeModuleError) {
    process.stderr.write(`ossbox-emulator: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`error: ${error.message}\n(run ossbox-emulator --help for usage)\n`);
    process.exit(USAGE_ERROR);
  }
  // A port in use or a data directory it cannot write: the system error says it all (a busy port
  // also says how to pick another); a stack trace is for faults of the emulator itself.
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    const { address, port } = error as { address?: string; port?: number };
    process.stderr.write(
      `ossbox-emulator: port ${port} on ${address} is already in use (another ossbox-emulator, or \`pnpm dev\`?); ` +
        'choose another with --port <port> or OSSBOX_PORT (0: any free port)\n',
    );
    process.exit(1);
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    process.stderr.write(`ossbox-emulator: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write(`ossbox-emulator: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
