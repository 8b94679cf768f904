// Buckets: list, create, delete, ACL and CORS rules. Changes are real OSS requests
// (PutBucket, DeleteBucket, PutBucketAcl, PutBucketCors, DeleteBucketCors).
import { useState } from 'preact/hooks';
import { html, oss } from './api.js';
import { dateTime } from './format.js';
import { ActionButton, expectOk } from './ui.js';

const ACLS = ['private', 'public-read', 'public-read-write'];
const BUCKET_OPERATIONS = ['PutBucket', 'DeleteBucket', 'PutBucketAcl', 'PutBucketCors', 'DeleteBucketCors'];

/** Whether a live event changed some bucket's row (request events name the operation). */
export function changesBuckets(event) {
  return event.type === 'request' && BUCKET_OPERATIONS.includes(event.operation) && event.status < 300;
}

const CORS_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>http://127.0.0.1:5173</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>x-oss-request-id</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

function CreateBucket({ onDone }) {
  const [name, setName] = useState('');
  const [acl, setAcl] = useState('private');
  const create = async () => {
    const result = await oss({ method: 'PUT', bucket: name, headers: { 'x-oss-acl': acl } });
    expectOk(result, 'PutBucket');
    setName('');
    return `created ${name}`;
  };
  return html`<div class="toolbar">
    <input placeholder="new bucket name" value=${name} onInput=${(e) => setName(e.target.value)} aria-label="new bucket name" />
    <select value=${acl} onChange=${(e) => setAcl(e.target.value)} aria-label="new bucket ACL">
      ${ACLS.map((a) => html`<option value=${a}>${a}</option>`)}
    </select>
    <${ActionButton} label="Create bucket" run=${create} onDone=${onDone} kind="primary" testId="create-bucket" />
  </div>`;
}

function CorsRules({ cors }) {
  if (!cors) return html`<span class="muted">none</span>`;
  return html`<ol class="cors-rules">
    ${cors.rules.map((rule) => html`<li>
      <span class="mono">${rule.allowedOrigins.join(' ')}</span> → ${rule.allowedMethods.join(', ')}
      ${rule.allowedHeaders.length > 0 && html`<br /><span class="muted">headers</span> ${rule.allowedHeaders.join(', ')}`}
      ${rule.exposeHeaders.length > 0 && html`<br /><span class="muted">expose</span> ${rule.exposeHeaders.join(', ')}`}
      ${rule.maxAgeSeconds !== undefined && html`<br /><span class="muted">max age</span> ${rule.maxAgeSeconds} s`}
    </li>`)}
  </ol>${cors.responseVary ? html`<span class="muted">Vary: Origin</span>` : ''}`;
}

function CorsEditor({ bucket, onDone }) {
  const [xml, setXml] = useState(bucket.corsXml ?? CORS_TEMPLATE);
  const save = async () => {
    const result = await oss({ method: 'PUT', bucket: bucket.name, query: { cors: '' }, headers: { 'Content-Type': 'application/xml' } }, xml);
    expectOk(result, 'PutBucketCors');
    return 'saved';
  };
  const remove = async () => {
    expectOk(await oss({ method: 'DELETE', bucket: bucket.name, query: { cors: '' } }), 'DeleteBucketCors');
    return 'removed';
  };
  return html`<div class="editor">
    <textarea rows="14" value=${xml} onInput=${(e) => setXml(e.target.value)} aria-label=${`CORS rules of ${bucket.name}`}></textarea>
    <div class="toolbar">
      <${ActionButton} label="Save rules (PutBucketCors)" run=${save} onDone=${onDone} kind="primary" />
      ${bucket.cors && html`<${ActionButton} label="Delete rules" run=${remove} onDone=${onDone} confirm=${`Delete the CORS rules of ${bucket.name}?`} />`}
    </div>
  </div>`;
}

function BucketRow({ bucket, onChanged, onBrowse }) {
  const [editing, setEditing] = useState(false);
  const setAcl = async (acl) => {
    expectOk(await oss({ method: 'PUT', bucket: bucket.name, query: { acl: '' }, headers: { 'x-oss-acl': acl } }), 'PutBucketAcl');
    onChanged();
  };
  const remove = async () => {
    expectOk(await oss({ method: 'DELETE', bucket: bucket.name }), 'DeleteBucket');
    return 'deleted';
  };
  return html`<tr data-bucket=${bucket.name}>
    <td><a href=${`#objects:${bucket.name}`} onClick=${(e) => { e.preventDefault(); onBrowse(bucket.name); }} class="strong">${bucket.name}</a></td>
    <td>
      <select value=${bucket.acl} onChange=${(e) => setAcl(e.target.value).catch((error) => alert(error.message))} aria-label=${`ACL of ${bucket.name}`}>
        ${ACLS.map((a) => html`<option value=${a}>${a}</option>`)}
      </select>
    </td>
    <td>${dateTime(bucket.createdAt)}</td>
    <td>
      <${CorsRules} cors=${bucket.cors} />
      <div><button class="link" onClick=${() => setEditing(!editing)}>${editing ? 'close editor' : 'edit rules'}</button></div>
      ${editing && html`<${CorsEditor} bucket=${bucket} onDone=${onChanged} />`}
    </td>
    <td><${ActionButton} label="Delete" run=${remove} onDone=${onChanged} confirm=${`Delete bucket ${bucket.name}? OSS refuses when it still has objects or uploads.`} kind="danger" /></td>
  </tr>`;
}

/** The Buckets tab. */
export function Buckets({ buckets, reload, onBrowse }) {
  return html`<section>
    <h2>Buckets</h2>
    <${CreateBucket} onDone=${reload} />
    <table class="grid" id="buckets">
      <thead><tr><th>Name</th><th>ACL</th><th>Created</th><th>CORS rules</th><th></th></tr></thead>
      <tbody>${buckets.map((b) => html`<${BucketRow} key=${b.name} bucket=${b} onChanged=${reload} onBrowse=${onBrowse} />`)}</tbody>
    </table>
    ${buckets.length === 0 && html`<p class="muted">No buckets. Create one above, or start the emulator with --bucket.</p>`}
  </section>`;
}
