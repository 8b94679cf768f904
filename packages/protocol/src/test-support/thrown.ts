/** Test helper shared by the protocol's suites. */
import { expect } from 'vitest';
import { OssProtocolError } from '../errors.js';

/** Run `fn`, expect it to throw an {@link OssProtocolError}, and return that error for further checks. */
export function thrownProtocolError(fn: () => unknown): OssProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OssProtocolError);
    return err as OssProtocolError;
  }
  throw new Error('expected an OssProtocolError');
}
