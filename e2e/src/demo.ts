// `pnpm demo`: the two upload-callback scenarios of the OSS docs, written with @ossbox/sdk, run
// against the stack `pnpm dev` starts (emulator on :9000, receiver on :9001). Then the same two
// with a callback that fails, to show CallbackError. Override the targets with OSSBOX_ENDPOINT,
// OSSBOX_BUCKET, OSSBOX_CALLBACK_URL, OSSBOX_ACCESS_KEY_ID and OSSBOX_ACCESS_KEY_SECRET.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Callback, CallbackError, Client, type CallbackOptions } from '@ossbox/sdk';
import { isHealthy } from './harness/index.js';

const endpoint = process.env.OSSBOX_ENDPOINT ?? 'http://127.0.0.1:9000';
const bucketName = process.env.OSSBOX_BUCKET ?? 'examplebucket';
const callbackUrl = process.env.OSSBOX_CALLBACK_URL ?? 'http://127.0.0.1:9001/callback';
const accessKeyId = process.env.OSSBOX_ACCESS_KEY_ID ?? 'ossbox';
const accessKeySecret = process.env.OSSBOX_ACCESS_KEY_SECRET ?? 'ossbox-secret';

async function main(): Promise<number> {
  const receiverUrl = new URL(callbackUrl).origin;
  for (const [name, url] of [
    ['emulator', endpoint],
    ['callback receiver', receiverUrl],
  ] as const) {
    if (!(await isHealthy(url))) {
      console.error(
        `The ${name} is not answering at ${url}/_ossbox/health.\n` +
          'Start the local stack first with `pnpm dev` (in another terminal), then run `pnpm demo` again.',
      );
      return 1;
    }
  }

  const client = new Client({ endpoint, accessKeyId, accessKeySecret });
  const bucket = client.getBucket(bucketName);
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-demo-'));
  try {
    const smallFile = join(dir, 'hello.txt');
    await writeFile(smallFile, 'Hello from the ossbox demo!\n');
    const bigFile = join(dir, 'big.bin');
    await writeFile(bigFile, randomBytes(1024 * 1024 + 4321));

    // The callback of the OSS docs' examples (Ruby SDK "upload callback" page).
    const callback: CallbackOptions = {
      url: callbackUrl,
      query: { user: 'put_object' },
      body: 'bucket=${bucket}&object=${object}',
    };
    // The same, with a switch that makes the ossbox receiver answer 500.
    const failing: CallbackOptions = { ...callback, query: { ...callback.query, 'ossbox-status': 500 } };

    for (const [title, options] of [
      ['with a callback', callback],
      ['with a callback URL that fails', failing],
    ] as const) {
      console.log(`\n== put_object ${title}`);
      await attempt(async () => {
        const result = await bucket.putObject('files/hello.txt', {
          file: smallFile,
          callback: new Callback(options),
        });
        console.log('callback server replied:', result.callback?.body.toString('utf8'));
      });

      console.log(`\n== resumable_upload ${title}`);
      await attempt(async () => {
        const result = await bucket.resumableUpload('files/big.bin', bigFile, {
          partSize: 256 * 1024,
          callback: new Callback(options),
          // `loaded` counts the bytes OSS has acknowledged (parts answered), not merely sent.
          onProgress: ({ loaded, total, part }) => {
            if (part) console.log(`  part ${part.number} stored (${loaded} / ${total} bytes acknowledged)`);
          },
        });
        console.log('callback server replied:', result.callback?.body.toString('utf8'));
      });
    }
    console.log(`\nEvery callback the emulator sent: ${endpoint}/_ossbox/callbacks`);
    console.log(`Every callback the receiver got:  ${receiverUrl}/_ossbox/callbacks`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The docs' error handling: a CallbackError means the object is stored but the callback failed. */
async function attempt(upload: () => Promise<void>): Promise<void> {
  try {
    await upload();
  } catch (e) {
    if (e instanceof CallbackError) console.log(`Callback failed: ${e.message}`);
    else throw e;
  }
}

process.exitCode = await main();
