// The undici files undici-request.ts loads instead of undici's whole index. undici's package
// types cover only the index, so these are declared here (the same functions as `request`,
// `getGlobalDispatcher` and `errors` in undici's index.d.ts).
declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';

  const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  export default request;
}

declare module 'undici/lib/global.js' {
  import type { Dispatcher } from 'undici';

  const undiciGlobal: { getGlobalDispatcher(): Dispatcher };
  export default undiciGlobal;
}

declare module 'undici/lib/core/errors.js' {
  import type { errors } from 'undici';

  const undiciErrors: { RequestAbortedError: typeof errors.RequestAbortedError };
  export default undiciErrors;
}
