/**
 * `onProgress` for one upload request (PutObject, AppendObject, UploadPart): `sent` follows the
 * bytes written to the connection, `loaded` counts them once OSS has answered.
 */
import { CallbackError } from './errors.js';
import type { Progress } from './object-headers.js';

/**
 * Send one upload with progress events. `send` gets the transport's byte counter (or undefined
 * without `onProgress`); a retry re-sends from byte 0, so only new highs of `sent` are reported.
 * When OSS answers, one more event reports the body as `loaded` — also for a 203 CallbackFailed,
 * since OSS stored the object before the callback failed.
 */
export async function withUploadProgress<T>(
  onProgress: ((progress: Progress) => void) | undefined,
  total: number | undefined,
  send: (onUploadBytes: ((sent: number) => void) | undefined) => Promise<T>,
): Promise<T> {
  if (onProgress === undefined) return send(undefined);
  let sent = 0;
  const acknowledge = (): void => {
    const loaded = total ?? sent;
    onProgress({ loaded, sent: Math.max(sent, loaded), total });
  };
  let result: T;
  try {
    result = await send((bytes) => {
      if (bytes <= sent) return;
      sent = bytes;
      onProgress({ loaded: 0, sent, total });
    });
  } catch (error) {
    if (error instanceof CallbackError) acknowledge();
    throw error;
  }
  acknowledge();
  return result;
}
