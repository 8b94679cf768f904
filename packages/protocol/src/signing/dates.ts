/** Date formats used by OSS signatures (docs/rest-api.md §5.3, §5.5). */

/**
 * Format a date as the V4 ISO 8601 basic timestamp (`x-oss-date`), e.g. `20231216T162057Z`.
 *
 * @example
 * formatV4DateTime(new Date(Date.UTC(2023, 11, 16, 16, 20, 57))); // '20231216T162057Z'
 */
export function formatV4DateTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The `yyyymmdd` day of a date, as used in the V4 credential scope. */
export function formatV4Date(date: Date): string {
  return formatV4DateTime(date).slice(0, 8);
}

/** Parse a V4 ISO 8601 basic timestamp (`20231216T162057Z`); undefined when malformed. */
export function parseV4DateTime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject values Date.UTC silently normalises (month 13, 25:00, …).
  return formatV4DateTime(date) === value ? date : undefined;
}

/**
 * Format a date as an RFC 1123 HTTP date (`Date` / V1 `x-oss-date`), e.g.
 * `Wed, 28 Dec 2022 10:27:41 GMT`.
 */
export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}
