/**
 * Request and response classes for the emulator's `http.Server` whose instances are created with
 * the app's Express prototypes. Express 5 re-parents every request and response as it handles
 * them (`Object.setPrototypeOf(req, app.request)`, likewise `res`); an object whose prototype
 * changes after creation gets a new hidden class, so property reads on it in Node's HTTP code and
 * ours miss V8's inline caches. Created with those prototypes, Express's call has nothing to change.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/** The classes to pass to `http.createServer`, and `adopt(app)` to call once the app exists. */
export interface ExpressServerClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
  /** From now on, requests and responses are created with `app`'s prototypes. */
  adopt(app: Express): void;
}

/**
 * Classes that behave as Node's own until {@link ExpressServerClasses.adopt} is called.
 *
 * @example
 * ```ts
 * const classes = expressServerClasses();
 * const server = createServer({ IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse });
 * const app = createApp(deps);
 * classes.adopt(app);
 * server.on('request', app);
 * ```
 */
export function expressServerClasses(): ExpressServerClasses {
  // Node's IncomingMessage and ServerResponse are plain constructor functions, so they can
  // initialise an object whose prototype is Express's (which inherits from theirs).
  function Request(this: IncomingMessage, socket: Socket): void {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  function Response(this: ServerResponse, req: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  Request.prototype = IncomingMessage.prototype;
  Response.prototype = ServerResponse.prototype;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
    adopt(app) {
      Request.prototype = app.request;
      Response.prototype = app.response;
    },
  };
}
