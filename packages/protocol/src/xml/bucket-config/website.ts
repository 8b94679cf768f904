/**
 * Static website hosting: `<WebsiteConfiguration>` of PutBucketWebsite and GetBucketWebsite.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketwebsite
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketwebsite
 */
import { ossError } from '../../errors.js';
import { writeXmlDocument } from '../document.js';
import type { XmlTree, XmlValue } from '../document.js';
import { boolean, child, children, integer, readRoot, requiredText, text } from '../read.js';
import { invalidArgument, oneOf, readXmlTree } from './common.js';

/** The parts of a website configuration that decide which object an anonymous GET gets. */
export interface WebsiteConfiguration {
  index?: {
    /** Default page, e.g. `index.html` (appended to the root and, with supportSubDir, to `…/`). */
    suffix: string;
    supportSubDir: boolean;
    /**
     * For a missing `key` without a trailing `/` when supportSubDir is on: `0` redirects (302) to
     * `key/` when `key/<suffix>` exists, `1` answers NoSuchKey (or the error document), `2`
     * serves `key/<suffix>` directly.
     */
    type: 0 | 1 | 2;
  };
  error?: {
    key: string;
    /** Status the error document is sent with: 404 (default) or 200. */
    httpStatus: 200 | 404;
  };
  /** How many `<RoutingRule>`s are stored (validated, not applied). */
  routingRuleCount: number;
}

/** At most this many routing rules (PutBucketWebsite reference). */
export const MAX_ROUTING_RULES = 20;

/**
 * Parse and check `<WebsiteConfiguration>`: at least one of IndexDocument, ErrorDocument and
 * RoutingRules; a non-empty `Suffix` without `/`; `Type` 0, 1 or 2; `HttpStatus` 200 or 404; each
 * routing rule has a positive, unique `RuleNumber`, at most {@link MAX_ROUTING_RULES} rules.
 * Throws MalformedXML for the shape and InvalidArgument for values.
 */
export function parseWebsiteConfiguration(xml: string): WebsiteConfiguration {
  const root = readRoot(xml, 'WebsiteConfiguration');
  const indexNode = child(root, 'IndexDocument');
  const errorNode = child(root, 'ErrorDocument');
  const rulesNode = child(root, 'RoutingRules');
  if (!indexNode && !errorNode && !rulesNode) {
    throw ossError('MalformedXML', { cause: new Error('No IndexDocument, ErrorDocument or RoutingRules') });
  }
  const config: WebsiteConfiguration = { routingRuleCount: 0 };
  if (indexNode) {
    const suffix = requiredText(indexNode, 'Suffix').trim();
    if (suffix === '' || suffix.includes('/')) throw invalidArgument('The index document suffix must be a non-empty name without "/".', 'Suffix', suffix);
    const type = Number(oneOf(text(indexNode, 'Type')?.trim() || '0', ['0', '1', '2'], 'Type')) as 0 | 1 | 2;
    config.index = { suffix, supportSubDir: boolean(indexNode, 'SupportSubDir') ?? false, type };
  }
  if (errorNode) {
    const key = requiredText(errorNode, 'Key').trim();
    if (key === '') throw invalidArgument('The error document key cannot be empty.', 'Key', key);
    const httpStatus = Number(oneOf(text(errorNode, 'HttpStatus')?.trim() || '404', ['200', '404'], 'HttpStatus')) as 200 | 404;
    config.error = { key, httpStatus };
  }
  if (rulesNode) {
    const rules = children(rulesNode, 'RoutingRule');
    if (rules.length > MAX_ROUTING_RULES) {
      throw invalidArgument(`At most ${MAX_ROUTING_RULES} routing rules are allowed.`, 'RoutingRule', String(rules.length));
    }
    const numbers = new Set<number>();
    for (const rule of rules) {
      const number = integer(rule, 'RuleNumber');
      if (number === undefined || number < 1 || numbers.has(number)) {
        throw invalidArgument('Each RoutingRule needs a unique, positive RuleNumber.', 'RuleNumber', String(number ?? ''));
      }
      numbers.add(number);
    }
    config.routingRuleCount = rules.length;
  }
  return config;
}

/**
 * The website configuration elements that hold a boolean (PutBucketWebsite reference: IndexDocument
 * and the routing rules' Redirect and MirrorHeaders).
 */
const BOOLEAN_ELEMENTS = new Set([
  'SupportSubDir',
  'PassQueryString',
  'MirrorPassQueryString',
  'MirrorFollowRedirect',
  'MirrorCheckMd5',
  'PassAll',
  'EnableReplacePrefix',
  'MirrorPassOriginalSlashes',
  'MirrorAllowHeadObject',
  'MirrorAllowVideoSnapshot',
  'MirrorAllowGetImageInfo',
  'MirrorUserLastModified',
  'MirrorIsExpressTunnel',
  'MirrorUsingRole',
  'MirrorSNI',
  'MirrorSwitchAllErrors',
  'MirrorProxyPass',
  'MirrorSaveOssMeta',
]);

function lowerBooleans(value: XmlValue, name: string): XmlValue {
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    return BOOLEAN_ELEMENTS.has(name) && (word === 'true' || word === 'false') ? word : value;
  }
  if (Array.isArray(value)) return value.map((item) => lowerBooleans(item, name)) as XmlValue;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: XmlTree = {};
    for (const [childName, childValue] of Object.entries(value)) out[childName] = lowerBooleans(childValue, childName);
    return name === 'Redirect' ? mirrorPassQueryString(out) : out;
  }
  return value;
}

/**
 * A Mirror redirect's MirrorPassQueryString takes the place of its PassQueryString (the
 * PutBucketWebsite reference gives it priority; the official Python SDK's test_website.py,
 * "pass_query_string will be covered by mirror_pass_query_string when Mirror redirect type",
 * expects GetBucketWebsite to answer PassQueryString with its value), written after RedirectType
 * when the request had no PassQueryString.
 */
function mirrorPassQueryString(redirect: XmlTree): XmlTree {
  const mirror = redirect['MirrorPassQueryString'];
  if (redirect['RedirectType'] !== 'Mirror' || (mirror !== 'true' && mirror !== 'false')) return redirect;
  if ('PassQueryString' in redirect) return { ...redirect, PassQueryString: mirror };
  const out: XmlTree = {};
  for (const [name, value] of Object.entries(redirect)) {
    out[name] = value;
    if (name === 'RedirectType') out['PassQueryString'] = mirror;
  }
  return out;
}

/**
 * The document PutBucketWebsite stores and GetBucketWebsite returns: the body re-serialized as
 * {@link canonicalXml} does, with boolean values written `true` / `false`. OSS reads them in any
 * case and answers them in lower case: the official Python SDK sends Python's `True` / `False`
 * (oss2 `str(rule.redirect.pass_query_string)`) and its parser takes only `true` / `false`, and
 * its tests/test_website.py, run against OSS, reads the routing rules back.
 */
export function canonicalWebsiteConfiguration(xml: string): string {
  return writeXmlDocument('WebsiteConfiguration', lowerBooleans(readXmlTree(xml, 'WebsiteConfiguration'), 'WebsiteConfiguration') as XmlTree);
}
