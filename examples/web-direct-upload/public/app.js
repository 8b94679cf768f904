// The page: asks the app server for a short-lived permission, uploads straight to OSS, and shows
// what came back. Plain browser JavaScript, no build step. `OSS` is the global of ali-oss's
// browser build (vendor/aliyun-oss-sdk.min.js).
/* global OSS */

const $ = (id) => document.getElementById(id);
const ui = {
  file: $('file'),
  key: $('key'),
  failCallback: $('fail-callback'),
  expiredPolicy: $('expired-policy'),
  otherKey: $('other-key'),
  buttons: [...document.querySelectorAll('button[data-flow]')],
  result: $('result'),
  progress: $('progress'),
  progressText: $('progress-text'),
  status: $('status'),
  reply: $('reply'),
};

const config = await (await fetch('api/config')).json();
$('endpoint').textContent = `${config.endpoint}/${config.bucket}`;
$('limits').textContent = `Keys must start with ${config.keyPrefix}; PostObject accepts files up to ${config.maxSize} bytes.`;
ui.file.addEventListener('change', () => {
  const file = ui.file.files[0];
  if (file) ui.key.value = `${config.keyPrefix}${file.name}`;
});

/** Ask the app server for a permission (JSON in, JSON out). */
async function permission(path, body) {
  const res = await fetch(`api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`The app server refused: ${json.error}`);
  return json;
}

function setProgress(fraction, text) {
  ui.progress.value = Math.round(fraction * 100);
  ui.progressText.textContent = text;
}

function show(outcome, status, reply = '') {
  ui.result.dataset.outcome = outcome;
  ui.status.textContent = status;
  ui.reply.textContent = typeof reply === 'string' ? reply : JSON.stringify(reply, null, 2);
}

/** `<Code>` and `<Message>` of an OSS error body. */
function ossError(text) {
  const xml = new DOMParser().parseFromString(text, 'application/xml');
  const get = (name) => xml.querySelector(name)?.textContent ?? '';
  return { code: get('Code'), message: get('Message') };
}

/** What the page says when the browser gives it no answer at all (ali-oss reports status -1). */
const NO_ANSWER = 'The browser could not complete the request: a network error, or OSS did not allow this origin (CORS).';

/**
 * Send with XMLHttpRequest, which (unlike fetch) reports upload progress. Its upload listener also
 * makes even the PostObject form a preflighted request, so an origin OSS does not allow sends
 * nothing (a plain form POST would be sent, and only its answer hidden). Resolves with the
 * response; a network error or a response the browser withheld (CORS) rejects.
 */
function send(method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(e.loaded / e.total, `Sent ${e.loaded} of ${e.total} bytes`);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new Error(NO_ANSWER));
    xhr.send(body);
  });
}

/** Turn an OSS answer to a PostObject or PUT into what the page shows. */
function report(xhr, key) {
  if (xhr.status === 200) {
    show('success', `Stored ${key}. The app server answered, through OSS:`, JSON.parse(xhr.responseText));
  } else if (xhr.status === 203) {
    const { message } = ossError(xhr.responseText);
    show('callback-failed', `Stored ${key}, but the callback failed (HTTP 203 CallbackFailed): ${message}`, xhr.responseText);
  } else {
    const { code, message } = ossError(xhr.responseText);
    // The bytes went out, but OSS keeps nothing of a refused PutObject or PostObject.
    ui.progressText.textContent = `${ui.progressText.textContent}; nothing was stored`;
    show('error', `OSS refused the upload (HTTP ${xhr.status} ${code}): ${message}`, xhr.responseText);
  }
}

const flows = {
  async 'post-object'(file, key, options) {
    const form = await permission('post-object-form', options);
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.set('key', key);
    data.append('file', file); // last: OSS refuses a form with a field after the file
    report(await send('POST', form.url, data), key);
  },

  async 'presigned-put'(file, key, options) {
    // The URL signs the Content-Type; the browser must send exactly the headers it was signed with.
    const put = await permission('presigned-put', { ...options, key, contentType: file.type });
    report(await send('PUT', put.url, file, put.headers), key);
  },

  async multipart(file, key, options) {
    const p = await permission('multipart-permission', { ...options, key });
    await multipartUpload(new OSS(aliOssOptions(p)), file, key, p.callback);
  },

  // The production way: temporary STS credentials the app server got for this one key. ali-oss
  // sends them as x-oss-security-token and asks the app server again through refreshSTSToken.
  async 'sts-multipart'(file, key, options) {
    const p = await permission('sts-credentials', { ...options, key });
    const refreshSTSToken = async () => {
      const fresh = await permission('sts-credentials', { ...options, key });
      return { accessKeyId: fresh.accessKeyId, accessKeySecret: fresh.accessKeySecret, stsToken: fresh.stsToken };
    };
    await multipartUpload(new OSS({ ...aliOssOptions(p), stsToken: p.stsToken, refreshSTSToken }), file, key, p.callback);
  },
};

/** ali-oss client options from an app-server permission. */
function aliOssOptions(p) {
  return { endpoint: p.endpoint, sldEnable: p.sldEnable, region: p.region, bucket: p.bucket, accessKeyId: p.accessKeyId, accessKeySecret: p.accessKeySecret };
}

/** ali-oss multipartUpload in about four parts, with the callback, showing the outcome. */
async function multipartUpload(client, file, key, callback) {
  const partSize = Math.min(5 * 1024 * 1024, Math.max(100 * 1024, Math.ceil(file.size / 4)));
  const parts = Math.max(1, Math.ceil(file.size / partSize));
  // ali-oss reports doneParts / (parts + 1) with its checkpoint after each part, and 1 (without a
  // checkpoint) only once CompleteMultipartUpload succeeded: count the parts from the checkpoint.
  let uploaded = 0;
  const progress = (fraction, checkpoint) => {
    if (checkpoint) uploaded = checkpoint.doneParts.length;
    else if (fraction === 1) uploaded = parts;
    setProgress(fraction, `Uploaded ${uploaded} of ${parts} parts`);
  };
  try {
    const result = await client.multipartUpload(key, file, { partSize, parallel: 3, callback, progress });
    show('success', `Stored ${key} in ${parts} ${parts === 1 ? 'part' : 'parts'}. The app server answered, through OSS:`, result.data);
  } catch (err) {
    if (err.status === 203) {
      // Complete succeeded (the object is stored); only the callback failed.
      setProgress(1, `Uploaded ${parts} of ${parts} parts`);
      show('callback-failed', `Stored ${key}, but the callback failed (HTTP 203 CallbackFailed): ${err.message}`, `RequestId: ${err.requestId}`);
    } else {
      ui.progressText.textContent = uploaded > 0 ? `Stopped after ${uploaded} of ${parts} parts` : 'Nothing was uploaded';
      if (err.status === -1) show('error', `The multipart upload failed. ${NO_ANSWER}`, err.message);
      else show('error', `The multipart upload failed (${err.status > 0 ? `HTTP ${err.status} ` : ''}${err.code || err.name}): ${err.message}`);
    }
  }
}

for (const button of ui.buttons) {
  button.addEventListener('click', async () => {
    const file = ui.file.files[0];
    if (!file) return show('error', 'Pick a file first.');
    const key = ui.key.value.trim() || `${config.keyPrefix}${file.name}`;
    const options = { failCallback: ui.failCallback.checked, expiredPolicy: ui.expiredPolicy.checked, otherKey: ui.otherKey.checked };
    ui.buttons.forEach((b) => (b.disabled = true));
    show('running', `Uploading ${file.name} (${file.size} bytes) as ${key}…`);
    setProgress(0, 'Starting…');
    try {
      await flows[button.dataset.flow](file, key, options);
    } catch (err) {
      show('error', err.message);
    } finally {
      ui.buttons.forEach((b) => (b.disabled = false));
    }
  });
}
