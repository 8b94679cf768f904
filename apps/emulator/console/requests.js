// The live request log: one row per OSS request as the emulator announces it (`request` events),
// newest first. Fields other helpers add to request events (an injected `fault`, the credentials
// used) are shown too, so the log needs no change when the event grows.
import { useState } from 'preact/hooks';
import { html } from './api.js';
import { time } from './format.js';
import { Badge, statusKind } from './ui.js';

const KNOWN = new Set(['id', 'type', 'time', 'bucket', 'key', 'requestId', 'method', 'operation', 'status', 'durationMs', 'aborted']);

function Extras({ event }) {
  const extras = Object.entries(event).filter(([name]) => !KNOWN.has(name));
  return html`${event.aborted && html`<${Badge} kind="bad">connection closed early</${Badge}> `}
    ${extras.map(([name, value]) => html`<span class=${name === 'fault' ? 'chip chip-fault' : 'chip'} title=${name}>
      ${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}
    </span> `)}`;
}

/** The Requests tab; `requests` is kept by the app (newest first) so none are missed while hidden. */
export function Requests({ requests, onClear }) {
  const [filter, setFilter] = useState('');
  const [faultsOnly, setFaultsOnly] = useState(false);
  const shown = requests.filter(
    (r) => (!faultsOnly || r.fault !== undefined) && (filter === '' || `${r.operation} ${r.bucket}/${r.key} ${r.status} ${r.requestId}`.includes(filter)),
  );
  return html`<section>
    <h2>Requests <span class="muted small">live</span></h2>
    <div class="toolbar">
      <input placeholder="filter: operation, bucket/key, status, request id" class="grow" value=${filter} onInput=${(e) => setFilter(e.target.value)} aria-label="request filter" />
      <label class="check"><input type="checkbox" checked=${faultsOnly} onChange=${(e) => setFaultsOnly(e.target.checked)} /> injected faults only</label>
      <button onClick=${onClear}>Clear</button>
    </div>
    <table class="grid" id="requests">
      <thead><tr><th>Time</th><th>Status</th><th>Operation</th><th>Bucket / key</th><th class="num">ms</th><th>Request id</th><th></th></tr></thead>
      <tbody>${shown.map((r) => html`<tr key=${r.id} data-operation=${r.operation} data-status=${r.status} class=${r.fault !== undefined ? 'faulted' : ''}>
        <td>${time(r.time)}</td>
        <td><${Badge} kind=${statusKind(r.status)}>${r.status}</${Badge}></td>
        <td><span class="muted">${r.method}</span> ${r.operation || html`<span class="muted">(none)</span>`}</td>
        <td class="mono">${r.bucket}${r.key ? `/${r.key}` : ''}</td>
        <td class="num">${r.durationMs}</td>
        <td class="mono small id">${r.requestId}</td>
        <td><${Extras} event=${r} /></td>
      </tr>`)}</tbody>
    </table>
    ${shown.length === 0 && html`<p class="muted">No requests yet${filter || faultsOnly ? ' match' : ''}. They appear here as they happen.</p>`}
  </section>`;
}
