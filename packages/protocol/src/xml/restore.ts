/**
 * The `<RestoreRequest>` body of RestoreObject
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/restoreobject):
 * `<RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>`.
 * Archive objects need no body; Cold Archive and Deep Cold Archive objects take the tier.
 */
import { writeXmlDocument } from './document.js';
import { child, integer, readRoot, text } from './read.js';

/** What a RestoreObject body asks for; every field is optional on the wire. */
export interface RestoreRequest {
  /** How long the restored copy stays readable, in days. */
  days?: number;
  /** `JobParameters/Tier`: `Expedited`, `Standard` or `Bulk` (Cold Archive, Deep Cold Archive). */
  tier?: string;
}

/** Build a `<RestoreRequest>` document. */
export function buildRestoreRequest(r: RestoreRequest): string {
  return writeXmlDocument('RestoreRequest', {
    Days: r.days,
    JobParameters: r.tier === undefined ? undefined : { Tier: r.tier },
  });
}

/**
 * Parse a `<RestoreRequest>`; throws MalformedXML when it is not well formed, has another root, or
 * `<Days>` is not a non-negative integer. Ranges are the caller's (they depend on the storage class).
 */
export function parseRestoreRequest(xml: string): RestoreRequest {
  const root = readRoot(xml, 'RestoreRequest');
  const days = integer(root, 'Days');
  const job = child(root, 'JobParameters');
  const tier = job === undefined ? undefined : text(job, 'Tier');
  return { ...(days === undefined ? {} : { days }), ...(tier === undefined ? {} : { tier }) };
}
