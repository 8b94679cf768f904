/**
 * The emulator's command line and environment: each flag is one row of {@link CLI_FLAGS} (commander
 * builds `--help` from them), read into {@link EmulatorOptions} for `resolveConfig` (./config.ts).
 * This is the only module that reads `process.env`. Adding a flag means adding a row here and the
 * matching option field in ./config.ts.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, DEFAULT_ACCESS_KEY } from './config.js';
import type { EmulatorOptions } from './config.js';
import { FaultRuleError, parseFaultRulesJson } from './faults/fault-rule.js';
import type { FaultRuleSpec } from './faults/fault-rule.js';
import { VERSION } from './version.js';

/**
 * `--seed` values as an option: one `<dir>` (into the only bucket), or `<bucket>=<dir>` each. A
 * directory whose name starts with `<something>=` is written `./name`.
 */
function seedOption(values: readonly string[]): EmulatorOptions['seed'] {
  const pairs = values.map((value) => /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])=(.+)$/.exec(value));
  if (pairs.every((p) => p === null) && values.length === 1) return values[0]!;
  const seed: Record<string, string> = {};
  for (const [i, pair] of pairs.entries()) {
    if (pair === null) {
      throw new ConfigError(`--seed ${values[i]}: with several --seed, each is <bucket>=<dir> (a single <dir> goes into the only --bucket)`);
    }
    if (pair[1]! in seed) throw new ConfigError(`--seed: bucket ${pair[1]} is given twice`);
    seed[pair[1]!] = pair[2]!;
  }
  return seed;
}

/** One CLI flag and its environment variable. */
export interface CliFlag {
  /** Commander flag syntax, e.g. `--port <number>`. */
  flags: string;
  env: string;
  description: string;
  /** Repeatable flags collect into an array; their env var is comma-separated. */
  repeatable?: boolean;
  /** Boolean switches; their env var is `1`/`true`. */
  boolean?: boolean;
  /** Repeatable flags whose env var holds JSON (one value or an array), not a comma-separated list. */
  json?: boolean;
}

/** Every CLI flag, in `--help` order. */
export const CLI_FLAGS: readonly CliFlag[] = [
  { flags: '--host <host>', env: 'OSSBOX_HOST', description: 'interface to listen on (default: 127.0.0.1)' },
  { flags: '--port <port>', env: 'OSSBOX_PORT', description: 'port to listen on, 0 for any free port (default: 9000)' },
  { flags: '--location <dir>', env: 'OSSBOX_LOCATION', description: 'data directory (default: ./.ossbox-data)' },
  { flags: '--bucket <name>', env: 'OSSBOX_BUCKET', description: 'bucket to create at start; repeatable', repeatable: true },
  {
    flags: '--access-key-id <id>',
    env: 'OSSBOX_ACCESS_KEY_ID',
    description: 'accepted access key id, paired in order with --access-key-secret; repeatable (default: ossbox)',
    repeatable: true,
  },
  {
    flags: '--access-key-secret <secret>',
    env: 'OSSBOX_ACCESS_KEY_SECRET',
    description: 'secret for the access key id at the same position; repeatable (default: ossbox-secret)',
    repeatable: true,
  },
  { flags: '--region <region>', env: 'OSSBOX_REGION', description: 'region for V4 signatures and bucket locations (default: cn-hangzhou)' },
  {
    flags: '--hostname <name>',
    env: 'OSSBOX_HOSTNAME',
    description:
      'host name for path-style requests; <bucket>.<name> is virtual-hosted; repeatable (default: localhost and 127.0.0.1)',
    repeatable: true,
  },
  {
    flags: '--min-part-size <bytes>',
    env: 'OSSBOX_MIN_PART_SIZE',
    description: 'minimum size of non-last multipart parts at Complete (default: 102400, as OSS)',
  },
  {
    flags: '--callback-timeout <ms>',
    env: 'OSSBOX_CALLBACK_TIMEOUT',
    description: 'time budget of one upload callback attempt (default: 5000, as OSS)',
  },
  {
    flags: '--strict-callback-urls',
    env: 'OSSBOX_STRICT_CALLBACK_URLS',
    description: 'refuse callback URLs on private, loopback and IPv6 addresses like OSS (default: allow with a warning)',
    boolean: true,
  },
  {
    flags: '--public-url <url>',
    env: 'OSSBOX_PUBLIC_URL',
    description: 'base URL callback receivers reach the emulator at, for x-oss-pub-key-url (default: the listening URL)',
  },
  {
    flags: '--header-timeout <ms>',
    env: 'OSSBOX_HEADER_TIMEOUT',
    description: 'deadline for a request head; a slower one gets 400 RequestTimeout (default: 60000)',
  },
  {
    flags: '--idle-timeout <ms>',
    env: 'OSSBOX_IDLE_TIMEOUT',
    description:
      'close a connection idle this long; a request body that stalls gets 400 RequestTimeout; idle time, not total (default: 60000; 0: never)',
  },
  {
    flags: '--max-connections <n>',
    env: 'OSSBOX_MAX_CONNECTIONS',
    description: 'most simultaneous connections; more are closed on accept (default: 512; 0: no cap)',
  },
  {
    flags: '--cors-allow-origin <origin>',
    env: 'OSSBOX_CORS_ALLOW_ORIGIN',
    description:
      'let pages from this origin (* wildcard allowed, * for any) call the buckets created at start: gives them a permissive CORS rule; repeatable (default: no CORS rules)',
    repeatable: true,
  },
  {
    flags: '--admin-token <token>',
    env: 'OSSBOX_ADMIN_TOKEN',
    description:
      'token the /_ossbox/ endpoints (but health and the callback key) require, as "Authorization: Bearer <token>" or ?token= on GET (default: none on a loopback host; on any other a generated one, printed at start)',
  },
  {
    flags: '--restore-delay <ms>',
    env: 'OSSBOX_RESTORE_DELAY',
    description: 'time RestoreObject takes before an Archive/ColdArchive object is readable (default: 3000; 0: at once)',
  },
  {
    flags: '--seed <dir>',
    env: 'OSSBOX_SEED',
    description:
      'import a directory tree as objects at start and at every reset (keys: relative paths; content type from the extension): <dir> into the only --bucket, or <bucket>=<dir> (bucket created); repeatable',
    repeatable: true,
  },
  {
    flags: '--role <arn=policy.json>',
    env: 'OSSBOX_ROLE',
    description:
      'a RAM role STS AssumeRole (POST /_ossbox/sts) can issue credentials for, with the file holding its RAM policy; repeatable (default: none)',
    repeatable: true,
  },
  {
    flags: '--sts-min-duration <seconds>',
    env: 'OSSBOX_STS_MIN_DURATION',
    description: 'shortest DurationSeconds AssumeRole accepts; lower it only for tests of expiry (default: 900, as STS)',
  },
  {
    flags: '--fault <json>',
    env: 'OSSBOX_FAULTS',
    description:
      'fault rule installed at start, e.g. \'{"operation":"UploadPart","first":2,"effect":{"type":"error","code":"InternalError"}}\'; ' +
      'repeatable; the env var holds one rule or a JSON array; rules are also managed at /_ossbox/faults (default: none)',
    repeatable: true,
    json: true,
  },
  {
    flags: '--faults-file <path>',
    env: 'OSSBOX_FAULTS_FILE',
    description: 'JSON file with an array of fault rules installed at start (default: none)',
  },
  { flags: '--silent', env: 'OSSBOX_SILENT', description: 'log nothing but the start banner', boolean: true },
  { flags: '--debug', env: 'OSSBOX_DEBUG', description: 'log every request and every callback attempt', boolean: true },
];

function attributeName(flag: CliFlag): string {
  const long = /--([a-z-]+)/.exec(flag.flags)![1]!;
  return long.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The commander program describing every flag (used by `main.ts` and for `--help`). */
export function createCliProgram(): Command {
  const program = new Command('ossbox-emulator')
    .description(
      // One paragraph per line: commander wraps each to the terminal width.
      'A local Alibaba Cloud OSS emulator: stores objects on disk, verifies V1/V4 signatures and fires ' +
        'RSA-signed upload callbacks.\n' +
        `Default credentials: access key id "${DEFAULT_ACCESS_KEY.accessKeyId}", secret "${DEFAULT_ACCESS_KEY.accessKeySecret}".\n` +
        'Each flag can also be set through the environment variable shown (repeatable flags: comma-separated).',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .allowExcessArguments(false)
    .showHelpAfterError('(run ossbox-emulator --help for usage)')
    // Throw instead of exiting: main.ts maps every usage error to exit code 2, as the receiver.
    .exitOverride();
  for (const flag of CLI_FLAGS) {
    const option = new Option(flag.flags, `${flag.description} [env: ${flag.env}]`);
    if (flag.repeatable) option.argParser(collect);
    program.addOption(option);
  }
  return program;
}

function parseInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** `--role <arn>=<policy file>` → [arn, the file's text]. */
function readRoleFlag(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new ConfigError(`--role must be <role arn>=<policy file>, got "${value}"`);
  const path = value.slice(eq + 1);
  try {
    return [value.slice(0, eq), readFileSync(path, 'utf8')];
  } catch (error) {
    throw new ConfigError(`--role ${value.slice(0, eq)}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Read CLI arguments (as `process.argv`) and environment variables into options; flags win over
 * the environment. On `--help`, `--version` or a usage error commander prints its text and this
 * throws a `CommanderError` (exit code 0 for help and version); bad values throw {@link ConfigError}.
 */
export function optionsFromCli(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): EmulatorOptions {
  const program = createCliProgram();
  program.parse([...argv]);
  const parsed = program.opts<Record<string, string | string[] | boolean | undefined>>();
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const flag of CLI_FLAGS) {
    const name = attributeName(flag);
    const fromEnv = env[flag.env];
    let value = parsed[name];
    if (value === undefined && fromEnv !== undefined && fromEnv !== '') {
      if (flag.boolean) value = /^(1|true|yes)$/i.test(fromEnv);
      else if (flag.json) value = [fromEnv];
      else if (flag.repeatable) value = fromEnv.split(',').map((v) => v.trim()).filter(Boolean);
      else value = fromEnv;
    }
    values[name] = value;
  }
  const ids = (values.accessKeyId as string[] | undefined) ?? [];
  const secrets = (values.accessKeySecret as string[] | undefined) ?? [];
  if (ids.length !== secrets.length) {
    throw new ConfigError('--access-key-id and --access-key-secret must be given the same number of times');
  }
  const options: EmulatorOptions = {
    accessKeys: ids.map((accessKeyId, i) => ({ accessKeyId, accessKeySecret: secrets[i]! })),
    logLevel: values.silent ? 'silent' : values.debug ? 'debug' : 'info',
  };
  if (typeof values.host === 'string') options.host = values.host;
  if (typeof values.port === 'string') options.port = parseInteger('--port', values.port);
  if (typeof values.location === 'string') options.location = values.location;
  if (Array.isArray(values.bucket)) options.buckets = values.bucket;
  if (typeof values.region === 'string') options.region = values.region;
  if (Array.isArray(values.hostname)) options.hostnames = values.hostname;
  if (typeof values.minPartSize === 'string') options.minPartSize = parseInteger('--min-part-size', values.minPartSize);
  if (typeof values.callbackTimeout === 'string') {
    options.callbackTimeoutMs = parseInteger('--callback-timeout', values.callbackTimeout);
  }
  if (values.strictCallbackUrls === true) options.strictCallbackUrls = true;
  if (typeof values.publicUrl === 'string') options.publicUrl = values.publicUrl;
  if (typeof values.headerTimeout === 'string') options.headerTimeoutMs = parseInteger('--header-timeout', values.headerTimeout);
  if (typeof values.idleTimeout === 'string') options.idleTimeoutMs = parseInteger('--idle-timeout', values.idleTimeout);
  if (typeof values.maxConnections === 'string') options.maxConnections = parseInteger('--max-connections', values.maxConnections);
  if (Array.isArray(values.corsAllowOrigin)) options.corsAllowOrigins = values.corsAllowOrigin;
  if (typeof values.adminToken === 'string') options.adminToken = values.adminToken;
  if (typeof values.restoreDelay === 'string') options.restoreDelayMs = parseInteger('--restore-delay', values.restoreDelay);
  if (Array.isArray(values.seed) && values.seed.length > 0) options.seed = seedOption(values.seed);
  if (Array.isArray(values.role)) options.roles = Object.fromEntries(values.role.map(readRoleFlag));
  if (typeof values.stsMinDuration === 'string') {
    options.stsMinDurationSeconds = parseInteger('--sts-min-duration', values.stsMinDuration);
  }
  // Name the source in errors: the flag, or its variable when the flag was not given.
  const faultSource = parsed.fault === undefined ? 'OSSBOX_FAULTS' : '--fault';
  const faults = faultsFromCli(values.fault as string[] | undefined, faultSource, values.faultsFile as string | undefined);
  if (faults.length > 0) options.faults = faults;
  return options;
}

/** The rules of every `--fault` value (or `OSSBOX_FAULTS`) and of the `--faults-file` file, validated. */
function faultsFromCli(texts: readonly string[] = [], source: string, file: string | undefined): FaultRuleSpec[] {
  try {
    const rules = texts.flatMap((text) => parseFaultRulesJson(text, source));
    if (file === undefined) return rules;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new FaultRuleError(`--faults-file ${file}: ${(error as Error).message}`);
    }
    return [...rules, ...parseFaultRulesJson(text, `--faults-file ${file}`)];
  } catch (error) {
    if (error instanceof FaultRuleError) throw new ConfigError(error.message);
    throw error;
  }
}
