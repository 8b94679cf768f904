#!/usr/bin/env node
/**
 * `web-direct-upload`: the example app server. Parses flags and environment, listens, prints the
 * page's URL, closes on SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { createApp } from './app.js';
import { resolveConfig } from './config.js';
import type { AppConfig, CliValues } from './config.js';

const program = new Command('web-direct-upload')
  .description('Example app server for browser uploads to OSS with callbacks (PostObject, presigned PUT, ali-oss multipart with the app key or with STS temporary credentials).')
  .option('-p, --port <port>', 'port, 0 for any free one (env WEB_DIRECT_UPLOAD_PORT, default 5173)')
  .option('--host <host>', 'interface (env WEB_DIRECT_UPLOAD_HOST, default 127.0.0.1)')
  .option('--oss-endpoint <url>', 'OSS or emulator endpoint the page uploads to (env OSS_ENDPOINT, default http://127.0.0.1:9000)')
  .option('--bucket <name>', 'bucket (env OSS_BUCKET, default examplebucket)')
  .option('--access-key-id <id>', 'access key id (env OSS_ACCESS_KEY_ID, default ossbox)')
  .option('--access-key-secret <secret>', 'access key secret (env OSS_ACCESS_KEY_SECRET, default ossbox-secret)')
  .option('--region <region>', 'region for V4 signatures (env OSS_REGION, default cn-hangzhou)')
  .option('--public-url <url>', 'where OSS reaches this server for callbacks (env WEB_DIRECT_UPLOAD_PUBLIC_URL, default http://<host>:<port>)')
  .option('--key-prefix <prefix>', 'every uploaded key starts with this (env WEB_DIRECT_UPLOAD_KEY_PREFIX, default uploads/)')
  .option('--max-size <bytes>', 'largest PostObject upload the policy allows (env WEB_DIRECT_UPLOAD_MAX_SIZE, default 10485760)')
  .option('--trust-key-url-prefix <url>', 'trust callback public keys under this prefix (env WEB_DIRECT_UPLOAD_TRUST_KEY_URL_PREFIX, default <oss endpoint>/_ossbox/)')
  .option('--role-arn <arn>', 'RAM role assumed for the temporary-credentials flow (env OSS_ROLE_ARN, default acs:ram::1234567890123456:role/web-uploader)')
  .option('--sts-endpoint <url>', 'STS endpoint for AssumeRole (env OSS_STS_ENDPOINT, default <oss endpoint>/_ossbox/sts)')
  .showHelpAfterError();

function loadConfig(): AppConfig {
  try {
    return resolveConfig(program.opts<CliValues>());
  } catch (err) {
    return program.error((err as Error).message, { exitCode: 2 });
  }
}

program.parse();
const config = loadConfig();

let baseUrl = config.publicUrl ?? '';
const server = createServer(createApp(config, () => `${baseUrl}/callback`));
server.listen(config.port, config.host);
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
baseUrl = config.publicUrl ?? url;
console.log(`web-direct-upload listening on ${url} (uploads to ${config.ossEndpoint}/${config.bucket}, callbacks to ${baseUrl}/callback)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
