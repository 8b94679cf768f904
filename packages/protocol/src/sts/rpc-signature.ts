/**
 * The RPC-style request signature of Alibaba Cloud APIs (signature version 1.0, HMAC-SHA1), which
 * STS AssumeRole uses ("Signature mechanism" of the RPC APIs,
 * https://help.aliyun.com/en/document_detail/130769.html). Both sides: `signRpc` for a
 * client (the official ones are ali-oss `lib/sts.js` `_getSignature` and the Ruby SDK
 * `Aliyun::STS::Util.get_signature`), `rpcStringToSign` for a server that recomputes it.
 */
import { hmacSha1Base64 } from '../signing/hmac.js';

/**
 * Percent-encode as the RPC signature requires: UTF-8, RFC 3986 unreserved characters
 * (`A-Z a-z 0-9 - _ . ~`) kept, everything else `%XX` in upper-case hex; so a space is `%20`,
 * `*` is `%2A` and `~` stays (`encodeURIComponent` leaves `!'()*` alone, hence the replacements,
 * exactly as ali-oss `lib/sts.js` `_escape` does).
 */
export function rpcPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `METHOD&%2F&<encoded canonicalized query>`: every parameter but `Signature`, sorted by name
 * (byte order), each `encode(name)=encode(value)`, joined with `&`, then the whole encoded again.
 */
export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${rpcPercentEncode(name)}=${rpcPercentEncode(params[name]!)}`)
    .join('&');
  return `${method.toUpperCase()}&${rpcPercentEncode('/')}&${rpcPercentEncode(canonical)}`;
}

/**
 * The `Signature` parameter: Base64 HMAC-SHA1 of {@link rpcStringToSign} under
 * `<AccessKeySecret>&` (the `&` is part of the key).
 *
 * @example
 * ```ts
 * const params = { Action: 'AssumeRole', RoleArn: arn, RoleSessionName: 'alice', Format: 'JSON',
 *   Version: '2015-04-01', AccessKeyId: id, SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
 *   SignatureNonce: randomUUID(), Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
 * const body = new URLSearchParams({ ...params, Signature: signRpc('POST', params, secret) });
 * ```
 */
export function signRpc(method: string, params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return hmacSha1Base64(`${accessKeySecret}&`, rpcStringToSign(method, params));
}
