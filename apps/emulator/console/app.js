// The ossbox console: tabs over buckets, objects, multipart uploads, callback deliveries and the
// live request log. The location hash keeps the tab and bucket (`#objects:examplebucket`), so a
// reload or a shared link opens the same view.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, html, useLatestLoad } from './api.js';
import { Buckets, changesBuckets } from './buckets.js';
import { Deliveries } from './deliveries.js';
import { connect, useLive, useReloadOn } from './live.js';
import { Objects } from './objects.js';
import { Requests } from './requests.js';
import { Uploads } from './uploads.js';

const TABS = [
  ['buckets', 'Buckets'],
  ['objects', 'Objects'],
  ['uploads', 'Multipart'],
  ['callbacks', 'Callbacks'],
  ['requests', 'Requests'],
];
/** Request events kept for the Requests tab. */
const MAX_REQUESTS = 500;

/** Faults fired for requests still running, by request id (a few at a time; bounded anyway). */
const pendingFaults = new Map();

function rememberFault(event) {
  const fired = `${event.ruleId} ${event.effect}`;
  const earlier = pendingFaults.get(event.requestId);
  pendingFaults.set(event.requestId, earlier ? `${earlier}, ${fired}` : fired);
  if (pendingFaults.size > MAX_REQUESTS) pendingFaults.delete(pendingFaults.keys().next().value);
}

function withFault(request) {
  const fault = pendingFaults.get(request.requestId);
  if (fault === undefined || request.fault !== undefined) return request;
  pendingFaults.delete(request.requestId);
  return { ...request, fault };
}

function readHash() {
  const [tab, bucket] = decodeURIComponent(location.hash.slice(1)).split(':');
  return { tab: TABS.some(([id]) => id === tab) ? tab : 'callbacks', bucket: bucket ?? '' };
}

function App() {
  const [view, setView] = useState(readHash());
  const [info, setInfo] = useState(undefined);
  const [buckets, setBuckets] = useState([]);
  const [connection, setConnection] = useState('connecting');
  const [requests, setRequests] = useState([]);
  const [failedCallbacks, setFailedCallbacks] = useState(0);

  const beginLoad = useLatestLoad();
  const loadBuckets = () => {
    const isLatest = beginLoad();
    return getJson('/_ossbox/api/buckets').then((body) => isLatest() && setBuckets(body.buckets));
  };
  useEffect(() => {
    getJson('/_ossbox/api/info').then(setInfo);
    loadBuckets();
    const onHash = () => setView(readHash());
    window.addEventListener('hashchange', onHash);
    const disconnect = connect(setConnection);
    return () => {
      window.removeEventListener('hashchange', onHash);
      disconnect();
    };
  }, []);
  useReloadOn(changesBuckets, loadBuckets);
  useLive((event) => {
    // A fault event comes before the request it hit ends: its rule and effect go on that request's row.
    if (event.type === 'fault') rememberFault(event);
    if (event.type === 'request') setRequests((list) => [withFault(event), ...list].slice(0, MAX_REQUESTS));
    if (event.type === 'callback' && event.outcome !== 'success' && readHash().tab !== 'callbacks') setFailedCallbacks((n) => n + 1);
  });

  const go = (tab, bucket = view.bucket) => {
    location.hash = bucket ? `${tab}:${bucket}` : tab;
    if (tab === 'callbacks') setFailedCallbacks(0);
  };
  const bucket = buckets.some((b) => b.name === view.bucket) ? view.bucket : (buckets[0]?.name ?? '');
  const needsBucket = view.tab === 'objects' || view.tab === 'uploads';

  return html`<header>
      <h1>ossbox <span class="muted">console</span></h1>
      <span class="muted small">${info ? `emulator ${info.version} · access key ${info.accessKeyId}` : ''}</span>
      <span class=${`connection connection-${connection}`} id="connection" title="live updates from /_ossbox/events">${connection}</span>
    </header>
    <nav class="tabs">
      ${TABS.map(([id, label]) => html`<a href=${`#${id}${bucket && (id === 'objects' || id === 'uploads') ? `:${bucket}` : ''}`}
        class=${view.tab === id ? 'tab active' : 'tab'} data-tab=${id} onClick=${() => id === 'callbacks' && setFailedCallbacks(0)}>
        ${label}${id === 'callbacks' && failedCallbacks > 0 ? html` <span class="badge badge-bad">${failedCallbacks}</span>` : ''}
        ${id === 'requests' ? html` <span class="muted small">${requests.length}</span>` : ''}
      </a>`)}
      ${needsBucket && html`<label class="bucket-picker">bucket
        <select value=${bucket} onChange=${(e) => go(view.tab, e.target.value)} id="bucket-picker">
          ${buckets.map((b) => html`<option value=${b.name}>${b.name}</option>`)}
        </select></label>`}
    </nav>
    <main>
      ${view.tab === 'buckets' && html`<${Buckets} buckets=${buckets} reload=${loadBuckets} onBrowse=${(name) => go('objects', name)} />`}
      ${needsBucket && !bucket && html`<p class="muted">No buckets yet: create one in the Buckets tab.</p>`}
      ${view.tab === 'objects' && bucket && html`<${Objects} bucket=${bucket} />`}
      ${view.tab === 'uploads' && bucket && html`<${Uploads} bucket=${bucket} />`}
      ${view.tab === 'callbacks' && html`<${Deliveries} buckets=${buckets} />`}
      ${view.tab === 'requests' && html`<${Requests} requests=${requests} onClear=${() => setRequests([])} />`}
    </main>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
