/**
 * ListLiveChannel: `GET /?live` (https://www.alibabacloud.com/help/en/oss/developer-reference/listlivechannel).
 * ossbox has no LiveChannels (RTMP ingest is not emulated), so every listing is empty; the official
 * SDKs' test helpers list channels while cleaning a bucket, and an empty list lets them go on.
 */
import { buildListLiveChannelResult } from '@ossbox/protocol';
import type { Handler } from './handler.js';
import { integerParam, requireBucket, sendXml } from './handler.js';

/** An empty `<ListLiveChannelResult>` echoing `prefix`, `marker` and `max-keys` (1–1000, default 100). */
export const listLiveChannel: Handler = (ctx) => {
  requireBucket(ctx);
  const { query } = ctx.address;
  const maxKeys = integerParam(ctx, 'max-keys', 100, 1, 1000);
  sendXml(
    ctx,
    buildListLiveChannelResult({
      prefix: query.prefix ?? '',
      marker: query.marker ?? '',
      maxKeys,
      isTruncated: false,
      nextMarker: '',
    }),
  );
};
