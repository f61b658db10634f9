// Page exclusion (excludeUrls): a payment page loaded directly records nothing but a
// `recording-paused` marker (reason 'excluded-page'); in a single-page app, navigating to an
// excluded URL pauses and navigating away resumes with a `recording-resumed` marker and a new full
// snapshot. Nothing of the excluded page (text, typed values, its URL) is stored.
import { check, customEvents, runBrowserTest, sleep, waitFor } from './lib/harness.mjs';

// RegExps cannot travel through JSON: the page builds its options itself
const page = (service, body) => `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>
<script src="/sdk/replaylink.js"></script>
<script>window.__rl = Replaylink.init({ endpoint: ${JSON.stringify(service.url)}, key: ${JSON.stringify(service.key)},
  excludeUrls: ['/page/pay-direct', /\\/checkout\\/payment\\b/] });</script>
</head><body>${body}</body></html>`;

runBrowserTest('exclusion', async ({ service, app, newPage, api }) => {
  const sessionEvents = async (sid, what, done) => waitFor(what, async () => {
    const r = await api(`/api/v1/sessions/${sid}/events`);
    return r && done(r.events) ? r.events : null;
  });

  // 1. an excluded page loaded directly: no snapshot, no input, no network event; only the marker
  app.page('pay-direct', page(service, `<h1>Card details</h1><p>DIRECT-SECRET-4242</p><input id="card">
    <button id="pay" onclick="fetch('/api/pay').then(() => console.error('declined'))">Pay</button>`));
  const p1 = await newPage();
  await p1.goto(`${app.origin}/page/pay-direct?order=7`);
  const direct = await p1.evaluate(() => Replaylink.getSessionId());
  check(direct, 'no session on the excluded page (trace propagation should still work)');
  await p1.fill('#card', '4242424242424242');
  await p1.click('#pay');
  await p1.mouse.move(10, 10);
  await sleep(300);
  check(await p1.evaluate(() => Replaylink.flush()), 'flush failed on the excluded page');
  const ev1 = await sessionEvents(direct, 'paused marker of the excluded page', (e) => customEvents(e, 'recording-paused').length);
  const json1 = JSON.stringify(ev1);
  check(!ev1.some((e) => e.type !== 5), `the excluded page was recorded: event types ${ev1.map((e) => e.type)}`);
  check(ev1.length === 1, `expected only the paused marker, got ${ev1.map((e) => e.data && e.data.tag)}`);
  check(ev1[0].data.payload.reason === 'excluded-page', `pause reason ${ev1[0].data.payload.reason}`);
  check(!json1.includes('DIRECT-SECRET') && !json1.includes('pay-direct') && !json1.includes('/api/pay'), 'excluded page content reached the service');
  const s1 = await api(`/api/v1/sessions/${direct}`);
  check(s1.markers.length === 1 && s1.markers[0].kind === 'recording-paused', `markers ${JSON.stringify(s1.markers)}`);

  // 2. a single-page app: shop -> payment (excluded) -> confirmation
  app.page('spa', page(service, `<main id="view"><h1>Cart</h1><p>CART-VISIBLE</p></main>
    <script>
      function go(path, html) { history.pushState({}, '', path); document.getElementById('view').innerHTML = html; }
    </script>`));
  const p2 = await newPage();
  await p2.goto(`${app.origin}/page/spa`);
  const sid = await p2.evaluate(() => Replaylink.getSessionId());
  check(await p2.evaluate(() => Replaylink.flush()), 'first flush failed');
  const t0 = Date.now();
  await p2.evaluate(() => window.go('/checkout/payment?step=card', '<h1>Payment</h1><p>SPA-SECRET-CARD</p><input id="cvc">'));
  await p2.fill('#cvc', '123');
  await p2.evaluate(() => fetch('/api/charge'));
  await p2.evaluate(() => history.replaceState({}, '', '/checkout/payment?step=confirm'));
  await p2.evaluate(() => Replaylink.track('during-payment', {}));
  await sleep(500);
  const t1 = Date.now();
  await p2.evaluate(() => window.go('/checkout/done', '<h1>Thanks</h1><p>DONE-VISIBLE</p>'));
  await sleep(300);
  check(await p2.evaluate(() => Replaylink.flush()), 'flush after payment failed');
  const ev2 = await sessionEvents(sid, 'resumed marker', (e) => customEvents(e, 'recording-resumed').length && JSON.stringify(e).includes('DONE-VISIBLE'));
  const json2 = JSON.stringify(ev2);
  check(json2.includes('CART-VISIBLE'), 'the cart page was not recorded');
  for (const secret of ['SPA-SECRET-CARD', '/checkout/payment', '/api/charge', 'during-payment']) check(!json2.includes(secret), `${secret} reached the service`);
  const paused = customEvents(ev2, 'recording-paused');
  const resumed = customEvents(ev2, 'recording-resumed');
  check(paused.length === 1 && paused[0].data.payload.reason === 'excluded-page', `paused markers ${JSON.stringify(paused)}`);
  check(resumed.length === 1 && resumed[0].data.payload.reason === 'excluded-page', `resumed markers ${JSON.stringify(resumed)}`);
  check(paused[0].timestamp >= t0 - 50 && paused[0].timestamp <= t1, 'paused marker not at the navigation to the payment page');
  check(resumed[0].timestamp >= t1 - 50, 'resumed marker before leaving the payment page');
  check(ev2.some((e) => e.type === 2 && e.timestamp >= resumed[0].timestamp), 'no full snapshot after the resume');
  check(ev2.some((e) => e.type === 4 && e.timestamp >= resumed[0].timestamp && e.data.href.includes('/checkout/done')), 'no Meta event of the confirmation page');
  check(!ev2.some((e) => e.timestamp > paused[0].timestamp && e.timestamp < resumed[0].timestamp), 'events stored while the payment page was shown');
  const nav = customEvents(ev2, 'navigation').map((e) => e.data.payload.url);
  check(nav.length === 1 && nav[0].endsWith('/checkout/done'), `navigation markers ${JSON.stringify(nav)}`);
  const s2 = await api(`/api/v1/sessions/${sid}`);
  check(['recording-paused', 'recording-resumed'].every((k) => s2.markers.some((m) => m.kind === k)), `session markers ${s2.markers.map((m) => m.kind)}`);
  // 3. full page loads: shop -> payment (excluded) -> confirmation. The first page is the entry page,
  // each later page load is a navigation, and leaving the payment page resumes with a marker.
  app.page('mp-shop', page(service, '<h1>Shop</h1><p>MP-SHOP-VISIBLE</p><a id="next" href="/page/pay-direct-mp">pay</a>'));
  app.page('pay-direct-mp', page(service, '<h1>Card</h1><p>MP-PAY-SECRET</p><a id="next" href="/page/mp-done?token=MP-TOKEN">done</a>'));
  app.page('mp-done', page(service, '<h1>Thanks</h1><p>MP-DONE-VISIBLE</p>'));
  const p3 = await newPage();
  await p3.goto(`${app.origin}/page/mp-shop`);
  const mp = await p3.evaluate(() => Replaylink.getSessionId());
  check(await p3.evaluate(() => Replaylink.flush()), 'flush on the shop page failed');
  await p3.click('#next');
  await p3.waitForURL('**/page/pay-direct-mp');
  check((await p3.evaluate(() => Replaylink.getSessionId())) === mp, 'the payment page is in another session');
  await p3.click('#next');
  await p3.waitForURL('**/page/mp-done**');
  check(await p3.evaluate(() => Replaylink.flush()), 'flush on the confirmation page failed');
  const ev3 = await sessionEvents(mp, 'confirmation page recorded', (e) => JSON.stringify(e).includes('MP-DONE-VISIBLE') && customEvents(e, 'navigation').length);
  const json3 = JSON.stringify(ev3);
  for (const [ok, what] of [[json3.includes('MP-SHOP-VISIBLE'), 'shop page missing'], [!json3.includes('MP-PAY-SECRET'), 'payment page text stored'], [!ev3.some((e) => (e.type === 4 && e.data.href.includes('pay-direct-mp')) || (e.type === 5 && JSON.stringify(e).includes('pay-direct-mp'))), 'payment page URL stored'], [!json3.includes('MP-TOKEN'), 'secret parameter stored']]) check(ok, what);
  const nav3 = customEvents(ev3, 'navigation').map((e) => e.data.payload.url);
  check(nav3.length === 1 && nav3[0] === `${app.origin}/page/mp-done?token=[scrubbed]`, `navigation markers of the page loads: ${JSON.stringify(nav3)}`);
  const paused3 = customEvents(ev3, 'recording-paused');
  const resumed3 = customEvents(ev3, 'recording-resumed');
  check(paused3.length === 1 && paused3[0].data.payload.reason === 'excluded-page', `paused markers ${JSON.stringify(paused3)}`);
  check(resumed3.length === 1 && resumed3[0].data.payload.reason === 'excluded-page' && resumed3[0].timestamp >= paused3[0].timestamp, `resumed markers ${JSON.stringify(resumed3)}`);
  const doneMeta = ev3.find((e) => e.type === 4 && e.data.href.includes('/page/mp-done'));
  check(doneMeta && doneMeta.timestamp <= resumed3[0].timestamp, 'the confirmation page does not start at a full snapshot');
  const s3 = await api(`/api/v1/sessions/${mp}`);
  check(['recording-paused', 'recording-resumed', 'navigation'].every((k) => s3.markers.some((m) => m.kind === k)), `session markers ${s3.markers.map((m) => m.kind)}`);
  return { directSession: direct, spaSession: sid, pageLoadSession: mp, pagesVisited: s3.pagesVisited };
});
