// Callback deliveries: every attempt the emulator made, newest first, filterable; the full
// exchange of one (request, string to sign and signature, reply, outcome and the CallbackFailed
// message), and Replay to send it again after fixing the receiver.
import { useEffect, useState } from 'preact/hooks';
import { getJson, html, postJson, useLatestLoad } from './api.js';
import { time } from './format.js';
import { useReloadOn } from './live.js';
import { ActionButton, Badge, HeaderTable, Pre } from './ui.js';

const OUTCOMES = ['success', 'failed', 'status', 'connect', 'timeout', 'not-json', 'content-length-missing', 'content-length-invalid', 'too-large', 'refused-private'];

function OutcomeBadge({ attempt }) {
  return html`<${Badge} kind=${attempt.outcome === 'success' ? 'ok' : 'bad'}>${attempt.outcome}${attempt.response ? ` ${attempt.response.status}` : ''}</${Badge}>`;
}

function Detail({ attempt, onReplayed }) {
  const replay = async () => {
    const result = await postJson(`/_ossbox/callbacks/${encodeURIComponent(attempt.id)}/replay`);
    onReplayed(result.attempts.at(-1)?.id);
    return result.ok ? 'replayed: delivered' : `replayed: failed again (${result.message})`;
  };
  const response = attempt.response;
  return html`<div id="delivery-detail" data-attempt-id=${attempt.id} data-outcome=${attempt.outcome}>
    <div class="toolbar">
      <h3 class="grow"><${OutcomeBadge} attempt=${attempt} /> <span class="mono">${attempt.bucket}/${attempt.key}</span></h3>
      <${ActionButton} label="Replay" run=${replay} kind="primary" testId="replay" />
    </div>
    <p class="muted">
      ${time(attempt.time)} · ${attempt.durationMs} ms · upload request id <span class="mono">${attempt.requestId}</span>
      ${attempt.replayOf && html` · replay of <span class="mono">${attempt.replayOf}</span>`}
    </p>
    ${attempt.outcome !== 'success' && html`<div class="callout" data-testid="failure">
      <strong>The uploader got 203 CallbackFailed:</strong> <span data-testid="failure-message">${attempt.message}</span>
      ${attempt.ec && html` <span class="muted">(EC ${attempt.ec})</span>`}
      ${attempt.error && html`<br /><span class="muted">cause:</span> <span class="mono" data-testid="failure-cause">${attempt.error}</span>`}
    </div>`}
    <h4>Request</h4>
    <pre data-testid="request-line">${attempt.requestLine || '(not sent)'}</pre>
    <${HeaderTable} headers=${attempt.requestHeaders} label="request headers" />
    <h5>Body</h5>
    <${Pre} text=${attempt.requestBody} truncated=${attempt.requestBodyTruncated} testId="request-body" />
    <h4>Signature</h4>
    <h5>String to sign</h5>
    <${Pre} text=${attempt.stringToSign} testId="string-to-sign" />
    <h5>Authorization (Base64 RSA-MD5 signature)</h5>
    <${Pre} text=${attempt.requestHeaders?.Authorization} testId="signature" />
    <h4>Reply</h4>
    ${response
      ? html`<p>HTTP <strong data-testid="reply-status">${response.status}</strong> <span class="muted">(${response.bodyBytes} bytes)</span></p>
          <${HeaderTable} headers=${response.headers} label="reply headers" />
          <h5>Body</h5><${Pre} text=${response.body} truncated=${response.bodyTruncated} testId="reply-body" />`
      : html`<p class="muted">no reply${attempt.error ? `: ${attempt.error}` : ''}</p>`}
  </div>`;
}

/** The Callbacks tab. */
export function Deliveries({ buckets }) {
  const [bucket, setBucket] = useState('');
  const [key, setKey] = useState('');
  const [outcome, setOutcome] = useState('');
  const [attempts, setAttempts] = useState([]);
  const [loaded, setLoaded] = useState(false);
  const [selectedId, setSelectedId] = useState(undefined);
  const [error, setError] = useState('');

  const beginLoad = useLatestLoad();
  const load = async () => {
    const isLatest = beginLoad();
    const query = new URLSearchParams({ limit: '200' });
    if (bucket) query.set('bucket', bucket);
    if (outcome) query.set('outcome', outcome);
    try {
      const { attempts: answer } = await getJson(`/_ossbox/callbacks?${query}`);
      if (!isLatest()) return;
      setAttempts(answer);
      setLoaded(true);
      setError('');
    } catch (e) {
      if (isLatest()) setError(e.message);
    }
  };
  useEffect(() => {
    load();
  }, [bucket, outcome]);
  useReloadOn((e) => e.type === 'callback', load);

  const shown = attempts.filter((a) => key === '' || a.key.includes(key));
  const selected = attempts.find((a) => a.id === selectedId);
  return html`<section>
    <h2>Callback deliveries</h2>
    <div class="toolbar">
      <select value=${bucket} onChange=${(e) => setBucket(e.target.value)} aria-label="bucket filter">
        <option value="">all buckets</option>
        ${buckets.map((b) => html`<option value=${b.name}>${b.name}</option>`)}
      </select>
      <input placeholder="key contains…" value=${key} onInput=${(e) => setKey(e.target.value)} aria-label="key filter" />
      <select value=${outcome} onChange=${(e) => setOutcome(e.target.value)} aria-label="outcome filter">
        <option value="">all outcomes</option>
        ${OUTCOMES.map((o) => html`<option value=${o}>${o === 'failed' ? 'any failure' : o}</option>`)}
      </select>
      <span class="muted">${shown.length} attempt${shown.length === 1 ? '' : 's'}, newest first</span>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    <div class="split">
      <div class="pane">
        <table class="grid" id="deliveries" data-loaded=${loaded}>
          <thead><tr><th>Time</th><th>Outcome</th><th>Object</th><th>Callback URL</th><th class="num">ms</th></tr></thead>
          <tbody>${shown.map((a) => html`<tr data-attempt-id=${a.id} data-key=${a.key} data-outcome=${a.outcome} class=${a.id === selectedId ? 'selected clickable' : 'clickable'} onClick=${() => setSelectedId(a.id)}>
            <td>${time(a.time)}${a.replayOf ? html` <${Badge} kind="info">replay</${Badge}>` : ''}</td>
            <td><${OutcomeBadge} attempt=${a} /></td>
            <td class="mono">${a.bucket}/${a.key}</td>
            <td class="mono small">${a.url}</td>
            <td class="num">${a.durationMs}</td>
          </tr>`)}</tbody>
        </table>
        ${shown.length === 0 && html`<p class="muted">No callback attempts${bucket || key || outcome ? ' match these filters' : ' yet: upload with a callback (Objects tab, or any client)'}.</p>`}
      </div>
      ${selected && html`<div class="pane detail"><${Detail} attempt=${selected} onReplayed=${(id) => { load(); if (id) setSelectedId(id); }} /></div>`}
    </div>
  </section>`;
}
