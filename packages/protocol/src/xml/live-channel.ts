/**
 * The `<ListLiveChannelResult>` body of ListLiveChannel (`GET /?live`,
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listlivechannel). ossbox has no
 * LiveChannels, so only the listing envelope is modelled, never a `<LiveChannel>` entry.
 */
import { writeXmlDocument } from './document.js';
import { boolean, integer, readRoot, text } from './read.js';

/** The paging fields of a ListLiveChannel answer. */
export interface ListLiveChannelResult {
  prefix: string;
  marker: string;
  maxKeys: number;
  isTruncated: boolean;
  nextMarker: string;
}

/** Build a `<ListLiveChannelResult>` without channels. */
export function buildListLiveChannelResult(r: ListLiveChannelResult): string {
  return writeXmlDocument('ListLiveChannelResult', {
    Prefix: r.prefix,
    Marker: r.marker,
    MaxKeys: r.maxKeys,
    IsTruncated: r.isTruncated,
    NextMarker: r.nextMarker,
  });
}

/** Parse the paging fields of a `<ListLiveChannelResult>` (channel entries are ignored). */
export function parseListLiveChannelResult(xml: string): ListLiveChannelResult {
  const root = readRoot(xml, 'ListLiveChannelResult');
  return {
    prefix: text(root, 'Prefix') ?? '',
    marker: text(root, 'Marker') ?? '',
    maxKeys: integer(root, 'MaxKeys') ?? 100,
    isTruncated: boolean(root, 'IsTruncated') ?? false,
    nextMarker: text(root, 'NextMarker') ?? '',
  };
}
