/**
 * @ossbox/protocol: the OSS wire format, with both the client and the server side of every
 * algorithm. No network, no disk, no framework. Also the admin-token rule the emulator and the
 * receiver share for their own `/_ossbox/*` endpoints (admin-token.ts), and how both CLIs stop on
 * SIGINT/SIGTERM (close-on-signals.ts).
 */
export * from './errors.js';
export * from './ids.js';
export * from './signing/types.js';
export * from './signing/v1.js';
export * from './signing/v2.js';
export * from './signing/v4.js';
export * from './signing/verify.js';
export * from './signing/dates.js';
export * from './post-policy.js';
export * from './post-signature.js';
export * from './callback/params.js';
export * from './callback/body.js';
export * from './callback/signature.js';
export * from './callback/url.js';
export * from './crc64.js';
export * from './header-text.js';
export * from './admin-token.js';
export * from './close-on-signals.js';
export * from './unknown-option.js';
export * from './listen-port.js';
export * from './xml/bodies.js';
export { MAX_XML_LENGTH, writeXmlDocument } from './xml/document.js';
export type { XmlTree, XmlValue } from './xml/document.js';
export * from './xml/bucket-config/index.js';
export * from './sts/rpc-signature.js';
export { signaturesEqual } from './signing/hmac.js';
