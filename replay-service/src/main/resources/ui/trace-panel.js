// The Trace panel of the replay page: opened by selecting a network request or a backend error in the
// event stream. It shows the browser request (and its recorded detail, for allow-listed URLs) and the
// trace's waterfall, from the browser request at the root through the backend spans the service kept:
// failing spans in red, status and duration of each, and the exception message and stack trace of
// the span that threw. Everything is rendered as text. Keyboard: the rows are buttons (↑/↓ move
// between them, Enter shows a span's detail), Esc closes the panel.
import { api, ApiError, el } from './api.js';

const ms = (v) => (v >= 100 ? Math.round(v) : Math.round(v * 10) / 10) + ' ms';

function exceptionOf(span) {
  return (span.events || []).find((e) => e.name === 'exception') || null;
}

/** Spans in tree order (parent before children, siblings by start), each with its depth. */
export function treeOrder(spans) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map();
  const roots = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      if (!children.has(s.parentSpanId)) children.set(s.parentSpanId, []);
      children.get(s.parentSpanId).push(s);
    } else {
      roots.push(s);
    }
  }
  // roots whose parent was never exported hang under the browser span when there is one
  const browser = roots.find((s) => s.browser);
  const top = browser ? [browser] : roots;
  if (browser) {
    const orphans = roots.filter((s) => s !== browser);
    children.set(browser.spanId, (children.get(browser.spanId) || []).concat(orphans));
  }
  const out = [];
  const seen = new Set();
  const walk = (s, depth) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    out.push({ span: s, depth });
    (children.get(s.spanId) || []).sort((a, b) => a.startMs - b.startMs).forEach((c) => walk(c, depth + 1));
  };
  top.sort((a, b) => a.startMs - b.startMs).forEach((s) => walk(s, 0));
  return out;
}

function keyValues(obj) {
  const entries = Object.entries(obj || {});
  if (!entries.length) return el('p', { class: 'muted small' }, 'none');
  const dl = el('dl', { class: 'kv' });
  for (const [k, v] of entries) dl.append(el('dt', {}, k), el('dd', {}, typeof v === 'string' ? v : JSON.stringify(v)));
  return dl;
}

function part(title, d) {
  if (!d) return null;
  const body = d.body != null
    ? el('pre', { class: 'body' }, d.body + (d.truncated ? '\n… (cut at the recorder\'s size limit)' : ''))
    : el('p', { class: 'muted small' }, d.bodySize != null ? `body: ${d.bodySize} bytes${d.bodyType ? ', ' + d.bodyType : ''} (not recorded)` : 'no body');
  return el('section', { class: 'detail-part' }, el('h4', {}, title), keyValues(d.headers), body);
}

/** The request panel: the recorded network event, with request/response detail where it was recorded. */
function requestView(p) {
  const status = Number(p.status);
  const box = el('div', { class: 'request', id: 'request-detail' },
    el('p', { class: status === 0 || status >= 500 ? 'bad' : '' },
      el('strong', {}, `${p.method || 'GET'} `), el('span', { class: 'url' }, String(p.url || '')),
      ` → ${status === 0 ? 'failed' : status}`, Number.isFinite(Number(p.durationMs)) ? ` · ${ms(Number(p.durationMs))}` : ''));
  if (p.request || p.response) {
    box.append(...[part('Request', p.request), part('Response', p.response)].filter(Boolean));
  } else {
    box.append(el('p', { class: 'muted small' }, 'Headers and bodies are recorded only for URLs in the recorder\'s networkDetailAllowUrls.'));
  }
  return box;
}

function spanDetail(span) {
  const ex = exceptionOf(span);
  const box = el('div', { class: 'span-detail', id: 'span-detail' },
    el('h4', {}, `${span.service} · ${span.name}`),
    el('p', { class: 'small' }, `${span.kind} · status ${span.status}${span.statusMessage ? ' (' + span.statusMessage + ')' : ''} · ${ms(span.durationMs)}`));
  if (ex) {
    box.append(el('div', { class: 'exception', role: 'group', 'aria-label': 'Exception' },
      el('p', { class: 'exception-message' }, [ex.type, ex.message].filter(Boolean).join(': ') || 'exception'),
      ex.stacktrace ? el('pre', { class: 'stack' }, ex.stacktrace) : null));
  }
  box.append(el('h5', {}, 'Attributes'), keyValues(span.attributes));
  return box;
}

function waterfall(spans, onSelect) {
  const rows = treeOrder(spans);
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const total = Math.max(end - start, 0.001);
  const list = el('ul', { class: 'waterfall', role: 'list', 'aria-label': 'Spans of the trace, the browser request first' });
  for (const { span, depth } of rows) {
    const failed = span.status === 'ERROR';
    const bar = el('span', { class: 'bar' });
    bar.style.left = `${((span.startMs - start) / total) * 100}%`;
    bar.style.width = `${Math.max((span.durationMs / total) * 100, 0.5)}%`;
    const name = el('span', { class: 'name' }, span.name);
    name.style.paddingLeft = `${depth * 14}px`;
    const button = el('button', { type: 'button', class: 'row', 'aria-pressed': 'false',
      title: `${span.service}: ${span.name} · ${span.status} · ${ms(span.durationMs)}` },
    name, el('span', { class: 'service' }, span.service), el('span', { class: 'track' }, bar),
    el('span', { class: 'dur' }, ms(span.durationMs)), el('span', { class: 'status' }, failed ? 'ERROR' : span.status));
    const li = el('li', { class: `span${failed ? ' failed' : ''}${exceptionOf(span) ? ' threw' : ''}`, dataset: { spanId: span.spanId } }, button);
    button.addEventListener('click', () => onSelect(span, button));
    list.append(li);
  }
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll('button.row')];
    const i = buttons.indexOf(document.activeElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      ev.preventDefault();
      next.focus();
    }
  });
  return list;
}

/**
 * Wires the panel element. `open({traceId, request})` shows the request (the recorded network event
 * payload, when known) and, with a trace ID, loads and shows the trace.
 */
export function tracePanel(panel, sessionId, { onClose } = {}) {
  const body = panel.querySelector('.trace-body');
  const title = panel.querySelector('#trace-title');
  const external = panel.querySelector('#trace-external');
  let opener = null;

  function close() {
    panel.hidden = true;
    document.body.dataset.tracePanel = 'closed';
    if (opener && document.contains(opener)) opener.focus();
    if (onClose) onClose();
  }
  panel.querySelector('#trace-close').addEventListener('click', close);
  panel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.stopPropagation();
      close();
    }
  });

  async function open({ traceId, request }, from) {
    opener = from || document.activeElement;
    panel.hidden = false;
    panel.dataset.traceId = traceId || '';
    document.body.dataset.tracePanel = 'loading';
    title.textContent = traceId ? `Trace ${traceId}` : 'Request';
    external.hidden = true;
    body.replaceChildren(el('p', { class: 'muted' }, traceId ? 'Loading the trace…' : ''));
    panel.focus();
    if (!traceId) {
      body.replaceChildren(requestView(request || {}));
      document.body.dataset.tracePanel = 'ready';
      return;
    }
    let trace;
    try {
      trace = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}/traces/${encodeURIComponent(traceId)}`);
    } catch (e) {
      if (panel.dataset.traceId !== traceId) return;
      body.replaceChildren(request ? requestView(request) : '', el('p', { class: 'notice' },
        e instanceof ApiError && e.status === 404 ? 'This trace is not linked to this session.' : 'The trace could not be loaded: ' + e.message));
      document.body.dataset.tracePanel = 'failed';
      return;
    }
    if (panel.dataset.traceId !== traceId) return; // another trace was opened meanwhile
    render(trace, request);
  }

  function render(trace, request) {
    const req = trace.browser || request;
    if (trace.traceUrl && /^https?:\/\//.test(trace.traceUrl)) {
      external.href = trace.traceUrl;
      external.hidden = false;
    }
    const parts = [];
    if (req) parts.push(requestView(req));
    const spans = trace.spans || [];
    if (!spans.length) {
      parts.push(el('p', { class: 'muted' }, 'No spans of this trace were received (is the backend exporting to replay-service?).'));
    } else {
      const detail = el('div', { class: 'span-detail-slot' });
      const select = (span, button) => {
        body.querySelectorAll('button.row[aria-pressed="true"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        if (button) button.setAttribute('aria-pressed', 'true');
        detail.replaceChildren(spanDetail(span));
      };
      const list = waterfall(spans, select);
      parts.push(el('p', { class: 'small muted' }, `${spans.length} span${spans.length === 1 ? '' : 's'}`
        + (trace.dropped ? ` · ${trace.dropped} more not kept (span limits)` : '')), list, detail);
      // the span that threw is shown first; else the first failing span; else the root
      const first = spans.find(exceptionOf) || spans.find((s) => s.status === 'ERROR') || treeOrder(spans)[0].span;
      select(first, list.querySelector(`li[data-span-id="${first.spanId}"] button`));
    }
    body.replaceChildren(...parts);
    document.body.dataset.tracePanel = 'ready';
  }

  return { open, close };
}
