/**
 * Access logging: `<BucketLoggingStatus>` of PutBucketLogging and GetBucketLogging.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketlogging
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketlogging
 */
import { child, readRoot, requiredText, text } from '../read.js';

/** Where access logs go. */
export interface BucketLogging {
  targetBucket: string;
  /** Key prefix of the log objects; `''` when none. */
  targetPrefix: string;
}

/**
 * Parse `<BucketLoggingStatus>`: `<LoggingEnabled>` with a required `<TargetBucket>` and an
 * optional `<TargetPrefix>`, or nothing at all (logging off). Throws MalformedXML.
 */
export function parseBucketLoggingStatus(xml: string): BucketLogging | undefined {
  const enabled = child(readRoot(xml, 'BucketLoggingStatus'), 'LoggingEnabled');
  if (enabled === undefined) return undefined;
  return { targetBucket: requiredText(enabled, 'TargetBucket').trim(), targetPrefix: text(enabled, 'TargetPrefix') ?? '' };
}
