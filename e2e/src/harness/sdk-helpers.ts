import { createHash } from 'node:crypto';
import type { Bucket, CallbackResult } from '@ossbox/sdk';

/** The parsed JSON the callback server replied with, as the SDK returned it; throws when absent. */
export function callbackJson(result: { callback?: CallbackResult }): unknown {
  if (result.callback === undefined) throw new Error('the upload result carries no callback reply');
  if (result.callback.json === undefined) {
    throw new Error(`the callback reply is not JSON: ${result.callback.body.toString('utf8')}`);
  }
  return result.callback.json;
}

/** Downloads an object (streamed) and returns its uppercase hex MD5 and size. */
export async function downloadDigest(bucket: Bucket, key: string): Promise<{ md5Hex: string; size: number }> {
  const { body } = await bucket.getObject(key);
  if (body === undefined) throw new Error(`GetObject ${key} returned no body`);
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { md5Hex: hash.digest('hex').toUpperCase(), size };
}
