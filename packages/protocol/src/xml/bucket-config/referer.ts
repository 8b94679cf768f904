/**
 * Hotlink protection: `<RefererConfiguration>` of PutBucketReferer and GetBucketReferer.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreferer
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketreferer
 */
import { writeXmlDocument } from '../document.js';
import { boolean, child, readRoot, requiredBoolean, texts } from '../read.js';
import { invalidArgument } from './common.js';

/** A bucket's Referer rules. Patterns may use `*` (any characters) and `?` (one character). */
export interface RefererConfiguration {
  allowEmptyReferer: boolean;
  /** Whether the query string of the Referer is ignored when matching (OSS default: true). */
  allowTruncateQueryString: boolean;
  /** Whether only scheme, host and port of the Referer are matched (needs allowTruncateQueryString). */
  truncatePath: boolean;
  /** Whitelist; empty means any Referer that is not blacklisted. */
  referers: string[];
  blacklist: string[];
}

/** What a bucket that was never configured (or after DeleteBucketReferer) has. */
export const DEFAULT_REFERER_CONFIGURATION: Readonly<RefererConfiguration> = Object.freeze({
  allowEmptyReferer: true,
  allowTruncateQueryString: true,
  truncatePath: false,
  referers: [],
  blacklist: [],
});

/** PutBucketReferer accepts at most this many bytes of body. */
export const MAX_REFERER_XML_BYTES = 20 * 1024;

/**
 * The `<Referer>` patterns of a list. An empty `<Referer></Referer>` adds no pattern: it is how the
 * official Go SDK clears the whitelist (`SetBucketReferer(bucket, nil, …)` sends exactly one, and
 * its TestSetBucketReferer, run against OSS, expects success and an empty list back).
 */
function list(root: Parameters<typeof child>[0], name: string): string[] {
  const node = child(root, name);
  return node === undefined ? [] : texts(node, 'Referer').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Parse `<RefererConfiguration>`: `AllowEmptyReferer` is required; `RefererList` and
 * `RefererBlacklist` hold `<Referer>` patterns (empty ones are skipped); `TruncatePath` needs
 * `AllowTruncateQueryString` (InvalidArgument otherwise). Throws MalformedXML for the shape.
 */
export function parseRefererConfiguration(xml: string): RefererConfiguration {
  const root = readRoot(xml, 'RefererConfiguration');
  const config: RefererConfiguration = {
    allowEmptyReferer: requiredBoolean(root, 'AllowEmptyReferer'),
    allowTruncateQueryString: boolean(root, 'AllowTruncateQueryString') ?? true,
    truncatePath: boolean(root, 'TruncatePath') ?? false,
    referers: list(root, 'RefererList'),
    blacklist: list(root, 'RefererBlacklist'),
  };
  if (config.truncatePath && !config.allowTruncateQueryString) {
    throw invalidArgument('TruncatePath requires AllowTruncateQueryString to be true.', 'TruncatePath', 'true');
  }
  return config;
}

/** `<RefererConfiguration>` as GetBucketReferer returns it (both lists always present). */
export function buildRefererConfiguration(config: RefererConfiguration): string {
  return writeXmlDocument('RefererConfiguration', {
    AllowEmptyReferer: config.allowEmptyReferer,
    AllowTruncateQueryString: config.allowTruncateQueryString,
    TruncatePath: config.truncatePath,
    RefererList: { Referer: config.referers },
    RefererBlacklist: { Referer: config.blacklist },
  });
}
