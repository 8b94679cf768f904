import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { replyJson } from './reply-json.js';
import { listen, send } from './test-support/loopback.js';

describe('replyJson()', () => {
  it('answers 200, application/json, a byte-exact Content-Length and no BOM (node:http)', async () => {
    const port = await listen((_req, res) => replyJson(res, { Status: 'OK', city: '杭州' }));
    const res = await send(port, { method: 'GET', path: '/' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    // '{"Status":"OK","city":"杭州"}' is 27 characters but 31 bytes.
    expect(res.headers['content-length']).toBe('31');
    expect(res.body.length).toBe(31);
    expect(res.body[0]).toBe(0x7b); // '{', no EF BB BF in front
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ Status: 'OK', city: '杭州' });
  });

  it('works with an Express response and a custom status', async () => {
    const app = express();
    app.get('/', (_req, res) => replyJson(res, { error: 'X' }, 400));
    const res = await request(app).get('/');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe('13');
    expect(res.body).toEqual({ error: 'X' });
  });

  it('refuses a value without a JSON form', () => {
    const res = { statusCode: 0, setHeader: () => res, end: () => res } as never;
    expect(() => replyJson(res, undefined)).toThrow(TypeError);
  });
});
