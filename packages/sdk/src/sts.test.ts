import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRpc } from '@ossbox/protocol';
import { assumeRole } from './sts.js';

/** A loopback STS: checks the form and its signature, answers like STS. */
let url = '';
let seen: Record<string, string>[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(body));
    seen.push(params);
    res.setHeader('content-type', 'application/json');
    if (params.Signature !== signRpc('POST', params, 'sk') || req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      res.statusCode = 400;
      res.end(JSON.stringify({ RequestId: 'R1', Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }));
      return;
    }
    res.end(
      JSON.stringify({
        RequestId: 'R2',
        AssumedRoleUser: { Arn: `${params.RoleArn}/${params.RoleSessionName}`, AssumedRoleId: '1:s' },
        Credentials: { AccessKeyId: 'STS.x', AccessKeySecret: 'tmp', SecurityToken: 'tok', Expiration: '2030-01-01T00:00:00Z' },
      }),
    );
  });
});

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sts`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('assumeRole', () => {
  const base = { accessKeyId: 'ak', accessKeySecret: 'sk', roleArn: 'acs:ram::1:role/r', roleSessionName: 'alice' };

  it('POSTs the signed AssumeRole form and returns provider-shaped credentials', async () => {
    seen = [];
    const policy = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:PutObject', Resource: '*' }] };
    const result = await assumeRole({ ...base, endpoint: url, policy, durationSeconds: 900 });
    expect(result).toEqual({
      accessKeyId: 'STS.x',
      accessKeySecret: 'tmp',
      securityToken: 'tok',
      expiration: new Date('2030-01-01T00:00:00Z'),
      assumedRoleArn: 'acs:ram::1:role/r/alice',
      requestId: 'R2',
    });
    expect(seen[0]).toMatchObject({
      Action: 'AssumeRole',
      Version: '2015-04-01',
      Format: 'JSON',
      RoleArn: base.roleArn,
      RoleSessionName: 'alice',
      DurationSeconds: '900',
      Policy: JSON.stringify(policy),
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
  });

  it('throws the STS error code, status and request id', async () => {
    await expect(assumeRole({ ...base, accessKeySecret: 'wrong', endpoint: url })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 400,
      requestId: 'R1',
    });
    await expect(assumeRole({ ...base, roleArn: '', endpoint: url })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
