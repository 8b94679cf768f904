// Small shared components.
import { useState } from 'preact/hooks';
import { html } from './api.js';
import { headerRows } from './format.js';

/** A two-column table of headers (name, value). */
export function HeaderTable({ headers, label = 'headers' }) {
  const rows = headerRows(headers);
  if (rows.length === 0) return html`<p class="muted">no ${label}</p>`;
  return html`<table class="kv" aria-label=${label}>
    <tbody>${rows.map(([name, value]) => html`<tr><th>${name}</th><td class="mono">${value}</td></tr>`)}</tbody>
  </table>`;
}

/** Preformatted text (bodies, strings to sign), marked when cut for display. */
export function Pre({ text, truncated, testId }) {
  if (text === undefined || text === '') return html`<p class="muted">empty</p>`;
  return html`<pre data-testid=${testId}>${text}${truncated ? html`<span class="muted">\n… (cut for display)</span>` : ''}</pre>`;
}

/** A coloured label for an outcome or status. */
export function Badge({ kind, children }) {
  return html`<span class=${`badge badge-${kind}`}>${children}</span>`;
}

/** Badge kind for an HTTP status. */
export function statusKind(status) {
  if (status === 203) return 'warn';
  if (status >= 200 && status < 300) return 'ok';
  return status >= 500 ? 'bad' : 'warn';
}

/**
 * A button running an async action (an OSS request, a replay); shows its result line next to it
 * and calls `onDone` after success. `confirm` asks first.
 */
export function ActionButton({ label, run, onDone, confirm: question, kind = '', testId }) {
  const [state, setState] = useState({ busy: false, message: '', failed: false });
  const click = async () => {
    if (question && !window.confirm(question)) return;
    setState({ busy: true, message: '', failed: false });
    try {
      const message = await run();
      setState({ busy: false, message: message ?? '', failed: false });
      onDone?.();
    } catch (error) {
      setState({ busy: false, message: error.message, failed: true });
    }
  };
  return html`<span class="action">
    <button class=${kind} disabled=${state.busy} onClick=${click} data-testid=${testId}>${state.busy ? '…' : label}</button>
    ${state.message && html`<span class=${state.failed ? 'error' : 'muted'} role="status">${state.message}</span>`}
  </span>`;
}

/** Throw the OSS error of a failed answer as an Error the ActionButton shows. */
export function expectOk(result, what) {
  if (result.ok) return;
  throw new Error(result.error ? `${what}: ${result.status} ${result.error.code}: ${result.error.message}` : `${what}: HTTP ${result.status}`);
}
