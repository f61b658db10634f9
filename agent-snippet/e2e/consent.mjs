// requireConsent: nothing recorded, sent or propagated before consent(); optOut() stops and is
// remembered on the next page load; consent() after optOut() records again, on the same page too.
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

  // consent() on a page that loaded opted out starts recording there
  await page.evaluate(() => Replaylink.consent());
  const second = await page.evaluate(() => Replaylink.getSessionId());
  check(second && second !== sessionId, `no new session after consent() on an opted-out page: ${second}`);
  check(await page.evaluate(() => Replaylink.flush()), 'flush after consent() on an opted-out page failed');
  await waitFor('session after consent on an opted-out page', () => api(`/api/v1/sessions/${second}`));

  // optOut() then consent() on the same page: recording starts again, with a new session
  await page.evaluate(() => Replaylink.optOut());
  check((await page.evaluate(() => Replaylink.getSessionId())) === null, 'session still active after the second optOut');
  await page.evaluate(() => Replaylink.consent());
  const third = await page.evaluate(() => Replaylink.getSessionId());
  check(third && third !== second, `consent() after optOut() on the same page did not restart recording: ${third}`);
  check((await headersOf('/api/again')).baggage === `session.id=${third}`, 'no baggage after consent() following optOut()');
  await page.evaluate(() => Replaylink.track('after-reconsent', {}));
  check(await page.evaluate(() => Replaylink.flush()), 'flush after consent() following optOut() failed');
  await waitFor('session after consent() following optOut()', async () => {
    const s = await api(`/api/v1/sessions/${third}`);
    return s && s.markers.some((m) => m.kind === 'track');
  });
  return { sessionId, afterReconsent: third };
});
