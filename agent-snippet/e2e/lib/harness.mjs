// Shared plumbing of the browser tests: the replay-service under test (REPLAYLINK_URL / _KEY /
// _TOKEN, or an in-memory fake when unset), a small test app server on 127.0.0.1 with a
// cross-origin twin, headless Chromium through playwright-core, and the read API.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startFakeService } from './fake-service.mjs';

const SDK_DIR = new URL('../../target/classes/replaylink-sdk/', import.meta.url);
const SDK_FILE = new URL('replaylink.js', SDK_DIR);
const PLAYER_FILES = { '/sdk/player.js': 'text/javascript', '/sdk/player.css': 'text/css', '/sdk/replaylink.esm.js': 'text/javascript' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class TestFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor(what, fn, timeoutMs = 20000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new TestFailure(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(everyMs);
  }
}

async function serviceUnderTest() {
  const url = process.env.REPLAYLINK_URL;
  if (url) {
    const key = process.env.REPLAYLINK_KEY;
    const token = process.env.REPLAYLINK_TOKEN;
    check(key && token, 'REPLAYLINK_KEY and REPLAYLINK_TOKEN must be set with REPLAYLINK_URL');
    return { url: url.replace(/\/+$/, ''), key, token, fake: false, close: async () => {} };
  }
  return startFakeService();
}

/**
 * The test app: serves pages registered with `page(name, html)`, the recorder bundle at
 * /sdk/replaylink.js, and a "backend" under /api/ that records request headers (`requests`) and
 * answers 500 on /api/fail. `ingestProxy` forwards /proxy/api/v1/ingest to the service and can be
 * switched to fail (`mode`: 'up' | '503' | 'reset'), logging every batch it sees.
 */
function createApp(service) {
  const pages = new Map();
  const requests = [];
  const ingestProxy = { mode: 'up', log: [] };
  const sdk = () => (existsSync(SDK_FILE) ? readFileSync(SDK_FILE) : null);

  const handler = (port) => (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const url = new URL(req.url, `http://127.0.0.1:${port()}`);
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Headers', 'traceparent,baggage,content-type');
        res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,DELETE,OPTIONS');
        if (url.pathname.startsWith('/proxy/')) return await proxy(req, res, url, Buffer.concat(chunks));
        if (req.method === 'OPTIONS') {
          requests.push({ port: port(), method: 'OPTIONS', path: url.pathname, headers: req.headers });
          res.writeHead(204);
          return res.end();
        }
        if (url.pathname === '/sdk/replaylink.js') {
          const js = sdk();
          if (!js) {
            res.writeHead(302, { Location: `${service.url}/sdk/replaylink.js` });
            return res.end();
          }
          res.writeHead(200, { 'Content-Type': 'text/javascript' });
          return res.end(js);
        }
        if (PLAYER_FILES[url.pathname]) {
          const f = new URL(url.pathname.slice(5), SDK_DIR);
          if (!existsSync(f)) {
            res.writeHead(302, { Location: `${service.url}${url.pathname}` });
            return res.end();
          }
          res.writeHead(200, { 'Content-Type': PLAYER_FILES[url.pathname] });
          return res.end(readFileSync(f));
        }
        if (url.pathname.startsWith('/page/') && pages.has(url.pathname.slice(6))) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          return res.end(pages.get(url.pathname.slice(6)));
        }
        if (url.pathname.startsWith('/api/')) {
          requests.push({ port: port(), method: req.method, path: url.pathname, headers: req.headers });
          if (url.pathname === '/api/account') {
            // a response with secrets in it, for request-detail tests
            res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'req-42', 'X-Served-By': 'app-1', 'Set-Cookie': 'sid=s3cr3t' });
            return res.end(JSON.stringify({ user: 'ann', apiToken: 'srv-secret-1', profile: { password: 'pw-in-response', city: 'Oslo' } }));
          }
          const fail = url.pathname === '/api/fail';
          res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' });
          return res.end(JSON.stringify({ ok: !fail }));
        }
        res.writeHead(404);
        res.end();
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
  };

  async function proxy(req, res, url, body) {
    const entry = { at: Date.now(), mode: ingestProxy.mode, method: req.method };
    if (req.method === 'POST') {
      entry.gzip = req.headers['content-encoding'] === 'gzip';
      try {
        const b = JSON.parse((entry.gzip ? gunzipSync(body) : body).toString('utf8'));
        Object.assign(entry, { sessionId: b.sessionId, windowId: b.windowId, seq: b.seq, sentAt: b.sentAt, userId: b.user && b.user.id, events: b.events.length, firstTypes: b.events.slice(0, 2).map((e) => e.type) });
      } catch (e) {
        entry.unreadable = String(e);
      }
    }
    ingestProxy.log.push(entry);
    if (ingestProxy.mode === 'reset') return req.socket.destroy();
    if (ingestProxy.mode === '503' && req.method === 'POST') {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      return res.end('{"error":"unavailable","message":"test outage"}');
    }
    const target = `${service.url}${url.pathname.slice('/proxy'.length)}${url.search}`;
    const headers = {};
    for (const h of ['content-type', 'content-encoding', 'x-replaylink-key']) if (req.headers[h]) headers[h] = req.headers[h];
    const r = await fetch(target, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
    const text = await r.text();
    entry.status = r.status;
    try {
      entry.response = JSON.parse(text);
    } catch (e) {
      entry.response = text;
    }
    res.setHeader('Access-Control-Allow-Headers', 'content-type,content-encoding,x-replaylink-key');
    res.writeHead(r.status, { 'Content-Type': 'application/json' });
    res.end(text);
  }

  const servers = [];
  const start = async () => {
    for (let i = 0; i < 2; i++) {
      let p = 0;
      const s = http.createServer(handler(() => p));
      await new Promise((r) => s.listen(0, '127.0.0.1', r));
      p = s.address().port;
      servers.push(s);
    }
  };
  return {
    start,
    get origin() {
      return `http://127.0.0.1:${servers[0].address().port}`;
    },
    get crossOrigin() {
      return `http://127.0.0.1:${servers[1].address().port}`;
    },
    page: (name, html) => pages.set(name, html),
    requests,
    ingestProxy,
    close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
}

/** A test page that loads the recorder and calls Replaylink.init(config) before `body`. */
export function pageHtml(config, body, extraHead = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Replaylink test page</title>
<script src="/sdk/replaylink.js"></script>
<script>window.__rl = Replaylink.init(${JSON.stringify(config)});</script>${extraHead}
</head><body>${body}</body></html>`;
}

/**
 * Runs one browser test: `fn({service, app, browser, newPage, api, details, allowPageErrors})`
 * returns a summary object. Prints a one-line JSON summary and exits 0 on success, 1 (with the
 * reason) on failure. The recorder must never throw into a page: any uncaught error or unhandled
 * rejection in any test page fails the test, except those the test itself causes and declares with
 * `allowPageErrors(...regexps)`.
 */
export async function runBrowserTest(name, fn) {
  const started = Date.now();
  let service;
  let app;
  let browser;
  const details = {};
  try {
    service = await serviceUnderTest();
    app = createApp(service);
    await app.start();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    const pageErrors = [];
    const allowed = [];
    const allowPageErrors = (...patterns) => allowed.push(...patterns);
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (...args) => {
      const ctx = await newContext(...args);
      ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(String(e && e.message))));
      return ctx;
    };
    const newPage = async () => (await browser.newContext()).newPage();
    const api = async (path) => {
      const r = await fetch(`${service.url}${path}`, { headers: { Authorization: `Bearer ${service.token}`, Accept: 'application/json' } });
      if (r.status === 404) return null;
      if (!r.ok) throw new TestFailure(`GET ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
      return r.json();
    };
    const result = await fn({ service, app, browser, newPage, api, details, allowPageErrors });
    details.pageErrors = pageErrors.length;
    const unexpected = pageErrors.filter((m) => !allowed.some((p) => p.test(m)));
    check(!unexpected.length, `errors thrown into test pages: ${JSON.stringify(unexpected).slice(0, 500)}`);
    console.log(JSON.stringify({ test: name, ok: true, fakeService: service.fake, ms: Date.now() - started, ...details, ...(result || {}) }));
    process.exitCode = 0;
  } catch (e) {
    const message = e instanceof TestFailure ? e.message : e && e.stack ? e.stack : String(e);
    console.error(`${name} FAILED: ${message}`);
    console.log(JSON.stringify({ test: name, ok: false, fakeService: service ? service.fake : null, ms: Date.now() - started, error: String(e && e.message ? e.message : e).slice(0, 500), ...details }));
    process.exitCode = 1;
  } finally {
    try {
      if (browser) await browser.close();
      if (app) await app.close();
      if (service) await service.close();
    } catch (e) {
      // closing is best effort
    }
  }
  process.exit(process.exitCode);
}

/**
 * Loads `events` into the replay player bundle (the one the replay page uses) on a fresh page and
 * returns the text of the replayed document at `offsetMs` after the start.
 */
export async function replay(app, newPage, events, offsetMs) {
  app.page('player', `<!doctype html><html><head><link rel="stylesheet" href="/sdk/player.css"><script src="/sdk/player.js"></script></head><body><div id="p"></div></body></html>`);
  const page = await newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.origin}/page/player`);
  const text = await page.evaluate(async ({ events, offsetMs }) => {
    const player = new window.ReplaylinkPlayer({ target: document.getElementById('p'), props: { events, autoPlay: false, width: 800, height: 500 } });
    player.goto(offsetMs, false);
    await new Promise((r) => setTimeout(r, 500));
    const doc = player.getReplayer().iframe.contentDocument;
    return doc && doc.body ? doc.body.textContent : null;
  }, { events, offsetMs });
  check(!errors.length, `player errors: ${errors.join('; ')}`);
  return text;
}

/** Custom events (type 5) of a session's stored events with the given tag. */
export function customEvents(events, tag) {
  return events.filter((e) => e.type === 5 && e.data && e.data.tag === tag);
}
