// Multipart uploads in progress in one bucket: their parts and sizes, and AbortMultipartUpload.
import { useEffect, useState } from 'preact/hooks';
import { getJson, html, oss, useLatestLoad } from './api.js';
import { bytes, dateTime } from './format.js';
import { useReloadOn } from './live.js';
import { ActionButton, expectOk } from './ui.js';

const UPLOAD_CHANGES = ['InitiateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload'];

function Parts({ parts }) {
  if (parts.length === 0) return html`<p class="muted">no parts yet</p>`;
  return html`<table class="grid parts">
    <thead><tr><th class="num">Part</th><th class="num">Size</th><th>ETag</th><th>Uploaded</th></tr></thead>
    <tbody>${parts.map((p) => html`<tr><td class="num">${p.partNumber}</td><td class="num">${bytes(p.size)}</td><td class="mono">${p.etag}</td><td>${dateTime(p.lastModified)}</td></tr>`)}</tbody>
  </table>`;
}

function UploadRow({ bucket, upload, reload }) {
  const [open, setOpen] = useState(false);
  const abort = async () => {
    expectOk(await oss({ method: 'DELETE', bucket, key: upload.key, query: { uploadId: upload.uploadId } }), 'AbortMultipartUpload');
    return 'aborted';
  };
  return html`<tr data-upload-id=${upload.uploadId}>
    <td class="mono">${upload.key}</td>
    <td class="mono small id">${upload.uploadId}</td>
    <td>${dateTime(upload.initiated)}</td>
    <td class="num"><button class="link" onClick=${() => setOpen(!open)}>${upload.parts.length} part${upload.parts.length === 1 ? '' : 's'}</button></td>
    <td class="num">${bytes(upload.size)}</td>
    <td><${ActionButton} label="Abort" run=${abort} onDone=${reload} confirm=${`Abort the upload of ${upload.key} and delete its parts?`} kind="danger" testId="abort-upload" /></td>
  </tr>
  ${open && html`<tr class="nested"><td colspan="6"><${Parts} parts=${upload.parts} /></td></tr>`}`;
}

/** The Multipart tab for one bucket. */
export function Uploads({ bucket }) {
  const [uploads, setUploads] = useState(undefined);
  const [error, setError] = useState('');
  const beginLoad = useLatestLoad();
  const load = () => {
    const isLatest = beginLoad();
    return getJson(`/_ossbox/api/buckets/${encodeURIComponent(bucket)}/uploads`).then(
      (body) => {
        if (!isLatest()) return;
        setUploads(body.uploads);
        setError('');
      },
      (e) => isLatest() && setError(e.message),
    );
  };
  useEffect(() => {
    load();
  }, [bucket]);
  useReloadOn((e) => e.bucket === bucket && e.type === 'request' && UPLOAD_CHANGES.includes(e.operation), load);

  return html`<section>
    <h2>Multipart uploads in progress</h2>
    ${error && html`<p class="error">${error}</p>`}
    <table class="grid" id="uploads">
      <thead><tr><th>Key</th><th>Upload id</th><th>Initiated</th><th class="num">Parts</th><th class="num">Size</th><th></th></tr></thead>
      <tbody>${uploads?.map((u) => html`<${UploadRow} key=${u.uploadId} bucket=${bucket} upload=${u} reload=${load} />`)}</tbody>
    </table>
    ${uploads?.length === 0 && html`<p class="muted">No multipart uploads in progress in ${bucket}.</p>`}
  </section>`;
}
