// Plays a recording that references assets in every way a page can — CSS url() in style attributes
// and <style> text, @import, @font-face, image-set(), img src/srcset, picture/source, video
// poster/src, audio, track, link href (stylesheet, preload, icon), SVG href/xlink:href, <use>,
// <object data>, <embed>, iframes, input type=image and <base href> — pointing at the project's
// allowed origin, its asset origin (CDN) and two "attacker" servers, on the replay page in Chromium.
// Prints what the browser requested (request, requestfailed and requestfinished events of the page
// and its frames) for the Java test to hold against what the servers themselves received.
// Env: BASE_URL, TOKEN, INGEST_KEY, ALLOWED (allowed origin), CDN (asset origin), ATTACKERS (comma-separated).
import path from 'node:path';
import { fail, launchChromium } from './lib.mjs';

const { BASE_URL, TOKEN, INGEST_KEY, ALLOWED, CDN, ATTACKERS } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const targets = { allowed: ALLOWED, cdn: CDN };
ATTACKERS.split(',').forEach((a, i) => { targets[`attacker${i + 1}`] = a; });

let id = 1;
const el = (tagName, attributes = {}, childNodes = []) => ({ type: 2, tagName, attributes, childNodes, id: id++ });
const svg = (tagName, attributes = {}, childNodes = []) => ({ ...el(tagName, attributes, childNodes), isSVG: true });
const text = (textContent) => ({ type: 3, textContent, id: id++ });
const box = 'display:inline-block;width:12px;height:12px;';

// References whose loading the policy decides by origin: they must load from the allowed and the
// asset origin, and never from another.
function assets(name, O) {
  return {
    head: [
      el('link', { rel: 'stylesheet', href: `${O}/link-stylesheet.css` }),
      el('style', { _cssText: `@import url(${O}/css-import.css);` }),
      el('style', { _cssText: `#t-${name} { background-image: url(${O}/style-text.png); }`
        + ` @font-face { font-family: f-${name}; src: url(${O}/font-face.woff); } #f-${name} { font-family: f-${name}; }`
        + ` #i-${name} { background-image: image-set(url(${O}/image-set.png) 1x); }` }),
    ],
    body: [
      el('div', { id: `s-${name}`, style: `${box}background-image:url(${O}/style-attribute.png)` }),
      el('div', { id: `t-${name}`, style: box }),
      el('div', { id: `i-${name}`, style: box }),
      el('p', { id: `f-${name}` }, [text(`text in the font of ${name}`)]),
      el('img', { src: `${O}/img-src.png`, width: '10', height: '10' }),
      el('img', { srcset: `${O}/img-srcset.png 1x`, width: '10', height: '10' }),
      el('video', { poster: `${O}/video-poster.png`, width: '40', height: '30' }),
      el('video', { src: `${O}/video-src.mp4`, preload: 'auto', width: '40', height: '30' }),
      svg('svg', { width: '30', height: '12' }, [
        svg('image', { href: `${O}/svg-image-href.png`, width: '10', height: '10' }),
        svg('image', { 'xlink:href': `${O}/svg-image-xlink-href.png`, x: '12', width: '10', height: '10' }),
      ]),
    ],
  };
}

// References the policy refuses whatever their origin (objects, frames) or that the browser only
// loads from the page's own origin (<use>): they must reach no server at all.
function never(name, O) {
  return [
    el('div', { style: `${box}cursor:url(${O}/css-cursor.png),auto;list-style-image:url(${O}/css-list-style.png);`
      + `border-image-source:url(${O}/css-border-image.png);-webkit-mask-image:url(${O}/css-mask.png)` }),
    el('link', { rel: 'preload', as: 'image', href: `${O}/link-preload.png` }),
    el('link', { rel: 'icon', href: `${O}/link-icon.png` }),
    el('picture', {}, [el('source', { srcset: `${O}/picture-source.png` }), el('img', { src: 'data:,x', width: '5', height: '5' })]),
    el('audio', { src: `${O}/audio-src.mp4`, preload: 'auto' }),
    el('video', { width: '5', height: '5' }, [el('track', { src: `${O}/track.vtt`, default: '' })]),
    el('input', { type: 'image', src: `${O}/input-image.png` }),
    svg('svg', { width: '10', height: '10' }, [svg('use', { href: `${O}/svg-use.svg#x` }), svg('use', { 'xlink:href': `${O}/svg-use-xlink.svg#x` })]),
    el('object', { data: `${O}/object-data.png`, width: '5', height: '5' }),
    el('embed', { src: `${O}/embed-src.png`, width: '5', height: '5' }),
    el('iframe', { src: `${O}/iframe-src.html`, width: '5', height: '5' }),
  ];
}

const head = [el('base', { href: `${targets.attacker1}/base-href/` })];
const body = [el('h1', {}, [text('Assets from everywhere')]), el('img', { src: 'relative-after-base.png', width: '5', height: '5' })];
for (const [name, O] of Object.entries(targets)) {
  const a = assets(name, O);
  head.push(...a.head);
  body.push(el('section', { id: `from-${name}` }, [...a.body, ...(name.startsWith('attacker') ? never(name, O) : [])]));
}
const bodyNode = el('body', {}, body);
const doc = { type: 0, id: id++, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: id++ }, el('html', {}, [el('head', {}, head), bodyNode])] };

const now = Date.now() - 10_000;
let added = 9000;
const adds = Object.entries(targets).map(([name, O]) => ({ parentId: bodyNode.id, nextId: null,
  node: { type: 2, tagName: 'img', attributes: { src: `${O}/mutation-added-img.png`, width: '10', height: '10', id: `m-${name}` }, childNodes: [], id: added++ } }));
const events = [
  { type: 4, timestamp: now, data: { href: `${ALLOWED}/shop`, width: 1024, height: 700 } },
  { type: 2, timestamp: now + 10, data: { node: doc, initialOffset: { top: 0, left: 0 } } },
  { type: 3, timestamp: now + 500, data: { source: 0, texts: [], removes: [], attributes: [], adds } },
  { type: 3, timestamp: now + 800, data: { source: 0, texts: [], removes: [], adds: [],
    attributes: Object.entries(targets).map(([, O], i) => ({ id: adds[i].node.id, attributes: { src: `${O}/mutation-changed-src.png` } })) } },
  { type: 3, timestamp: now + 3000, data: { source: 1, positions: [{ x: 5, y: 5, id: bodyNode.id, timeOffset: 0 }] } },
];
const sessionId = 'assets-' + Math.random().toString(36).slice(2, 12);
const res = await fetch(`${base}/api/v1/ingest`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-replaylink-key': INGEST_KEY, origin: ALLOWED },
  body: JSON.stringify({ sessionId, windowId: 'window-assets', seq: 0, sentAt: now + 3100, events }),
});
if (res.status !== 200) fail(`ingest answered ${res.status}: ${await res.text()}`);

const browser = await launchChromium();
const result = { sessionId, requests: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const byRequest = new Map();
  const log = (r) => {
    let entry = byRequest.get(r);
    if (!entry) {
      entry = { url: r.url(), resourceType: r.resourceType(), topFrame: r.frame() === page.mainFrame(), outcome: 'pending' };
      byRequest.set(r, entry);
      result.requests.push(entry);
    }
    return entry;
  };
  page.on('request', (r) => log(r));
  page.on('requestfailed', (r) => { log(r).outcome = `failed ${r.failure() ? r.failure().errorText : ''}`; });
  page.on('requestfinished', (r) => { log(r).outcome = 'finished'; });
  await page.goto(`${base}/login?next=${encodeURIComponent(`/replay/${sessionId}?t=${now + 100}`)}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
  result.policy = (await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy')));
  await page.evaluate(() => document.querySelector('#play')?.click());
  await page.waitForTimeout(5000);
  const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
  result.frameFound = Boolean(frame);
  if (frame) {
    result.frameReferrerPolicy = await page.$eval('iframe', (f) => f.referrerPolicy);
    result.replayed = await frame.evaluate(() => ({
      sections: document.querySelectorAll('section').length,
      addedImages: document.querySelectorAll('img[id^="m-"]').length,
    })).catch((e) => String(e));
  }
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'asset-origins.png') });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
