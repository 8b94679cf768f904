// One object: its stored metadata, the headers HeadObject answers with, a preview for images
// and text, download and delete.
import { useEffect, useState } from 'preact/hooks';
import { getJson, html, oss, presign } from './api.js';
import { bytes } from './format.js';
import { ActionButton, expectOk, HeaderTable, Pre } from './ui.js';

/** Bytes of a text object shown in the preview. */
const TEXT_PREVIEW_BYTES = 64 * 1024;

function isText(type) {
  return /^text\/|[/+](json|xml|javascript|x-yaml|yaml|csv)\b/.test(type);
}

function Preview({ bucket, object }) {
  const [content, setContent] = useState(undefined);
  useEffect(() => {
    setContent(undefined);
    // A preview of an object no longer shown is dropped, as in ObjectDetail.
    let shown = true;
    const show = (value) => shown && setContent(value);
    const request = { method: 'GET', bucket, key: object.key };
    if (object.contentType.startsWith('image/')) {
      presign(request).then((url) => show({ image: url }));
    } else if (isText(object.contentType) && object.size > 0) {
      presign(request)
        .then((url) => fetch(url, { headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } }))
        .then((res) => res.text())
        .then((text) => show({ text, truncated: object.size > TEXT_PREVIEW_BYTES }));
    }
    return () => {
      shown = false;
    };
  }, [bucket, object.key, object.etag]);
  if (!content) return null;
  return html`<h4>Preview</h4>${content.image
    ? html`<img class="preview" src=${content.image} alt=${object.key} />`
    : html`<${Pre} text=${content.text} truncated=${content.truncated} testId="text-preview" />`}`;
}

function Metadata({ object }) {
  const rows = [
    ['Size', `${bytes(object.size)} (${object.size} bytes)`],
    ['ETag', object.etag],
    ['CRC-64', object.crc64],
    ['Content-Type', object.contentType],
    ['Object type', object.type],
    ['Storage class', object.storageClass],
    ['ACL', object.acl],
    ...(object.contentMd5 ? [['Content-MD5', object.contentMd5]] : []),
    ...Object.entries(object.userMeta).map(([name, value]) => [`x-oss-meta-${name}`, value]),
    ...Object.entries(object.tags ?? {}).map(([name, value]) => [`tag ${name}`, value]),
  ];
  return html`<${HeaderTable} headers=${rows} label="metadata" />`;
}

/** The detail pane of `objectKey`. */
export function ObjectDetail({ bucket, objectKey, onClose }) {
  const [object, setObject] = useState(undefined);
  const [head, setHead] = useState(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    setObject(undefined);
    setHead(undefined);
    setError('');
    // Answers for an object no longer shown (the user clicked another) are dropped.
    let shown = true;
    const unlessMoved = (set) => (value) => shown && set(value);
    const fail = unlessMoved((e) => setError(e.message));
    getJson(`/_ossbox/api/buckets/${encodeURIComponent(bucket)}/object?key=${encodeURIComponent(objectKey)}`)
      .then(unlessMoved((body) => setObject(body.object)), fail);
    oss({ method: 'HEAD', bucket, key: objectKey }).then(unlessMoved(setHead), fail);
    return () => {
      shown = false;
    };
  }, [bucket, objectKey]);

  const download = async () => {
    const name = objectKey.split('/').at(-1);
    const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
    const link = document.createElement('a');
    link.href = await presign({ method: 'GET', bucket, key: objectKey, query: { 'response-content-disposition': disposition } });
    link.download = name;
    link.click();
  };
  const remove = async () => {
    expectOk(await oss({ method: 'DELETE', bucket, key: objectKey }), 'DeleteObject');
    onClose();
  };

  return html`<div id="object-detail" data-key=${objectKey}>
    <div class="toolbar">
      <h3 class="mono grow">${objectKey}</h3>
      <button class="link" onClick=${onClose} aria-label="close">✕</button>
    </div>
    <div class="toolbar">
      <${ActionButton} label="Download" run=${download} />
      <${ActionButton} label="Delete" run=${remove} confirm=${`Delete ${objectKey}?`} kind="danger" testId="delete-object" />
    </div>
    ${error && html`<p class="error">${error}</p>`}
    ${object && html`<h4>Metadata</h4><${Metadata} object=${object} /><${Preview} bucket=${bucket} object=${object} />`}
    <h4>Response headers (HeadObject)</h4>
    ${head ? html`<p class="muted">HTTP ${head.status}</p><${HeaderTable} headers=${head.headers} label="response headers" />` : html`<p class="muted">…</p>`}
  </div>`;
}
