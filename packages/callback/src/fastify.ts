/**
 * The Fastify plugin: keeps the body unread and verifies the callback before the handler runs.
 * Fastify's own parsers would turn the signed bytes into a parsed value (JSON) or refuse them
 * (form bodies: 415), so the plugin swaps the parsers of the context it is registered in.
 */
import type { FastifyPluginCallback } from 'fastify';
import { resolveAdapterOptions } from './adapter-options.js';
import type { AdapterOptions } from './adapter-options.js';
import { CallbackVerificationError } from './errors.js';
import { verifyNodeRequest } from './node-http.js';
import type { VerifiedCallback } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `ossCallbackPlugin` once the callback verified. */
    ossCallback?: VerifiedCallback;
  }
}

/** Options of {@link ossCallbackPlugin}; `onError: 'throw'` hands rejections to Fastify's error handler. */
export type OssCallbackPluginOptions = AdapterOptions<'throw'>;

/**
 * Fastify plugin (tested with Fastify 5; the plugin API it uses is the same in 4) that verifies every request of the context it is registered
 * in and sets `request.ossCallback`. It replaces that context's content-type parsers with one that
 * leaves the body unread, then reads the exact bytes (within `maxBodyBytes`) in a `preHandler`
 * hook and verifies them over `request.raw.url`, the target as received. A rejected callback gets
 * `err.status` (400) and JSON `{ "error": code, "message": … }`, or, with `onError: 'throw'`,
 * goes to Fastify's error handler. Register it in its own encapsulated context, next to the
 * callback routes, so the rest of the app keeps Fastify's JSON parser.
 *
 * @example
 * import Fastify from 'fastify';
 * import { createCallbackVerifier } from '@ossbox/callback';
 * import { ossCallbackPlugin } from '@ossbox/callback/fastify';
 *
 * const app = Fastify();
 * const verifier = createCallbackVerifier();
 * app.register(async (callbacks) => {
 *   await callbacks.register(ossCallbackPlugin, { verifier });
 *   callbacks.post('/oss/callback', async (request) => {
 *     const { object } = request.ossCallback!.parsed as Record<string, string>;
 *     return { Status: 'OK', object }; // JSON with a Content-Length, as OSS requires
 *   });
 * });
 */
export const ossCallbackPlugin: FastifyPluginCallback<OssCallbackPluginOptions> = (instance, options, done) => {
  let resolved: ReturnType<typeof resolveAdapterOptions>;
  try {
    resolved = resolveAdapterOptions(options, 'throw');
  } catch (err) {
    done(err as Error);
    return;
  }
  const { verifier, respond } = resolved;
  instance.removeAllContentTypeParsers();
  // Leave every body unread: the hook below reads the exact bytes itself.
  instance.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null));
  instance.addHook('preHandler', async (request, reply) => {
    try {
      request.ossCallback = await verifyNodeRequest(request.raw, verifier);
    } catch (err) {
      if (!(err instanceof CallbackVerificationError) || !respond) throw err;
      return reply.code(err.status).send(err.toJSON());
    }
    return undefined;
  });
  done();
};

// Apply to the context the plugin is registered in (what the fastify-plugin package does), so the
// parser and hook cover the routes declared next to it; a plain plugin would only cover its own.
Object.assign(ossCallbackPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@ossbox/callback',
});
