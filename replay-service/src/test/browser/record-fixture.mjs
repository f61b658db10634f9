// Records a real rrweb session of a small test page in Chromium with @rrweb/record and writes the
// events as the test fixture used by replay-service's tests:
//   node src/test/browser/record-fixture.mjs src/test/resources/fixtures/recording.json
// The page makes a traced request (network custom event with a fixed trace ID), logs a console
// error and throws, so the fixture exercises markers and trace links.
import http from 'node:http';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './lib.mjs';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const out = process.argv[2] || 'src/test/resources/fixtures/recording.json';
const snippetDir = process.env.SNIPPET_DIR || '../agent-snippet';
const recordJs = readFileSync(path.join(snippetDir, 'node_modules/@rrweb/record/dist/record.umd.min.cjs'), 'utf8');

const page = `<!doctype html><html><head><title>Fixture shop</title>
<style>body{font-family:sans-serif;margin:20px} .item{padding:6px;border:1px solid #ccc;margin:4px 0}</style></head>
<body><h1>Fixture shop</h1>
<form id="f"><label>Email <input id="email" type="email"></label> <label>Password <input id="pw" type="password"></label></form>
<button id="add">Add to cart</button> <button id="checkout">Checkout</button>
<ul id="cart"></ul><div style="height:1500px">long page</div><footer id="end">end</footer>
<script>
document.getElementById('add').onclick = () => { const li = document.createElement('li'); li.className='item'; li.textContent='Item ' + (document.querySelectorAll('.item').length + 1); document.getElementById('cart').appendChild(li); };
document.getElementById('checkout').onclick = async () => { const r = await fetch('/api/checkout', {method:'POST'}); document.getElementById('cart').insertAdjacentHTML('beforeend', '<li class="item">checkout ' + r.status + '</li>'); };
</script></body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/api/checkout') {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":"boom"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(page);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 } });
const p = await ctx.newPage();
await p.goto(base + '/');
await p.addScriptTag({ content: recordJs });
await p.evaluate(() => {
  window.__events = [];
  window.rrwebRecord.record({
    emit: (e) => window.__events.push(e),
    checkoutEveryNms: 2500,
    maskAllInputs: true,
  });
});
const pause = (ms) => p.waitForTimeout(ms);
await pause(400);
await p.click('#add');
await pause(300);
await p.click('#add');
await p.fill('#email', 'someone@example.com');
await p.fill('#pw', 'hunter2-secret');
await pause(800);
await p.mouse.wheel(0, 600);
await pause(900);
await p.mouse.wheel(0, -600);
await pause(600);
await p.evaluate((traceId) => {
  const started = Date.now();
  return fetch('/api/checkout', { method: 'POST' }).then((r) => {
    window.rrwebRecord.record.addCustomEvent('network', { method: 'POST', url: location.origin + '/api/checkout', status: r.status, durationMs: Date.now() - started, traceId });
  });
}, TRACE_ID);
await p.click('#checkout');
await pause(500);
await p.evaluate(() => {
  window.rrwebRecord.record.addCustomEvent('console', { level: 'error', message: 'checkout failed: 500' });
  window.rrwebRecord.record.addCustomEvent('error', { type: 'TypeError', message: "Cannot read properties of undefined (reading 'total')" });
});
for (let i = 0; i < 4; i++) {
  await p.click('#add');
  await pause(700);
}
await p.evaluate(() => window.rrwebRecord.record.addCustomEvent('navigation', { url: location.origin + '/thanks' }));
await pause(1500);
const events = await p.evaluate(() => window.__events);
await browser.close();
server.close();
writeFileSync(out, JSON.stringify(events));
const snapshots = events.filter((e) => e.type === 2).length;
console.log(JSON.stringify({ events: events.length, fullSnapshots: snapshots, bytes: JSON.stringify(events).length, out }));
