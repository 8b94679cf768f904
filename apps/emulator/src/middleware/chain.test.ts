import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { middlewareChain } from './chain.js';

/** An app running `steps` as one chain, then answering 200 with the steps seen, or 500 with the error. */
function appWith(steps: RequestHandler[]) {
  const app = express();
  app.use(middlewareChain(steps));
  app.use((req, res) => {
    res.status(200).send(res.locals.seen.join(','));
  });
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
    res.status(500).send(`${error.message}|${(res.locals.seen as string[]).join(',')}`);
  };
  app.use(onError);
  return app;
}

const step =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    (res.locals.seen ??= []).push(name);
    next();
  };

describe('middlewareChain', () => {
  it('runs the steps in order, then the layers after it', async () => {
    const res = await supertest(appWith([step('a'), step('b'), step('c')])).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('a,b,c');
  });

  it('next(error), a throw and a rejected promise skip the remaining steps and reach the error handler', async () => {
    const fail: Record<string, RequestHandler> = {
      next: (_req, _res, next) => next(new Error('by next')),
      throw: () => {
        throw new Error('by throw');
      },
      reject: async () => {
        await Promise.resolve();
        throw new Error('by rejection');
      },
    };
    for (const [how, failing] of Object.entries(fail)) {
      const res = await supertest(appWith([step('a'), failing, step('never')])).get('/');
      expect(res.status, how).toBe(500);
      expect(res.text, how).toBe(`${how === 'next' ? 'by next' : how === 'throw' ? 'by throw' : 'by rejection'}|a`);
    }
  });

  it('a step that answers ends the chain without calling next', async () => {
    const answer: RequestHandler = (_req, res) => {
      res.status(204).end();
    };
    const res = await supertest(appWith([step('a'), answer, step('never')])).get('/');
    expect(res.status).toBe(204);
  });
});
