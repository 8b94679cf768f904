/** Key pairs shared by the tests (1024-bit: fast to generate, large enough for MD5withRSA). */
import { generateTestKeyPair } from '../testing.js';
import type { TestKeyPair } from '../testing.js';

let first: TestKeyPair | undefined;
let second: TestKeyPair | undefined;

export function keyPair(): TestKeyPair {
  first ??= generateTestKeyPair({ modulusLength: 1024 });
  return first;
}

export function otherKeyPair(): TestKeyPair {
  second ??= generateTestKeyPair({ modulusLength: 1024 });
  return second;
}
