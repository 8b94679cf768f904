/**
 * The emulator's callback signing key (docs/callback-protocol.md §2.4): generated once, kept in the data
 * directory, reused on every start so receivers can cache the public key as they do for OSS's.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { readFile, unlink, writeFile, link } from 'node:fs/promises';
import { makeDirectory } from '../store/data-directory.js';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The key pair the emulator signs callbacks with. */
export interface CallbackKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the format OSS serves (§2.2). */
  publicKeyPem: string;
}

/** File name of the private key inside the data directory. */
export const CALLBACK_KEY_FILE = 'callback-key.pem';

// OSS's own key is 512-bit RSA (§2.2). That size is trivially factorable and OpenSSL 3 refuses to
// generate it under common policies; receivers accept any RSA size, so we use 2048 bits.
const MODULUS_BITS = 2048;

const generateRsa = promisify(generateKeyPair);

/**
 * Load `<dataDir>/callback-key.pem`, or create it (mode 0600) when it does not exist.
 *
 * @throws Error when the file exists but is not an RSA private key PEM; it is never overwritten,
 *   since receivers may have cached the matching public key.
 * @example
 * const { privateKey, publicKeyPem } = await loadOrCreateCallbackKey('/var/lib/ossbox');
 */
export async function loadOrCreateCallbackKey(dataDir: string): Promise<CallbackKey> {
  const path = join(dataDir, CALLBACK_KEY_FILE);
  const existing = await readIfExists(path);
  if (existing !== undefined) return parseKey(path, existing);

  await makeDirectory(dataDir);
  const { privateKey } = await generateRsa('rsa', { modulusLength: MODULUS_BITS });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, pem, { mode: 0o600, flag: 'wx' });
  try {
    // link() instead of rename(): it fails when the file appeared meanwhile (another process
    // starting on the same data directory), so both processes end up with the same key.
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKey(path, await readFile(path, 'utf8'));
  } finally {
    await unlink(temp);
  }
  return toCallbackKey(privateKey);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseKey(path: string, pem: string): CallbackKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (cause) {
    throw new Error(`${path} is not a valid private key PEM. Fix or delete it to generate a new key.`, { cause });
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`${path} holds a ${privateKey.asymmetricKeyType} key; callbacks need an RSA key.`);
  }
  return toCallbackKey(privateKey);
}

function toCallbackKey(privateKey: KeyObject): CallbackKey {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem };
}
