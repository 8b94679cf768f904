/**
 * Writing the receiver's answer in each shape the switches can ask for. Only `json` with status
 * 200 is a reply OSS accepts (docs/callback-protocol.md §3.1); the others reproduce the failures of §3.3.
 */
import type { ServerResponse } from 'node:http';
import { replyJson } from '@ossbox/callback';
import type { ReplySwitches } from './switches.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// OSS refuses a callback reply over 1 MB (§3.1); pad comfortably past either reading of "MB".
const TOO_LARGE_BYTES = 1024 * 1024 + 1024;

function send(res: ServerResponse, status: number, contentType: string, body: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** Answer `echo` in the shape and status the switches ask for. */
export function sendReply(res: ServerResponse, switches: ReplySwitches, echo: Record<string, unknown>): void {
  const { status } = switches;
  const json = (): Buffer => Buffer.from(JSON.stringify(echo), 'utf8');
  switch (switches.kind) {
    case 'json':
      replyJson(res, echo, status);
      return;
    case 'not-json':
      // The plain-text `OK` that the doc lists as a reply OSS rejects (§3.1).
      send(res, status, 'text/plain', Buffer.from('OK'));
      return;
    case 'bom':
      send(res, status, 'application/json', Buffer.concat([BOM, json()]));
      return;
    case 'empty':
      send(res, status, 'application/json', Buffer.alloc(0));
      return;
    case 'chunked':
      // No Content-Length: node:http falls back to chunked encoding (or closes the connection
      // for an HTTP/1.0 request), the "missing content-length" case of §3.3.
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.write(json());
      res.end();
      return;
    case 'too-large': {
      const base = json().length + ',"padding":""'.length;
      send(
        res,
        status,
        'application/json',
        Buffer.from(JSON.stringify({ ...echo, padding: 'x'.repeat(Math.max(0, TOO_LARGE_BYTES - base)) })),
      );
      return;
    }
  }
}
