/**
 * Lifecycle rules: `<LifecycleConfiguration>` of PutBucketLifecycle and GetBucketLifecycle.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketlifecycle
 * - EC pages cited below, e.g. https://www.alibabacloud.com/help/en/oss/user-guide/0014-00000060
 */
import { ossError } from '../../errors.js';
import type { XmlElement } from '../document.js';
import { boolean, child, children, readRoot, requiredText, text } from '../read.js';
import type { Tag } from '../tagging.js';
import { invalidArgument, oneOf } from './common.js';

/** When an action applies: days after the last modification, or to objects modified before a date. */
export interface LifecycleAge {
  days?: number;
  createdBeforeDate?: Date;
}

/** A storage-class change (validated and stored; not applied by the emulator). */
export interface LifecycleTransition extends LifecycleAge {
  storageClass: string;
  isAccessTime: boolean;
}

/** One `<Rule>`: which objects it covers and what it does to them. */
export interface LifecycleRule {
  id?: string;
  /** Key prefix; `''` covers the whole bucket. */
  prefix: string;
  status: 'Enabled' | 'Disabled';
  /** Objects must carry every one of these tags. */
  tags: Tag[];
  /** `<Filter><Not>`: objects under this prefix (and with this tag, when given) are excluded. */
  not?: { prefix: string; tag?: Tag };
  objectSizeGreaterThan?: number;
  objectSizeLessThan?: number;
  /**
   * `date`: the legacy `<Expiration><Date>` (an absolute expiry: every object the rule selects
   * expires once that UTC midnight has passed), which the official Go (1.x) and Python (oss2)
   * SDKs still send for a rule built from a date.
   */
  expiration?: LifecycleAge & { expiredObjectDeleteMarker?: boolean; date?: Date };
  transitions: LifecycleTransition[];
  abortMultipartUpload?: LifecycleAge;
  /** Noncurrent-version actions are validated and stored; the emulator keeps no versions. */
  hasNoncurrentVersionActions: boolean;
}

/** At most this many rules per bucket (PutBucketLifecycle reference). */
export const MAX_LIFECYCLE_RULES = 1000;

/** Storage classes a transition may move objects to. */
export const TRANSITION_STORAGE_CLASSES = ['IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const;

function positiveInteger(node: XmlElement, name: string): number | undefined {
  const value = text(node, name)?.trim();
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw invalidArgument(`${name} must be a positive integer.`, name, value);
  return Number(value);
}

/** `CreatedBeforeDate` (or the legacy `Date`) must be a UTC midnight in ISO 8601 (`yyyy-MM-ddT00:00:00.000Z`). */
function midnight(node: XmlElement, name = 'CreatedBeforeDate'): Date | undefined {
  const value = text(node, name)?.trim();
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value) || Number.isNaN(date.getTime())) {
    throw invalidArgument(`${name} must be a UTC midnight in ISO 8601 format.`, name, value);
  }
  return date;
}

function age(node: XmlElement, action: string): LifecycleAge {
  const days = positiveInteger(node, 'Days');
  const createdBeforeDate = midnight(node);
  if (days !== undefined && createdBeforeDate !== undefined) {
    throw invalidArgument(`${action} takes Days or CreatedBeforeDate, not both.`, action, '');
  }
  const result: LifecycleAge = {};
  if (days !== undefined) result.days = days;
  if (createdBeforeDate !== undefined) result.createdBeforeDate = createdBeforeDate;
  return result;
}

function readTag(node: XmlElement): Tag {
  return { key: requiredText(node, 'Key'), value: text(node, 'Value') ?? '' };
}

function readRule(node: XmlElement): LifecycleRule {
  const id = text(node, 'ID');
  if (id !== undefined && Buffer.byteLength(id) > 255) throw invalidArgument('A rule ID is at most 255 bytes.', 'ID', id);
  const filter = child(node, 'Filter');
  const rule: LifecycleRule = {
    prefix: text(node, 'Prefix') ?? '',
    status: oneOf(requiredText(node, 'Status').trim(), ['Enabled', 'Disabled'], 'Status'),
    tags: children(node, 'Tag').map(readTag),
    transitions: children(node, 'Transition').map((t) => ({
      ...age(t, 'Transition'),
      storageClass: oneOf(requiredText(t, 'StorageClass').trim(), TRANSITION_STORAGE_CLASSES, 'StorageClass'),
      isAccessTime: boolean(t, 'IsAccessTime') ?? false,
    })),
    hasNoncurrentVersionActions:
      child(node, 'NoncurrentVersionExpiration') !== undefined || children(node, 'NoncurrentVersionTransition').length > 0,
  };
  if (id !== undefined) rule.id = id;
  if (filter) {
    const not = child(filter, 'Not');
    if (not) {
      const tag = child(not, 'Tag');
      rule.not = { prefix: text(not, 'Prefix') ?? '', ...(tag ? { tag: readTag(tag) } : {}) };
    }
    const greater = positiveInteger(filter, 'ObjectSizeGreaterThan');
    const less = positiveInteger(filter, 'ObjectSizeLessThan');
    if (greater !== undefined) rule.objectSizeGreaterThan = greater;
    if (less !== undefined) rule.objectSizeLessThan = less;
  }
  const expiration = child(node, 'Expiration');
  if (expiration) {
    const deleteMarker = boolean(expiration, 'ExpiredObjectDeleteMarker');
    // The legacy <Date> (Go SDK 1.x BuildLifecycleRuleByDate, oss2 LifecycleExpiration(date=…)):
    // the official Go SDK's TestSetBucketLifecycle sets it and expects success.
    const date = midnight(expiration, 'Date');
    rule.expiration = {
      ...age(expiration, 'Expiration'),
      ...(deleteMarker ? { expiredObjectDeleteMarker: true } : {}),
      ...(date ? { date } : {}),
    };
    const { days, createdBeforeDate } = rule.expiration;
    if (date !== undefined && (days !== undefined || createdBeforeDate !== undefined || deleteMarker)) {
      throw invalidArgument('Expiration takes one of Days, CreatedBeforeDate, Date and ExpiredObjectDeleteMarker.', 'Date', date.toISOString());
    }
    if (days === undefined && createdBeforeDate === undefined && date === undefined && !deleteMarker) {
      // EC page 0014-00000060: Expiration without Days, CreatedBeforeDate or ExpiredObjectDeleteMarker.
      throw ossError('MalformedXML', { ec: '0014-00000060', cause: new Error('Empty <Expiration>') });
    }
    if (deleteMarker && (days !== undefined || createdBeforeDate !== undefined)) {
      throw invalidArgument('ExpiredObjectDeleteMarker cannot be used with Days or CreatedBeforeDate.', 'ExpiredObjectDeleteMarker', 'true');
    }
  }
  const abort = child(node, 'AbortMultipartUpload');
  if (abort) {
    rule.abortMultipartUpload = age(abort, 'AbortMultipartUpload');
    if (rule.abortMultipartUpload.days === undefined && rule.abortMultipartUpload.createdBeforeDate === undefined) {
      throw ossError('MalformedXML', { cause: new Error('Empty <AbortMultipartUpload>') });
    }
    if (rule.tags.length > 0) throw invalidArgument('Tags cannot be used with AbortMultipartUpload.', 'Tag', rule.tags[0]!.key);
  }
  for (const transition of rule.transitions) {
    if (transition.days === undefined && transition.createdBeforeDate === undefined) {
      throw ossError('MalformedXML', { cause: new Error('Empty <Transition>') });
    }
  }
  if (!rule.expiration && !rule.abortMultipartUpload && rule.transitions.length === 0 && !rule.hasNoncurrentVersionActions) {
    // EC page 0014-00000026: a Rule without any action.
    throw ossError('MalformedXML', { ec: '0014-00000026', cause: new Error('Rule without an action') });
  }
  return rule;
}

/**
 * Parse and check `<LifecycleConfiguration>`: 1 to {@link MAX_LIFECYCLE_RULES} rules with unique
 * IDs, each with `Status` Enabled/Disabled and at least one action; Days positive,
 * CreatedBeforeDate (or the legacy Expiration `Date`) a UTC midnight, never two of them; transitions to {@link TRANSITION_STORAGE_CLASSES};
 * no tags with AbortMultipartUpload. Throws MalformedXML (shape, missing parts) or InvalidArgument.
 */
export function parseLifecycleConfiguration(xml: string): LifecycleRule[] {
  const rules = children(readRoot(xml, 'LifecycleConfiguration'), 'Rule').map(readRule);
  if (rules.length === 0) throw ossError('MalformedXML', { cause: new Error('No <Rule> in <LifecycleConfiguration>') });
  if (rules.length > MAX_LIFECYCLE_RULES) {
    throw invalidArgument(`At most ${MAX_LIFECYCLE_RULES} lifecycle rules are allowed.`, 'Rule', String(rules.length));
  }
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.id === undefined || rule.id === '') continue;
    if (ids.has(rule.id)) throw invalidArgument('Rule IDs must be unique.', 'ID', rule.id);
    ids.add(rule.id);
  }
  return rules;
}

