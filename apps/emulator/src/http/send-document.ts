/**
 * Send a whole response body with its Content-Type exactly as given. Express's `res.send` of a
 * string appends `; charset=utf-8`, which OSS never sends: its XML answers say
 * `Content-Type: application/xml` and GetBucketPolicy `application/json` (every response recorded
 * from OSS in the official Python SDK's unittests/test_bucket.py and test_object.py, and the API
 * reference examples, e.g. https://www.alibabacloud.com/help/doc-detail/31966.html).
 */
import type { ServerResponse } from 'node:http';

/** Answer `status` with `body` as `contentType` (no charset added) and its Content-Length. */
export function sendDocument(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

/**
 * Answer 204 No Content with `Content-Length: 0`, as OSS does (DeleteObject, DeleteBucket,
 * AbortMultipartUpload, DeleteBucketCors, … as recorded from OSS in the official Python SDK's
 * unittests, and the API reference examples); Node.js leaves the header out of a 204 unless it is
 * set.
 */
export function sendNoContent(res: ServerResponse): void {
  res.statusCode = 204;
  res.setHeader('Content-Length', '0');
  res.end();
}
