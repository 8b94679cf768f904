/**
 * The app server's settings: flags, then environment variables, then defaults that match
 * `pnpm dev` (emulator on :9000, bucket `examplebucket`). The only reader of `process.env`.
 */
import { InvalidArgumentError as CommanderArgumentError } from 'commander';

/** Settings as given on the command line (commander's output). */
export interface CliValues {
  port?: string;
  host?: string;
  ossEndpoint?: string;
  bucket?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  region?: string;
  publicUrl?: string;
  keyPrefix?: string;
  maxSize?: string;
  trustKeyUrlPrefix?: string;
  roleArn?: string;
  stsEndpoint?: string;
}

/** The validated, frozen settings. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** OSS (or the emulator) the page uploads to. */
  readonly ossEndpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly region: string;
  /** Base URL where OSS reaches this server's `/callback`; default `http://<host>:<port>`. */
  readonly publicUrl: string | undefined;
  /** Every key the page may write starts with this. */
  readonly keyPrefix: string;
  /** Largest PostObject upload the policy allows, in bytes. */
  readonly maxSize: number;
  /** Callback public keys are trusted under this prefix (the emulator's); official OSS keys always are. */
  readonly trustKeyUrlPrefix: string;
  /** The RAM role whose temporary credentials the STS flow hands out (the emulator's `--role`). */
  readonly roleArn: string;
  /** STS endpoint for AssumeRole; default the emulator's `<oss endpoint>/_ossbox/sts`. */
  readonly stsEndpoint: string;
}

/** The role `pnpm dev` gives the emulator (`--role`, with `role-policy.json`). */
export const DEFAULT_ROLE_ARN = 'acs:ram::1234567890123456:role/web-uploader';

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new CommanderArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CommanderArgumentError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CommanderArgumentError(`${name} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** Flags win over `WEB_DIRECT_UPLOAD_*` / `OSS_*` environment variables, which win over defaults. */
export function resolveConfig(cli: CliValues, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const ossEndpoint = httpUrl(cli.ossEndpoint ?? env.OSS_ENDPOINT ?? 'http://127.0.0.1:9000', 'oss endpoint');
  const publicUrl = cli.publicUrl ?? env.WEB_DIRECT_UPLOAD_PUBLIC_URL;
  const keyPrefix = cli.keyPrefix ?? env.WEB_DIRECT_UPLOAD_KEY_PREFIX ?? 'uploads/';
  if (keyPrefix === '' || keyPrefix.startsWith('/')) throw new CommanderArgumentError('key prefix must be non-empty and not start with "/"');
  return Object.freeze({
    port: integer(cli.port ?? env.WEB_DIRECT_UPLOAD_PORT ?? '5173', 'port', 0, 65535),
    host: cli.host ?? env.WEB_DIRECT_UPLOAD_HOST ?? '127.0.0.1',
    ossEndpoint,
    bucket: cli.bucket ?? env.OSS_BUCKET ?? 'examplebucket',
    accessKeyId: cli.accessKeyId ?? env.OSS_ACCESS_KEY_ID ?? 'ossbox',
    accessKeySecret: cli.accessKeySecret ?? env.OSS_ACCESS_KEY_SECRET ?? 'ossbox-secret',
    region: cli.region ?? env.OSS_REGION ?? 'cn-hangzhou',
    publicUrl: publicUrl === undefined ? undefined : httpUrl(publicUrl, 'public URL'),
    keyPrefix,
    maxSize: integer(cli.maxSize ?? env.WEB_DIRECT_UPLOAD_MAX_SIZE ?? String(10 * 1024 * 1024), 'max size', 1, 5 * 1024 ** 3),
    trustKeyUrlPrefix: cli.trustKeyUrlPrefix ?? env.WEB_DIRECT_UPLOAD_TRUST_KEY_URL_PREFIX ?? `${ossEndpoint}/_ossbox/`,
    roleArn: cli.roleArn ?? env.OSS_ROLE_ARN ?? DEFAULT_ROLE_ARN,
    stsEndpoint: httpUrl(cli.stsEndpoint ?? env.OSS_STS_ENDPOINT ?? `${ossEndpoint}/_ossbox/sts`, 'STS endpoint'),
  });
}
