// Upload a file from the page: a real PutObject through a presigned URL, optionally with an
// upload callback (carried in the URL's `callback` / `callback-var` parameters). Shows what the
// uploader gets: 200 with the receiver's JSON, 203 CallbackFailed with its message, or the error.
import { useState } from 'preact/hooks';
import { html, oss } from './api.js';
import { Badge, statusKind } from './ui.js';

const DEFAULT_BODY = 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}';

function Result({ result }) {
  if (!result) return null;
  if (result.failure) return html`<p class="error" id="upload-result" data-outcome="error">${result.failure}</p>`;
  const { status, error, text } = result;
  const outcome = status === 200 ? 'stored' : status === 203 ? 'callback-failed' : 'error';
  return html`<div id="upload-result" data-outcome=${outcome}>
    <${Badge} kind=${statusKind(status)}>${status}</${Badge}>
    ${status === 203 && html` stored, but the callback failed: <strong data-testid="callback-message">${error?.message}</strong>`}
    ${status === 200 && html` stored${text ? ', the receiver answered:' : ''}`}
    ${status !== 200 && status !== 203 && html` ${error ? `${error.code}: ${error.message}` : 'failed'}`}
    ${status === 200 && text && html`<pre data-testid="callback-reply">${text}</pre>`}
  </div>`;
}

/** Upload into `bucket`; the key defaults to the current prefix plus the file name. */
export function UploadForm({ bucket, prefix }) {
  const [file, setFile] = useState(undefined);
  const [key, setKey] = useState('');
  const [withCallback, setWithCallback] = useState(false);
  const [callbackUrl, setCallbackUrl] = useState('');
  const [callbackBody, setCallbackBody] = useState(DEFAULT_BODY);
  const [bodyType, setBodyType] = useState('application/x-www-form-urlencoded');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(undefined);

  const pick = (e) => {
    const picked = e.target.files[0];
    setFile(picked);
    if (picked) setKey(`${prefix}${picked.name}`);
  };
  const upload = async (e) => {
    e.preventDefault();
    setBusy(true);
    setResult(undefined);
    try {
      const request = { method: 'PUT', bucket, key, headers: { 'Content-Type': file.type || 'application/octet-stream' } };
      if (withCallback) request.callback = { url: callbackUrl, body: callbackBody, bodyType };
      setResult(await oss(request, file));
    } catch (error) {
      setResult({ failure: error.message });
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="card" onSubmit=${upload} id="upload-form">
    <h3>Upload a file</h3>
    <div class="toolbar">
      <input type="file" onChange=${pick} id="upload-file" aria-label="file" />
      <input class="grow mono" placeholder="object key" value=${key} onInput=${(e) => setKey(e.target.value)} id="upload-key" aria-label="object key" />
    </div>
    <label class="check"><input type="checkbox" checked=${withCallback} onChange=${(e) => setWithCallback(e.target.checked)} id="upload-with-callback" /> with an upload callback</label>
    ${withCallback && html`<div class="callback-fields">
      <input class="mono" type="url" required placeholder="callback URL (required), e.g. http://127.0.0.1:9001/callback" value=${callbackUrl} onInput=${(e) => setCallbackUrl(e.target.value)} id="callback-url" aria-label="callback URL" />
      <input class="mono" value=${callbackBody} onInput=${(e) => setCallbackBody(e.target.value)} id="callback-body" aria-label="callback body template" />
      <select value=${bodyType} onChange=${(e) => setBodyType(e.target.value)} aria-label="callback body type">
        <option value="application/x-www-form-urlencoded">application/x-www-form-urlencoded</option>
        <option value="application/json">application/json</option>
      </select>
    </div>`}
    <button class="primary" type="submit" disabled=${busy || !file || key === '' || (withCallback && callbackUrl.trim() === '')} id="upload-submit">${busy ? 'Uploading…' : 'Upload (PutObject)'}</button>
    <${Result} result=${result} />
  </form>`;
}
