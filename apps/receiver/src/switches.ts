/**
 * Failure switches for demos and the e2e suite, read from the callback URL's query (which OSS
 * signs, so they cannot be added by a third party to a genuine callback). They make the receiver
 * answer the ways OSS treats as a failed callback (docs/callback-protocol.md §3.1, §3.3).
 *
 * - `ossbox-status=<200-599>`: answer with that status (the JSON echo as body);
 * - `ossbox-reply=<kind>`: `json` (default), `not-json` (200 text `OK`), `bom` (JSON after a UTF-8
 *   BOM), `empty` (Content-Length 0), `chunked` (JSON without Content-Length), `too-large`
 *   (valid JSON over 1 MB);
 * - `ossbox-delay=<ms>`: wait before answering, capped at {@link MAX_DELAY_MS} (OSS gives up at 5 s).
 */

/** The reply shapes `ossbox-reply` can ask for. */
export const REPLY_KINDS = ['json', 'not-json', 'bom', 'empty', 'chunked', 'too-large'] as const;
/** One reply shape. */
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Longest honoured `ossbox-delay`: 30 s, well past OSS's 5 s timeout. */
export const MAX_DELAY_MS = 30_000;

/** The switches of one request. */
export interface ReplySwitches {
  status: number;
  kind: ReplyKind;
  delayMs: number;
}

/** A switch with a value the receiver does not understand; answered 400 `BAD_SWITCH`. */
export class SwitchError extends Error {
  override readonly name = 'SwitchError';
  readonly code = 'BAD_SWITCH';
}

/** Read the switches from a raw request target. */
export function parseSwitches(target: string): ReplySwitches {
  const q = target.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const switches: ReplySwitches = { status: 200, kind: 'json', delayMs: 0 };

  const status = query.get('ossbox-status');
  if (status !== null) {
    if (!/^\d{3}$/.test(status) || Number(status) < 200 || Number(status) > 599) {
      throw new SwitchError(`ossbox-status must be an HTTP status from 200 to 599, got ${JSON.stringify(status)}`);
    }
    switches.status = Number(status);
  }

  const kind = query.get('ossbox-reply');
  if (kind !== null) {
    if (!(REPLY_KINDS as readonly string[]).includes(kind)) {
      throw new SwitchError(`ossbox-reply must be one of ${REPLY_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    }
    switches.kind = kind as ReplyKind;
  }

  const delay = query.get('ossbox-delay');
  if (delay !== null) {
    if (!/^\d{1,9}$/.test(delay)) {
      throw new SwitchError(`ossbox-delay must be a number of milliseconds, got ${JSON.stringify(delay)}`);
    }
    switches.delayMs = Math.min(Number(delay), MAX_DELAY_MS);
  }
  return switches;
}
