/**
 * Bucket CORS bodies: `<CORSConfiguration>` of PutBucketCors (request) and GetBucketCors
 * (response), and the OSS limits PutBucketCors enforces.
 *
 * - PutBucketCors: https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketcors
 * - GetBucketCors: https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketcors
 */
import { ossError } from '../errors.js';
import { writeXmlDocument } from './document.js';
import type { XmlTree } from './document.js';
import { boolean, children, integer, malformedXml, readRoot, texts } from './read.js';
import type { CorsConfiguration, CorsRule } from './types.js';

/** The methods an `AllowedMethod` may name (EC 0034-00000011 for anything else). */
export const CORS_METHODS = ['GET', 'PUT', 'DELETE', 'POST', 'HEAD'] as const;

/** At most this many `CORSRule`s per bucket (PutBucketCors reference). */
export const MAX_CORS_RULES = 10;

/** Largest PutBucketCors body OSS accepts, in bytes ("up to 16 KB", official SDK model docs). */
export const MAX_CORS_XML_BYTES = 16 * 1024;

/**
 * `<CORSConfiguration>` with its rules in order, then `ResponseVary` (the GetBucketCors example's
 * layout; `ResponseVary` is always written, `false` by default).
 */
export function buildCorsConfiguration(config: CorsConfiguration): string {
  return writeXmlDocument('CORSConfiguration', {
    CORSRule: config.rules.map((rule): XmlTree => ({
      AllowedOrigin: rule.allowedOrigins,
      AllowedMethod: rule.allowedMethods,
      AllowedHeader: rule.allowedHeaders,
      ExposeHeader: rule.exposeHeaders,
      MaxAgeSeconds: rule.maxAgeSeconds,
    })),
    ResponseVary: config.responseVary,
  });
}

function readRule(node: Parameters<typeof texts>[0]): CorsRule {
  const rule: CorsRule = {
    allowedOrigins: texts(node, 'AllowedOrigin').map((s) => s.trim()),
    allowedMethods: texts(node, 'AllowedMethod').map((s) => s.trim()),
    allowedHeaders: texts(node, 'AllowedHeader').map((s) => s.trim()),
    exposeHeaders: texts(node, 'ExposeHeader').map((s) => s.trim()),
  };
  if (rule.allowedOrigins.length === 0) throw malformedXml('Missing <AllowedOrigin>');
  if (rule.allowedMethods.length === 0) throw malformedXml('Missing <AllowedMethod>');
  const maxAge = integer(node, 'MaxAgeSeconds');
  if (maxAge !== undefined) rule.maxAgeSeconds = maxAge;
  return rule;
}

/**
 * Parse `<CORSConfiguration>` (the shape only: every rule has an `AllowedOrigin` and an
 * `AllowedMethod`, `MaxAgeSeconds` is an integer, `ResponseVary` is a boolean). Throws
 * OssProtocolError('MalformedXML'); a configuration without any `<CORSRule>` is malformed too
 * (EC 0034-00000002, https://www.alibabacloud.com/help/en/oss/user-guide/0034-00000002).
 * Use {@link validateCorsConfiguration} for the OSS value limits.
 */
export function parseCorsConfiguration(xml: string): CorsConfiguration {
  const root = readRoot(xml, 'CORSConfiguration');
  const rules = children(root, 'CORSRule').map(readRule);
  if (rules.length === 0) {
    throw ossError('MalformedXML', { ec: '0034-00000002', cause: new Error('No <CORSRule> in <CORSConfiguration>') });
  }
  return { rules, responseVary: boolean(root, 'ResponseVary') ?? false };
}

function invalid(message: string, name: string, value: string, ec?: string) {
  const options: Parameters<typeof ossError>[1] = { message, details: { ArgumentName: name, ArgumentValue: value } };
  if (ec !== undefined) options.ec = ec;
  return ossError('InvalidArgument', options);
}

const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * Check the limits PutBucketCors enforces; throws OssProtocolError('InvalidArgument'):
 * at most {@link MAX_CORS_RULES} rules; `AllowedOrigin` non-empty with at most one `*`;
 * `AllowedMethod` one of {@link CORS_METHODS} (EC 0034-00000011); `AllowedHeader` with at most
 * one `*`; `ExposeHeader` without `*` or markup characters (EC 0034-00000013,
 * https://www.alibabacloud.com/help/en/oss/user-guide/0034-00000013).
 */
export function validateCorsConfiguration(config: CorsConfiguration): void {
  if (config.rules.length > MAX_CORS_RULES) {
    throw invalid(`At most ${MAX_CORS_RULES} CORS rules are allowed.`, 'CORSRule', String(config.rules.length));
  }
  for (const rule of config.rules) {
    for (const origin of rule.allowedOrigins) {
      if (origin === '' || count(origin, '*') > 1) {
        throw invalid('AllowedOrigin must be non-empty and contain at most one "*".', 'AllowedOrigin', origin);
      }
    }
    for (const method of rule.allowedMethods) {
      if (!(CORS_METHODS as readonly string[]).includes(method)) {
        throw invalid(`AllowedMethod must be one of ${CORS_METHODS.join(', ')}.`, 'AllowedMethod', method, '0034-00000011');
      }
    }
    for (const header of rule.allowedHeaders) {
      if (count(header, '*') > 1) throw invalid('AllowedHeader may contain at most one "*".', 'AllowedHeader', header);
    }
    for (const header of rule.exposeHeaders) {
      if (header === '' || /[*<>&'"]/.test(header)) {
        throw invalid('ExposeHeader must be a header name without *, <, >, &, \' or ".', 'ExposeHeader', header, '0034-00000013');
      }
    }
  }
}
