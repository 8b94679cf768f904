/**
 * Test support: how many transactions a data directory's SQLite database has committed to its
 * write-ahead log since the log was last restarted, read from `ossbox.sqlite-wal` itself
 * (https://www.sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header, then frames of a
 * 24-byte header and one page; a frame whose "database size after commit" field is not zero ends
 * a transaction. Frames left from before the last restart carry other salts and are not counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Commits in `<dir>/ossbox.sqlite-wal` (0 when there is no log). */
export function walCommits(dir: string): number {
  let wal: Buffer;
  try {
    wal = readFileSync(join(dir, 'ossbox.sqlite-wal'));
  } catch {
    return 0;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let frame = 32; frame + 24 + pageSize <= wal.length; frame += 24 + pageSize) {
    if (wal.readUInt32BE(frame + 8) !== salt1 || wal.readUInt32BE(frame + 12) !== salt2) break;
    if (wal.readUInt32BE(frame + 4) !== 0) commits++;
  }
  return commits;
}
