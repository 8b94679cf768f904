/**
 * Requests of the official ali-oss 6.23 test suite (scripts/ali-oss-suite.sh, docs/conformance.md)
 * that the emulator answered differently from OSS, reduced to the raw request each sends; the
 * mocha test that found it is named in every case.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorXml } from '@ossbox/protocol';
import { oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';
const EARLIER = 'Sun, 29 Nov 2020 12:00:00 GMT';

describe("PreconditionFailed: OSS's message and condition name (object.test.js get() and copy() If-Match / If-Unmodified-Since)", () => {
  const t = useTestApp();
  const MESSAGE = 'At least one of the pre-conditions you specified did not hold.';

  it.each([
    ['If-Match', '"0123456789ABCDEF0123456789ABCDEF"'],
    ['If-Unmodified-Since', EARLIER],
  ])('GetObject with a failing %s: the message ends with a full stop', async (header, value) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: 'data' }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'src', headers: { [header]: value } });
    expect(res.status).toBe(412);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'PreconditionFailed', message: MESSAGE, details: { Condition: header } });
  });

  it.each([
    ['If-Match', '"0123456789ABCDEF0123456789ABCDEF"'],
    ['If-Unmodified-Since', EARLIER],
  ])('CopyObject with a failing x-oss-copy-source-%s names the condition %s, without the prefix', async (condition, value) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: 'data' }).expect(200);
    const headers = { 'x-oss-copy-source': `/${B}/src`, [`x-oss-copy-source-${condition.toLowerCase()}`]: value };
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'dst', headers });
    expect(res.status).toBe(412);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'PreconditionFailed', message: MESSAGE, details: { Condition: condition } });
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'dst' })).status).toBe(404);
  });
});
