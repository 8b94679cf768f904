#!/usr/bin/env node
/**
 * `ossbox-emulator`: parse flags and environment, start the emulator, print its URL and
 * credentials, and shut down cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, optionsFromCli } from './config.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  const options = optionsFromCli();
  const emulator = await startEmulator(options);
  const { config } = emulator;
  const lines = [
    `ossbox emulator listening on ${emulator.url}`,
    `  data directory: ${config.location}`,
    `  region: ${config.region}`,
    `  path-style host names: ${config.hostnames.join(', ')} (and any IP address)`,
    ...config.accessKeys.map((k) => `  access key id: ${k.accessKeyId}  secret: ${k.accessKeySecret}`),
    ...(config.buckets.length > 0 ? [`  buckets: ${config.buckets.join(', ')}`] : []),
    ...(config.corsAllowOrigins.length === 0
      ? []
      : config.buckets.length > 0
        ? [`  CORS: those buckets accept requests from ${config.corsAllowOrigins.join(', ')}`]
        : ['  CORS: --cors-allow-origin has no effect without --bucket (it applies to the buckets created at start)']),
    `  callback public key: ${emulator.publicKeyUrl} (receivers must trust this URL)`,
    `  callback attempts: ${emulator.url}/_ossbox/callbacks`,
    `  callback timeout: ${config.callbackTimeoutMs} ms; private/loopback callback URLs: ${
      config.strictCallbackUrls ? 'refused (strict, like OSS)' : 'allowed with a warning'
    }`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`received ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ossbox-emulator: ${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
