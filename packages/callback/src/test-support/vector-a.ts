/**
 * Vector A of docs/callback-protocol.md §2.5 (official Callback doc, signed by OSS's real private key and
 * verified there with openssl and Node): the request exactly as published.
 */
export const VECTOR_A = {
  method: 'POST',
  url: '/index.php?id=1&index=2',
  headers: {
    host: '121.43.113.8',
    connection: 'close',
    'content-length': '18',
    authorization: 'kKQeGTRccDKyHB3H9vF+xYMSrmhMZjzzl2/kdD1ktNVgbWEfYTQG0G2SU/RaHBovRCE8OkQDjC3uG33esH2txA==',
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'http-client/0.0.1',
    'x-oss-pub-key-url': 'aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ==',
  },
  body: 'bucket=yonghu-test',
} as const;

/** §2.2: Base64 of `https://gosspublic.alicdn.com/callback_pub_key_v1.pem` (Cloudreve's capture). */
export const HTTPS_OFFICIAL_KEY_URL_HEADER =
  'aHR0cHM6Ly9nb3NzcHVibGljLmFsaWNkbi5jb20vY2FsbGJhY2tfcHViX2tleV92MS5wZW0=';

/** Vector A as a verifier input (fresh copies, so a test may mutate them). */
export function vectorARequest(): { method: string; url: string; headers: Record<string, string>; body: Buffer } {
  return { method: VECTOR_A.method, url: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: Buffer.from(VECTOR_A.body) };
}
