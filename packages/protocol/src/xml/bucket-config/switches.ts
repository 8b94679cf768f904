/**
 * Bucket settings whose body is one value: versioning status, request payment and transfer
 * acceleration.
 *
 * - PutBucketVersioning: https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketversioning
 * - PutBucketRequestPayment: https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketrequestpayment
 * - PutBucketTransferAcceleration: https://www.alibabacloud.com/help/en/oss/developer-reference/putbuckettransferacceleration
 */
import { writeXmlDocument } from '../document.js';
import { readRoot, requiredText, text } from '../read.js';
import { oneOf } from './common.js';

/** `Enabled` or `Suspended` (a bucket that never had versioning has no status at all). */
export type VersioningStatus = 'Enabled' | 'Suspended';

/** Parse `<VersioningConfiguration><Status>`; a missing Status is MalformedXML, another value InvalidArgument. */
export function parseVersioningConfiguration(xml: string): VersioningStatus {
  return oneOf(requiredText(readRoot(xml, 'VersioningConfiguration'), 'Status').trim(), ['Enabled', 'Suspended'], 'Status');
}

/** `<VersioningConfiguration>` with the status, or empty for a bucket that never had versioning (GetBucketVersioning). */
export function buildVersioningConfiguration(status: VersioningStatus | undefined): string {
  return writeXmlDocument('VersioningConfiguration', status === undefined ? {} : { Status: status });
}

/** Who pays for requests: `BucketOwner` (the default) or `Requester`. */
export type RequestPayer = 'BucketOwner' | 'Requester';

/** Parse `<RequestPaymentConfiguration><Payer>`. */
export function parseRequestPaymentConfiguration(xml: string): RequestPayer {
  return oneOf(requiredText(readRoot(xml, 'RequestPaymentConfiguration'), 'Payer').trim(), ['BucketOwner', 'Requester'], 'Payer');
}

/** `<RequestPaymentConfiguration><Payer>…</Payer></RequestPaymentConfiguration>`. */
export function buildRequestPaymentConfiguration(payer: RequestPayer): string {
  return writeXmlDocument('RequestPaymentConfiguration', { Payer: payer });
}

/** Parse `<TransferAccelerationConfiguration><Enabled>true|false</Enabled>`. */
export function parseTransferAccelerationConfiguration(xml: string): boolean {
  const enabled = text(readRoot(xml, 'TransferAccelerationConfiguration'), 'Enabled')?.trim();
  return oneOf(enabled ?? '', ['true', 'false'], 'Enabled') === 'true';
}
