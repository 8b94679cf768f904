/**
 * The official `ali-oss` client pointed at a stack's emulator. ali-oss needs `localhost` +
 * `sldEnable` for path-style requests (docs/rest-api.md §5.1).
 */
import OSS from 'ali-oss';
import { emulatorCredentials } from './emulator-process.js';
import { E2E_BUCKET } from './stack.js';
import type { Stack } from './stack.js';

/** An unmodified ali-oss client on `stack`'s emulator and bucket, with V1 or V4 signatures. */
export function aliOssClient(stack: Stack, authorizationV4 = false): OSS {
  return new OSS({
    endpoint: `http://localhost:${stack.emulator.port}`,
    sldEnable: true,
    bucket: E2E_BUCKET,
    authorizationV4,
    timeout: 20_000,
    ...emulatorCredentials,
  });
}
