/**
 * The `port` option of `startEmulator` and `startReceiver`, checked alike. A port read from
 * `process.env` is a string, which net.Server.listen would take as a pipe path (`'abc'`) or
 * quietly as a number (`'9000'`); both servers refuse anything but an integer in range. Not part
 * of OSS: ossbox's own rule, kept in one place so the two servers cannot drift apart.
 */

/**
 * Why `port` cannot be listened on, or `undefined` when it can (an integer from 0 to 65535).
 * A string is shown in quotes, since `invalid port: 9000` would hide that the value was text.
 *
 * @example
 * invalidPortMessage('9000'); // 'invalid port: "9000" (a number from 0 to 65535; 0 picks a free port)'
 * invalidPortMessage(9000); // undefined
 */
export function invalidPortMessage(port: unknown): string | undefined {
  if (Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535) return undefined;
  const shown = typeof port === 'string' ? JSON.stringify(port) : String(port);
  return `invalid port: ${shown} (a number from 0 to 65535; 0 picks a free port)`;
}
