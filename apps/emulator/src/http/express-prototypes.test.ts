import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { expressServerClasses } from './express-prototypes.js';

describe('expressServerClasses', () => {
  it("creates requests and responses with the app's prototypes, so Express does not re-parent them", async () => {
    const app = express();
    app.get('/', (_req, res) => {
      res.status(200).send('ok');
    });
    const classes = expressServerClasses();
    const server = createServer({ IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse });
    classes.adopt(app);
    const seen: boolean[] = [];
    server.on('request', (req, res) => {
      // Before Express has seen them.
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
      app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        request({ port, host: '127.0.0.1', path: '/' }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      expect(body).toBe('ok');
      expect(seen).toEqual([true, true]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
