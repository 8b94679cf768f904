import { Callback, CallbackError, Client } from '@ossbox/sdk';

const client = new Client({
  endpoint: 'http://127.0.0.1:9000',
  accessKeyId: 'ossbox',
  accessKeySecret: 'ossbox-secret',
});
const bucket = client.getBucket('examplebucket');
const callback = new Callback({
  url: 'http://127.0.0.1:9001/callback',
  query: { user: 'put_object' },
  body: 'bucket=${bucket}&object=${object}&size=${size}&uid=${x:uid}',
  vars: { uid: '42' },
});
try {
  const result = await bucket.putObject('files/hello.txt', { body: 'hello', callback });
  console.log(result.callback?.json); // the receiver's verified echo
} catch (e) {
  // the object WAS stored; only the callback failed (HTTP 203 CallbackFailed)
  if (e instanceof CallbackError) console.log(`Callback failed: ${e.message}`, e.etag);
  else throw e;
}
