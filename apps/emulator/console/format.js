// Small display helpers shared by the views.

/** `1.5 KiB` style sizes. */
export function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Local date and time of an ISO string, to the second. */
export function dateTime(iso) {
  const d = new Date(iso);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`;
}

/** Local time of an ISO string, to the millisecond. */
export function time(iso) {
  const d = new Date(iso);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Headers as `[name, value]` rows, whatever shape they come in. */
export function headerRows(headers) {
  if (!headers) return [];
  const rows = Array.isArray(headers) ? headers : Object.entries(headers);
  return rows.flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value]]));
}
