/**
 * `POST|GET /_ossbox/sts`: the STS endpoint. Point an STS client's endpoint option at it, e.g.
 * `new OSS.STS({ accessKeyId, accessKeySecret, endpoint: 'http://127.0.0.1:9000/_ossbox/sts' })`
 * or Ruby's `Aliyun::STS::Client.new(..., endpoint: 'http://127.0.0.1:9000/_ossbox/sts')`.
 * Answers JSON (the default `Format`) or XML (`Format=XML`, what the Ruby client asks for).
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { newRequestId, writeXmlDocument } from '@ossbox/protocol';
import type { XmlTree } from '@ossbox/protocol';
import type { AssumeRole, AssumeRoleResult } from './assume-role.js';
import { StsError } from './sts-errors.js';

const HOST_ID = 'sts.aliyuncs.com';

/** Where AssumeRole is served, under `/_ossbox`. */
export const STS_PATH = '/sts';

function paramsOf(req: Request): Record<string, string> {
  const params: Record<string, string> = {};
  const sources = [req.query, typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {}];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      // A repeated parameter is ambiguous to sign; the first value counts (as in the OSS address).
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') params[name] = first;
    }
  }
  return params;
}

function send(res: Response, asXml: boolean, status: number, root: string, body: XmlTree): void {
  res.status(status);
  if (asXml) res.type('application/xml').send(writeXmlDocument(root, body));
  else res.json(body);
}

/** The router serving `/sts` (mounted under `/_ossbox`). */
export function createStsRouter(assumeRole: AssumeRole, logger: Logger, now: () => Date = () => new Date()): Router {
  const router = express.Router();
  // The official clients POST a form; 64 KiB is far above any legal request (Policy ≤ 2048 chars).
  router.all(STS_PATH, express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
    const params = paramsOf(req);
    const asXml = params.Format?.toUpperCase() === 'XML';
    const requestId = newRequestId();
    try {
      const result: AssumeRoleResult = assumeRole.handle(req.method, params, now());
      logger.debug({ requestId, roleArn: params.RoleArn, session: params.RoleSessionName }, 'AssumeRole');
      send(res, asXml, 200, 'AssumeRoleResponse', { RequestId: requestId, ...result });
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      logger.debug({ requestId, code: error.code }, 'AssumeRole refused');
      send(res, asXml, error.status, 'Error', { RequestId: requestId, HostId: HOST_ID, Code: error.code, Message: error.message });
    }
  });
  router.use(STS_PATH, ((error, _req, res, _next) => {
    // Body parser failures (too large, bad encoding) still answer in the STS shape.
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 400;
    res.status(status).json({ RequestId: newRequestId(), HostId: HOST_ID, Code: 'InvalidParameter', Message: String((error as Error).message) });
  }) as express.ErrorRequestHandler);
  return router;
}
