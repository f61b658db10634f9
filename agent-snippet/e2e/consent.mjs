// requireConsent: nothing recorded, sent or propagated before consent(); optOut() stops and is
// remembered on the next page load.
import { check, pageHtml, runBrowserTest, sleep, waitFor } from './lib/harness.mjs';

runBrowserTest('consent', async ({ service, app, newPage, api }) => {
  app.page('consent', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key, requireConsent: true }, '<p>consent</p>'));
  const page = await newPage();
  await page.goto(`${app.origin}/page/consent`);
  const headersOf = async (path) => {
    await page.evaluate((p) => fetch(p).then((r) => r.status), path);
    return app.requests.filter((r) => r.path === path).pop().headers;
  };
  const posts = () => app.ingestProxy.log.filter((e) => e.method === 'POST');

  check((await page.evaluate(() => Replaylink.getSessionId())) === null, 'a session exists before consent');
  const before = await headersOf('/api/before');
  check(!before.traceparent && !before.baggage, 'headers added before consent');
  await page.click('p');
  await sleep(6000);
  check(posts().length === 0, 'data was sent before consent');

  await page.evaluate(() => Replaylink.consent());
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session after consent');
  check((await headersOf('/api/after')).baggage === `session.id=${sessionId}`, 'no baggage after consent');
  check(await page.evaluate(() => Replaylink.flush()), 'flush after consent failed');
  await waitFor('session stored after consent', () => api(`/api/v1/sessions/${sessionId}`));

  await page.evaluate(() => Replaylink.optOut());
  check((await page.evaluate(() => Replaylink.getSessionId())) === null, 'session still active after optOut');
  const optedOut = await headersOf('/api/opted-out');
  check(!optedOut.traceparent && !optedOut.baggage, 'headers added after optOut');
  const sentBeforeReload = posts().length;
  await page.reload();
  check((await page.evaluate(() => Replaylink.getSessionId())) === null, 'recording restarted after reload despite optOut');
  await page.click('p');
  await sleep(6000);
  await page.evaluate(() => Replaylink.flush());
  check(posts().length === sentBeforeReload, 'data was sent after optOut');
  return { sessionId };
});
