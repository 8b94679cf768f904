// Temporary credentials end to end: the unmodified ali-oss STS client gets credentials from the
// emulator's AssumeRole, then ali-oss uploads with them (a multipart upload with a callback under
// users/42/ succeeds; a put to users/43/ is AccessDenied and stores nothing); our SDK's
// credentials provider (assumeRole) refreshes across expiry during a resumableUpload.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { Agent } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { assumeRole, Client, NoSuchKeyError } from '@ossbox/sdk';
import type { ProvidedCredentials } from '@ossbox/sdk';
import {
  createRandomFile,
  downloadDigest,
  E2E_BUCKET,
  emulatorCredentials,
  findReceived,
  makeTempDir,
  removeDir,
  startStack,
  type Stack,
} from './harness/index.js';

const ROLE_ARN = 'acs:ram::1234567890123456:role/uploader';
/** The role may upload (multipart included) anywhere under users/; the session narrows it to one user. */
const ROLE_POLICY = {
  Version: '1',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts'],
      Resource: [`acs:oss:*:*:${E2E_BUCKET}/users/*`],
    },
  ],
};
const sessionPolicy = (user: string) => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: ['oss:*'], Resource: [`acs:oss:*:*:${E2E_BUCKET}/users/${user}/*`] }],
});
const PART_SIZE = 100 * 1024;
const BODY = 'bucket=${bucket}&object=${object}&size=${size}&uid=${x:uid}';

let stack: Stack;
let configDir: string;
let stsEndpoint: string;
beforeAll(async () => {
  configDir = await makeTempDir('sts-roles');
  const policyFile = join(configDir, 'uploader.json');
  await writeFile(policyFile, JSON.stringify(ROLE_POLICY));
  // --sts-min-duration 1: the SDK test below needs credentials that expire within seconds.
  stack = await startStack({ emulatorArgs: ['--role', `${ROLE_ARN}=${policyFile}`, '--sts-min-duration', '1'] });
  stsEndpoint = `${stack.emulator.url}/_ossbox/sts`;
});
afterAll(async () => {
  await stack?.dispose();
  await removeDir(configDir);
});

test('ali-oss: STS credentials upload (multipart, with a callback) under users/42/ only', async () => {
  const sts = new OSS.STS({ ...emulatorCredentials, endpoint: stsEndpoint });
  const assume = () => sts.assumeRole(ROLE_ARN, sessionPolicy('42'), 900, 'user-42');
  const { credentials } = await assume();
  expect(credentials.AccessKeyId).toMatch(/^STS\./);
  const client = new OSS({
    endpoint: `http://localhost:${stack.emulator.port}`,
    sldEnable: true,
    bucket: E2E_BUCKET,
    accessKeyId: credentials.AccessKeyId,
    accessKeySecret: credentials.AccessKeySecret,
    stsToken: credentials.SecurityToken,
    // ali-oss's own refresh hook, as its README recommends for STS credentials.
    refreshSTSToken: async () => {
      const fresh = (await assume()).credentials;
      return { accessKeyId: fresh.AccessKeyId, accessKeySecret: fresh.AccessKeySecret, stsToken: fresh.SecurityToken };
    },
    timeout: 20_000,
  });

  const file = await createRandomFile(stack.workDir, 3 * PART_SIZE + 1_000);
  const key = `users/42/${randomUUID()}-video.bin`;
  const result = await client.multipartUpload(key, file.path, {
    partSize: PART_SIZE,
    parallel: 2,
    callback: { url: `${stack.receiver.url}/sts`, body: BODY, customValue: { uid: '42' } },
  });
  const expected = { bucket: E2E_BUCKET, object: key, size: String(file.size), uid: '42' };
  expect(result.data).toEqual({ Status: 'OK', path: '/sts', body: expected });
  expect((await findReceived(stack.receiver.url, key)).verified).toBe(true);
  expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });

  const other = `users/43/${randomUUID()}-x.bin`;
  const denied = await client.put(other, Buffer.from('not mine')).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(denied).toMatchObject({ status: 403, code: 'AccessDenied', message: "Access denied by authorizer's policy." });
  await expect(stack.bucket.headObject(other)).rejects.toBeInstanceOf(NoSuchKeyError);
});

test('our SDK: a credentials provider refreshes across expiry during a resumableUpload', async () => {
  const issued: ProvidedCredentials[] = [];
  const provider = async () => {
    const credentials = await assumeRole({
      endpoint: stsEndpoint,
      ...emulatorCredentials,
      roleArn: ROLE_ARN,
      roleSessionName: 'user-44',
      policy: sessionPolicy('44'),
      durationSeconds: 2,
    });
    issued.push(credentials);
    return credentials;
  };
  // Every request waits 400 ms before it is sent: 8 parts one at a time take longer than the
  // 2-second credentials, whatever the machine's speed.
  const slow = new Agent().compose((dispatch) => (options, handler) => {
    setTimeout(() => dispatch(options, handler), 400);
    return true;
  });
  const client = new Client({ endpoint: stack.emulator.url, credentialsProvider: provider, dispatcher: slow });
  const file = await createRandomFile(stack.workDir, 8 * PART_SIZE);
  const key = `users/44/${randomUUID()}-long.bin`;
  await client.getBucket(E2E_BUCKET).resumableUpload(key, file.path, { partSize: PART_SIZE, parallel: 1, checkpoint: false });
  const finishedAt = Date.now();

  expect(issued.length).toBeGreaterThanOrEqual(2);
  expect((issued[0]!.expiration as Date).getTime()).toBeLessThan(finishedAt);
  expect(new Set(issued.map((c) => c.accessKeyId)).size).toBe(issued.length);
  expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  await slow.close();
});
