// Verification cost, measured side by side in one run (imports the built dist):
// a reused verifier vs the one-off verifyCallback(request, options), which builds a verifier per
// call, and a cached downloaded key vs the bundled official key.
import { createCallbackVerifier, verifyCallback } from '../dist/index.js';
import { generateTestKeyPair, signCallbackRequest } from '../dist/testing.js';

// Vector A, docs/callback-protocol.md §2.5 (signed by OSS with its 512-bit key).
const vectorA = {
  method: 'POST',
  url: '/index.php?id=1&index=2',
  headers: {
    authorization: 'kKQeGTRccDKyHB3H9vF+xYMSrmhMZjzzl2/kdD1ktNVgbWEfYTQG0G2SU/RaHBovRCE8OkQDjC3uG33esH2txA==',
    'content-type': 'application/x-www-form-urlencoded',
    'x-oss-pub-key-url': 'aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ==',
  },
  body: Buffer.from('bucket=yonghu-test'),
};

const keys = generateTestKeyPair({ modulusLength: 2048 });
const keyUrl = 'http://127.0.0.1:9000/callback_pub_key_v1.pem';
const signed2048 = signCallbackRequest({ privateKey: keys.privateKey, publicKeyUrl: keyUrl, url: '/cb?x=1', body: 'bucket=b&object=o' });
const fetch = async () => new Response(keys.publicKeyPem);

async function measure(name, iterations, fn) {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`${name.padEnd(52)} ${(ns / 1000).toFixed(1).padStart(8)} µs/op`);
  return ns;
}

const N = 3000;
const shared = createCallbackVerifier();
const sharedFetched = createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/'], fetch });

const reused = await measure('reused verifier, Vector A (bundled 512-bit key)', N, () => shared.verify(vectorA));
const oneOff = await measure('verifyCallback(request, options) per call', N, () => verifyCallback(vectorA, {}));
const cached = await measure('reused verifier, cached fetched 2048-bit key', N, () => sharedFetched.verify(signed2048));

console.log(`\none-off / reused: ${(oneOff / reused).toFixed(2)}x`);
console.log(`2048-bit cached / 512-bit bundled: ${(cached / reused).toFixed(2)}x`);
