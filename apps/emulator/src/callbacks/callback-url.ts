/**
 * Callback URLs: whether production OSS would refuse the address (docs/callback-protocol.md §1.3, §2.1).
 * Parsing is `parseCallbackUrl` of `@ossbox/protocol`, the same parser the request-side
 * validation uses, so the URL validated is the URL called.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIPv4, isIPv6 } from 'node:net';
import { parseCallbackUrl, type CallbackTarget } from '@ossbox/protocol';
import { privateAddressError } from './callback-failure.js';

/** Where a callback host points, as production OSS sees it. Only `public` is accepted by OSS. */
export type CallbackHostKind = 'loopback' | 'private' | 'ipv6' | 'public';

/**
 * Classify an IP address; undefined when `address` is not an IP literal.
 * 0.0.0.0/8 and `::` count as loopback: connecting to them reaches the local machine.
 */
export function classifyAddress(address: string): CallbackHostKind | undefined {
  if (isIPv4(address)) return classifyIPv4(address.split('.').map(Number));
  if (!isIPv6(address)) return undefined;
  const groups = expandIPv6(address);
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  if (groups.slice(0, 7).every((g) => g === 0) && g7 <= 1) return 'loopback';
  if (groups.slice(0, 5).every((g) => g === 0) && g5 === 0xffff) {
    const v4 = classifyIPv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
    return v4 === 'public' ? 'ipv6' : v4;
  }
  if ((g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80) return 'private';
  return 'ipv6';
}

/**
 * Classify the host of a callback URL without resolving it: IP literals by range, `localhost`
 * (and `*.localhost`, RFC 6761) as loopback, every other name as public.
 */
export function classifyHost(hostname: string): CallbackHostKind {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  return classifyAddress(host) ?? 'public';
}

/**
 * What OSS would object to in a resolved address list: the first loopback/private address, or
 * `ipv6` when there is no IPv4 address at all (OSS does not call back over IPv6, §1.3).
 * Undefined when OSS would accept it.
 */
export function refusedKindOf(addresses: readonly LookupAddress[]): CallbackHostKind | undefined {
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'loopback' || kind === 'private') return kind;
  }
  return addresses.some((a) => a.family === 4) ? undefined : 'ipv6';
}

/** Resolves a host name to all its addresses (`dns.lookup` with `all: true` by default). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

const resolveAllWithDns: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/** Options of {@link assertCallbackUrlsAllowed}. */
export interface CallbackUrlCheckOptions {
  /** Refuse private, loopback and IPv6 targets like OSS does. Without it the check is a no-op. */
  strict: boolean;
  /** Resolver for host names (tests); defaults to `dns.lookup`. */
  resolveAll?: ResolveAll;
}

/**
 * The request-side address check, to run with the other callback validation **before the object
 * is stored**. In strict mode it throws OSS's 400 (EC 0007-00000008) when a URL's host is, or
 * resolves to, a private/loopback address, or is IPv6-only.
 *
 * Why a 400 and not a 203: OSS lists the private-address refusal under the `callbackUrl`
 * parameter rules (§1.3) and its EC is in the 0007-000000xx range of parameter errors, which
 * are returned before anything is stored (§1.7, §3.3); 203 ECs are 0007-000002xx.
 * A name that does not resolve is let through: OSS would fail it at callback time instead
 * (`-1 … can not connect`), and so does delivery.
 *
 * @example
 * await assertCallbackUrlsAllowed(params.urls, { strict: config.strictCallbackUrls });
 */
export async function assertCallbackUrlsAllowed(
  urls: readonly string[],
  options: CallbackUrlCheckOptions,
): Promise<void> {
  if (!options.strict) return;
  const resolveAll = options.resolveAll ?? resolveAllWithDns;
  for (const url of urls) {
    let target: CallbackTarget;
    try {
      target = parseCallbackUrl(url);
    } catch {
      continue; // unusable URLs fail at delivery with the connect message, as OSS reports them
    }
    if (classifyHost(target.hostname) !== 'public') throw privateAddressError(url);
    if (classifyAddress(target.hostname) !== undefined) continue;
    let addresses: LookupAddress[];
    try {
      addresses = await resolveAll(target.hostname);
    } catch {
      continue;
    }
    if (refusedKindOf(addresses) !== undefined) throw privateAddressError(url);
  }
}

/** Error code carried by the error {@link strictLookup} reports for a refused address. */
export const PRIVATE_ADDRESS_ERROR_CODE = 'ERR_OSSBOX_PRIVATE_ADDRESS';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The `lookup` signature `http.request` accepts. */
export type StrictLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for `http.request` in strict mode: resolves, refuses private/loopback/IPv6-only
 * results with {@link PRIVATE_ADDRESS_ERROR_CODE}, and connects over IPv4 only. Checking the
 * addresses actually connected to closes the gap between the pre-store check and delivery.
 */
export function createStrictLookup(resolveAll: ResolveAll = resolveAllWithDns): StrictLookup {
  return (hostname, options, callback) => {
    resolveAll(hostname).then(
      (addresses) => {
        const refused = refusedKindOf(addresses);
        if (refused !== undefined) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to a ${refused} address`);
          error.code = PRIVATE_ADDRESS_ERROR_CODE;
          return callback(error, []);
        }
        const v4 = addresses.filter((a) => a.family === 4);
        if (options.all) return callback(null, v4);
        callback(null, v4[0]?.address ?? '', 4);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

function classifyIPv4([a = 0, b = 0]: number[]): CallbackHostKind {
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
    return 'private';
  }
  return 'public';
}

/** The eight 16-bit groups of a valid IPv6 address (embedded IPv4 tail allowed). */
function expandIPv6(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
