// Objects: browse a bucket by prefix with folders (delimiter "/"), page through, open an object,
// upload a file. The listing is read from the store (console API); see object-detail.js and
// upload-form.js for the rest.
import { useEffect, useState } from 'preact/hooks';
import { getJson, html, useLatestLoad } from './api.js';
import { bytes, dateTime } from './format.js';
import { useReloadOn } from './live.js';
import { ObjectDetail } from './object-detail.js';
import { UploadForm } from './upload-form.js';

const PAGE_SIZE = 50;

function Breadcrumbs({ bucket, prefix, setPrefix }) {
  const parts = prefix.split('/').filter((p) => p !== '');
  return html`<nav class="crumbs" aria-label="prefix">
    <button class="link" onClick=${() => setPrefix('')}>${bucket}</button>
    ${parts.map((part, i) => html` / <button class="link" onClick=${() => setPrefix(`${parts.slice(0, i + 1).join('/')}/`)}>${part}</button>`)}
  </nav>`;
}

/** The Objects tab for one bucket. */
export function Objects({ bucket }) {
  const [prefix, setPrefixState] = useState('');
  const [folders, setFolders] = useState(true);
  // Markers of the pages before the current one, for "Previous".
  const [markers, setMarkers] = useState([]);
  const [marker, setMarker] = useState('');
  const [page, setPage] = useState(undefined);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState(undefined);

  const beginLoad = useLatestLoad();
  const load = async () => {
    const isLatest = beginLoad();
    const query = new URLSearchParams({ prefix, delimiter: folders ? '/' : '', marker, maxKeys: String(PAGE_SIZE) });
    try {
      const listing = await getJson(`/_ossbox/api/buckets/${encodeURIComponent(bucket)}/objects?${query}`);
      if (!isLatest()) return;
      setPage(listing);
      setError('');
    } catch (e) {
      if (isLatest()) setError(e.message);
    }
  };
  useEffect(() => {
    load();
  }, [bucket, prefix, folders, marker]);
  useEffect(() => {
    setPrefixState('');
    setSelected(undefined);
    setMarkers([]);
    setMarker('');
  }, [bucket]);
  useReloadOn((e) => e.bucket === bucket && (e.type === 'object-created' || e.type === 'object-deleted'), load);

  const setPrefix = (p) => {
    setPrefixState(p);
    setMarkers([]);
    setMarker('');
    setSelected(undefined);
  };
  const next = () => {
    setMarkers([...markers, marker]);
    setMarker(page.nextMarker);
  };
  const previous = () => {
    setMarker(markers.at(-1));
    setMarkers(markers.slice(0, -1));
  };

  return html`<section>
    <h2>Objects</h2>
    <div class="toolbar">
      <${Breadcrumbs} bucket=${bucket} prefix=${prefix} setPrefix=${setPrefix} />
      <label class="check"><input type="checkbox" checked=${folders} onChange=${(e) => setFolders(e.target.checked)} /> folders (delimiter "/")</label>
    </div>
    <div class="split">
      <div class="pane">
        ${error && html`<p class="error">${error}</p>`}
        <table class="grid" id="objects">
          <thead><tr><th>Key</th><th class="num">Size</th><th>Type</th><th>Last modified</th></tr></thead>
          <tbody>
            ${page?.commonPrefixes.map((p) => html`<tr class="folder" data-prefix=${p}>
              <td colspan="4"><button class="link folder-link" onClick=${() => setPrefix(p)}>${p.slice(prefix.length)}</button></td>
            </tr>`)}
            ${page?.objects.map((o) => html`<tr data-key=${o.key} class=${selected === o.key ? 'selected' : ''}>
              <td><button class="link mono" onClick=${() => setSelected(o.key)}>${o.key.slice(prefix.length)}</button></td>
              <td class="num">${bytes(o.size)}</td>
              <td>${o.contentType}</td>
              <td>${dateTime(o.lastModified)}</td>
            </tr>`)}
          </tbody>
        </table>
        ${page && page.objects.length + page.commonPrefixes.length === 0 && html`<p class="muted">Nothing under this prefix.</p>`}
        <div class="toolbar pager">
          <button disabled=${markers.length === 0} onClick=${previous}>← Previous</button>
          <span class="muted">page ${markers.length + 1}</span>
          <button disabled=${!page?.isTruncated} onClick=${next} data-testid="next-page">Next →</button>
        </div>
        <${UploadForm} bucket=${bucket} prefix=${prefix} />
      </div>
      ${selected !== undefined && html`<div class="pane detail">
        <${ObjectDetail} bucket=${bucket} objectKey=${selected} onClose=${() => setSelected(undefined)} />
      </div>`}
    </div>
  </section>`;
}
