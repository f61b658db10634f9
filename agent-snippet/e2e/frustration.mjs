// Acceptance: rage, dead, error clicks and mouse thrash become markers at the moment they happen;
// a normal click on a working button produces none, also when the page's only reaction is an
// attribute change or new text in an existing text node.
import { check, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

const FRUSTRATION = ['rage-click', 'dead-click', 'error-click', 'mouse-thrash'];

runBrowserTest('frustration', async ({ service, app, newPage, api, allowPageErrors }) => {
  allowPageErrors(/undefinedFunctionCall is not defined/);
  app.page('frustration', pageHtml({ endpoint: service.url, key: service.key }, `
    <style>button, #rage { display: block; margin: 20px; width: 200px; height: 40px; }</style>
    <button id="works" onclick="document.getElementById('out').textContent = 'saved ' + Date.now()">Save</button>
    <button id="menu" onclick="document.getElementById('panel').classList.toggle('open')">Menu</button>
    <button id="count" onclick="const t = document.getElementById('n').firstChild; t.data = String(Number(t.data) + 1)">Add</button>
    <div id="panel"></div><span id="n">0</span>
    <button id="dead">Does nothing</button>
    <div id="rage">Slow area</div>
    <button id="boom" onclick="undefinedFunctionCall()">Pay</button>
    <div id="out"></div>`));
  const page = await newPage();
  await page.goto(`${app.origin}/page/frustration`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  const box = async (sel) => {
    const b = await page.locator(sel).boundingBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const moment = async (action) => {
    const from = Date.now();
    await action();
    return { from: from - 50, to: Date.now() + 50 };
  };

  const w = await box('#works');
  const normal = await moment(() => page.mouse.click(w.x, w.y));
  await page.waitForTimeout(3000);
  const m = await box('#menu');
  const attributeOnly = await moment(() => page.mouse.click(m.x, m.y));
  await page.waitForTimeout(3000);
  const c = await box('#count');
  const textOnly = await moment(() => page.mouse.click(c.x, c.y));
  await page.waitForTimeout(3000);
  const d = await box('#dead');
  const dead = await moment(() => page.mouse.click(d.x, d.y));
  await page.waitForTimeout(3000);
  const r = await box('#rage');
  const rage = await moment(async () => {
    for (let i = 0; i < 4; i++) {
      await page.mouse.click(r.x + i * 3, r.y);
      await page.waitForTimeout(150);
    }
  });
  await page.waitForTimeout(1500);
  const b = await box('#boom');
  const errorClick = await moment(() => page.mouse.click(b.x, b.y));
  await page.waitForTimeout(1500);
  const thrash = await moment(async () => {
    await page.mouse.move(300, 400);
    for (let i = 0; i < 7; i++) {
      await page.mouse.move(i % 2 ? 300 : 420, 400, { steps: 4 });
    }
  });
  await page.waitForTimeout(3000);
  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');

  const session = await waitFor('frustration markers', async () => {
    const s = await api(`/api/v1/sessions/${sessionId}`);
    return s && FRUSTRATION.every((k) => s.markers.some((m) => m.kind === k)) ? s : null;
  }, 20000).catch(async (e) => {
    const s = await api(`/api/v1/sessions/${sessionId}`);
    throw new Error(`${e.message}; markers: ${JSON.stringify(s && s.markers.map((m) => m.kind))}`);
  });
  const markers = session.markers.filter((m) => FRUSTRATION.includes(m.kind));
  const within = (m, span) => m.timestamp >= span.from && m.timestamp <= span.to;
  const one = (kind, span) => {
    const hits = markers.filter((m) => m.kind === kind);
    check(hits.length === 1, `expected one ${kind} marker, got ${hits.length}`);
    check(within(hits[0], span), `${kind} at ${hits[0].timestamp}, expected within ${span.from}..${span.to}`);
  };
  one('dead-click', dead);
  one('rage-click', rage);
  one('error-click', errorClick);
  one('mouse-thrash', thrash);
  for (const [name, span] of [['the working button', normal], ['a click answered by an attribute change', attributeOnly], ['a click answered by new text', textOnly]]) {
    const late = { from: span.from, to: span.to + 2600 };
    check(!markers.some((x) => within(x, late)), `${name} produced ${JSON.stringify(markers.filter((x) => within(x, late)))}`);
  }
  check(session.markers.some((m) => m.kind === 'error' && within(m, errorClick)), 'the uncaught error has no error marker');
  return { sessionId, markers: markers.map((m) => m.kind) };
});
