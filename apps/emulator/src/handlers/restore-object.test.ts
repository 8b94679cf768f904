import { describe, expect, it } from 'vitest';
import { buildRestoreRequest, parseErrorXml } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

function putArchived(app: Parameters<typeof oss>[0], key: string, storageClass = 'Archive') {
  return oss(app, 'PUT', { bucket: B, key, body: 'frozen bytes', headers: { 'x-oss-storage-class': storageClass } }).expect(200);
}

describe('Archive objects and RestoreObject (restore delay 0)', () => {
  const t = useTestApp({ restoreDelayMs: 0 });

  it('GET of an unrestored Archive object is InvalidObjectState; HEAD works; restore makes GET work', async () => {
    await putArchived(t.app, 'a.txt');
    const frozen = await oss(t.app, 'GET', { bucket: B, key: 'a.txt' });
    expect(frozen.status).toBe(403);
    expect(parseErrorXml(frozen.text)).toMatchObject({ code: 'InvalidObjectState', ec: '0016-00000404' });
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'a.txt' });
    expect(head.status).toBe(200);
    expect(head.headers['x-oss-storage-class']).toBe('Archive');
    expect(head.headers['x-oss-restore']).toBeUndefined();

    const restore = await oss(t.app, 'POST', { bucket: B, key: 'a.txt', query: { restore: '' } });
    expect(restore.status).toBe(202);
    const get = await oss(t.app, 'GET', { bucket: B, key: 'a.txt' });
    expect(get.status).toBe(200);
    expect(get.text).toBe('frozen bytes');
    const expiry = /^ongoing-request="false", expiry-date="(.+ GMT)"$/.exec(get.headers['x-oss-restore'] as string);
    expect(expiry).not.toBeNull();
    // The default is one day.
    const days = (Date.parse(expiry![1]!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(0.9);
    expect(days).toBeLessThanOrEqual(1);
  });

  it('a second restore of a restored object is 200 and moves the expiry to the new Days', async () => {
    await putArchived(t.app, 'cold', 'ColdArchive');
    const body = buildRestoreRequest({ days: 2, tier: 'Bulk' });
    await oss(t.app, 'POST', { bucket: B, key: 'cold', query: { restore: '' }, body }).expect(202);
    const again = await oss(t.app, 'POST', { bucket: B, key: 'cold', query: { restore: '' }, body: buildRestoreRequest({ days: 30 }) });
    expect(again.status).toBe(200);
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'cold' });
    const expiry = /expiry-date="(.+)"/.exec(head.headers['x-oss-restore'] as string)![1]!;
    expect((Date.parse(expiry) - Date.now()) / 86_400_000).toBeGreaterThan(29);
  });

  it('CopyObject from a frozen source is InvalidObjectState', async () => {
    await putArchived(t.app, 'src');
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'dst', headers: { 'x-oss-copy-source': `/${B}/src` } });
    expect(res.status).toBe(403);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidObjectState' });
  });

  it('refuses Standard objects, out-of-range Days, bad tiers and malformed bodies', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'std', body: 'x' }).expect(200);
    const std = await oss(t.app, 'POST', { bucket: B, key: 'std', query: { restore: '' } });
    expect(std.status).toBe(400);
    expect(parseErrorXml(std.text)).toMatchObject({ code: 'OperationNotSupported', ec: '0016-00000702' });
    await putArchived(t.app, 'arch');
    const days = await oss(t.app, 'POST', { bucket: B, key: 'arch', query: { restore: '' }, body: buildRestoreRequest({ days: 8 }) });
    expect(days.status).toBe(400);
    expect(parseErrorXml(days.text)).toMatchObject({ code: 'InvalidArgument' });
    await putArchived(t.app, 'deep', 'DeepColdArchive');
    const tier = await oss(t.app, 'POST', { bucket: B, key: 'deep', query: { restore: '' }, body: buildRestoreRequest({ days: 1, tier: 'Bulk' }) });
    expect(parseErrorXml(tier.text)).toMatchObject({ code: 'InvalidArgument' });
    const malformed = await oss(t.app, 'POST', { bucket: B, key: 'arch', query: { restore: '' }, body: '<RestoreRequest><Days>' });
    expect(parseErrorXml(malformed.text)).toMatchObject({ code: 'MalformedXML' });
    const missing = await oss(t.app, 'POST', { bucket: B, key: 'nope', query: { restore: '' } });
    expect(parseErrorXml(missing.text)).toMatchObject({ code: 'NoSuchKey' });
    // Nothing was restored by the refused requests.
    expect((await oss(t.app, 'GET', { bucket: B, key: 'arch' })).status).toBe(403);
  });
});

describe('Archive objects and RestoreObject (restore delay one hour)', () => {
  const t = useTestApp({ restoreDelayMs: 3_600_000 });

  it('shows ongoing-request="true" and answers a repeat with RestoreAlreadyInProgress', async () => {
    await putArchived(t.app, 'slow');
    await oss(t.app, 'POST', { bucket: B, key: 'slow', query: { restore: '' } }).expect(202);
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'slow' });
    expect(head.headers['x-oss-restore']).toBe('ongoing-request="true"');
    const again = await oss(t.app, 'POST', { bucket: B, key: 'slow', query: { restore: '' } });
    expect(again.status).toBe(409);
    expect(parseErrorXml(again.text)).toMatchObject({ code: 'RestoreAlreadyInProgress', ec: '0016-00000701' });
    expect((await oss(t.app, 'GET', { bucket: B, key: 'slow' })).status).toBe(403);
  });

  it('an overwrite during a restore does not inherit it', async () => {
    await putArchived(t.app, 'k');
    await oss(t.app, 'POST', { bucket: B, key: 'k', query: { restore: '' } }).expect(202);
    await putArchived(t.app, 'k');
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'k' });
    expect(head.headers['x-oss-restore']).toBeUndefined();
  });
});
