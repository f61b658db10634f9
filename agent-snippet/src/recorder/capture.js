// Page signals recorded as custom events: uncaught errors, console warnings, SPA navigation.

const MAX_MESSAGE = 1000;
const MAX_STACK = 4000;
const MAX_CONSOLE_EVENTS = 500;

function cap(s, n) {
  s = String(s == null ? '' : s);
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function describe(v) {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v);
  } catch (e) {
    return String(v);
  }
}

/** `{type, message, stack?}` for an uncaught error or rejection reason. */
export function errorPayload(type, err, fallbackMessage) {
  const p = { type, message: cap(err && err.message !== undefined ? err.message : fallbackMessage || describe(err), MAX_MESSAGE) };
  if (err && err.name && type === 'error') p.type = String(err.name);
  if (err && typeof err.stack === 'string') p.stack = cap(err.stack, MAX_STACK);
  return p;
}

/** Listens for uncaught errors and unhandled rejections; returns a remover. */
export function captureErrors(onError) {
  const onErr = (ev) => {
    try {
      if (!ev.error && !ev.message) return; // not a script error
      onError(errorPayload('error', ev.error, ev.message));
    } catch (e) {
      // ignore
    }
  };
  const onRej = (ev) => {
    try {
      onError({ ...errorPayload('unhandledrejection', ev.reason), type: 'unhandledrejection' });
    } catch (e) {
      // ignore
    }
  };
  window.addEventListener('error', onErr);
  window.addEventListener('unhandledrejection', onRej);
  return () => {
    window.removeEventListener('error', onErr);
    window.removeEventListener('unhandledrejection', onRej);
  };
}

/** Wraps console.warn/error (size-capped, count-capped per page); returns a remover. */
export function captureConsole(onConsole) {
  const c = window.console;
  if (!c) return () => {};
  let count = 0;
  let inside = false;
  const originals = {};
  for (const level of ['warn', 'error']) {
    const orig = c[level];
    if (typeof orig !== 'function') continue;
    originals[level] = orig;
    c[level] = function () {
      if (!inside && count < MAX_CONSOLE_EVENTS) {
        inside = true;
        try {
          count++;
          const parts = [];
          for (let i = 0; i < arguments.length; i++) parts.push(describe(arguments[i]));
          onConsole({ level, message: cap(parts.join(' '), MAX_MESSAGE) });
        } catch (e) {
          // ignore
        } finally {
          inside = false;
        }
      }
      return orig.apply(this, arguments);
    };
  }
  return () => {
    for (const level of Object.keys(originals)) c[level] = originals[level];
  };
}

/** Reports URL changes from history.pushState/replaceState, popstate and hashchange. */
export function captureNavigation(onNavigate) {
  const h = window.history;
  let last = window.location.href;
  const check = () => {
    try {
      const now = window.location.href;
      if (now !== last) {
        last = now;
        onNavigate(now);
      }
    } catch (e) {
      // ignore
    }
  };
  const originals = {};
  for (const m of ['pushState', 'replaceState']) {
    const orig = h && h[m];
    if (typeof orig !== 'function') continue;
    originals[m] = orig;
    h[m] = function () {
      const r = orig.apply(this, arguments);
      check();
      return r;
    };
  }
  window.addEventListener('popstate', check);
  window.addEventListener('hashchange', check);
  return () => {
    for (const m of Object.keys(originals)) h[m] = originals[m];
    window.removeEventListener('popstate', check);
    window.removeEventListener('hashchange', check);
  };
}

/** A short CSS selector for a clicked element (tag, id, two classes, up to four levels; no text). */
export function selectorOf(el) {
  const parts = [];
  for (let n = el, i = 0; n && n.nodeType === 1 && i < 4; n = n.parentElement, i++) {
    let s = n.tagName.toLowerCase();
    if (n.id) {
      parts.unshift(`${s}#${n.id}`);
      break;
    }
    const cls = typeof n.className === 'string' ? n.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
    if (cls.length) s += `.${cls.join('.')}`;
    parts.unshift(s);
  }
  return parts.join(' > ');
}
