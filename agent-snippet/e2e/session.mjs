// Sessions: tabs of a site share the session ID and have their own window IDs; a reload keeps the
// tab's window ID and continues its seq, so nothing is lost or stored twice.
import { check, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

runBrowserTest('session', async ({ service, app, browser, api }) => {
  app.page('tab', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key }, '<p>tab</p>'));
  const ctx = await browser.newContext();
  const a = await ctx.newPage();
  await a.goto(`${app.origin}/page/tab`);
  const posts = () => app.ingestProxy.log.filter((e) => e.method === 'POST' && e.status === 200);
  check(await a.evaluate(() => Replaylink.flush()), 'flush failed');
  const windowA = posts()[0] && posts()[0].windowId;
  check(windowA, 'first tab sent nothing');
  const b = await ctx.newPage();
  await b.goto(`${app.origin}/page/tab`);
  const sa = await a.evaluate(() => Replaylink.getSessionId());
  const sb = await b.evaluate(() => Replaylink.getSessionId());
  check(sa && sa === sb, `tabs have different sessions: ${sa} / ${sb}`);
  check(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(sa), `not a UUIDv7: ${sa}`);
  check(await a.evaluate(() => Replaylink.flush()) && (await b.evaluate(() => Replaylink.flush())), 'flush failed');
  const windows = new Set(posts().map((e) => e.windowId));
  check(windows.size === 2, `expected 2 window IDs, got ${windows.size}`);

  const before = posts().length;
  await a.reload();
  check((await a.evaluate(() => Replaylink.getSessionId())) === sa, 'reload changed the session');
  await a.click('p');
  check(await a.evaluate(() => Replaylink.flush()), 'flush after reload failed');
  const after = posts().slice(before);
  check(after.length > 0, 'nothing sent after reload');
  check(after.some((e) => e.windowId === windowA) && after.every((e) => windows.has(e.windowId)), 'reload did not keep the window ID');
  check(after.every((e) => e.response && e.response.duplicate === false), `a batch after reload was taken for a duplicate: ${JSON.stringify(after.map((e) => [e.seq, e.response]))}`);
  const url = await a.evaluate(() => Replaylink.getReplayUrl());
  check(url.startsWith(`${app.origin}/proxy/replay/${sa}?t=`), `replay URL ${url}`);
  // a digit run that passes the card-number check: the server masks such runs in recorded content,
  // but a user ID is kept as sent, since search and erasure by user rely on it
  const userId = `user-4111111111111111-${Date.now().toString(36)}`;
  const beforeIdentify = app.ingestProxy.log.length;
  await a.evaluate((u) => Replaylink.identify(u), userId);
  check(await a.evaluate(() => Replaylink.flush()), 'flush after identify failed');
  const identified = app.ingestProxy.log.slice(beforeIdentify).filter((e) => e.method === 'POST');
  const sent = JSON.stringify(identified.map((e) => ({ seq: e.seq, windowId: e.windowId, userId: e.userId, status: e.status, response: e.response })));
  check(identified.some((e) => e.userId === userId && e.status === 200 && e.response && e.response.duplicate === false),
    `no batch carrying the user ID was stored: ${sent}`);
  const byUser = await waitFor('session found by user ID', async () => {
    const r = await api(`/api/v1/sessions?userId=${userId}`);
    return r && r.sessions.find((x) => x.sessionId === sa);
  }).catch(async (e) => {
    const r = await api(`/api/v1/sessions/${sa}`).catch((x) => String(x));
    throw new Error(`${e.message}; batches after identify: ${sent}; session: ${JSON.stringify(r)}`);
  });
  check(byUser.userId === userId, `session user ${byUser.userId}`);
  await waitFor('session stored', () => api(`/api/v1/sessions/${sa}`));

  // an idle page still takes periodic full snapshots, so a replay can start near any moment
  app.page('idle', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key, checkoutIntervalMs: 2000, batchIntervalMs: 1000 }, '<p>idle</p>'));
  const idle = await (await browser.newContext()).newPage();
  await idle.goto(`${app.origin}/page/idle`);
  const idleSession = await idle.evaluate(() => Replaylink.getSessionId());
  await idle.waitForTimeout(7500);
  check(await idle.evaluate(() => Replaylink.flush()), 'flush of the idle page failed');
  const all = (await waitFor('idle session stored', () => api(`/api/v1/sessions/${idleSession}/events`))).events;
  const snapshots = all.filter((e) => e.type === 2);
  check(snapshots.length >= 3, `an idle page took ${snapshots.length} full snapshots in 7.5 s (checkout every 2 s)`);
  const late = snapshots[snapshots.length - 1].timestamp;
  const seek = (await api(`/api/v1/sessions/${idleSession}/events?from=${late + 500}`)).events;
  check(seek[0].type === 4 && seek[1].type === 2 && seek[0].timestamp >= snapshots[snapshots.length - 2].timestamp, 'seeking late in the idle session does not start at a recent checkout');

  // after the idle timeout the next user activity starts a new session with a full snapshot
  app.page('short', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key, idleTimeoutMs: 3000, batchIntervalMs: 1000 }, '<button id="b">b</button>'));
  const short = await (await browser.newContext()).newPage();
  await short.goto(`${app.origin}/page/short`);
  const first = await short.evaluate(() => Replaylink.getSessionId());
  check(await short.evaluate(() => Replaylink.flush()), 'flush (idle timeout page) failed');
  await short.waitForTimeout(4500);
  check((await short.evaluate(() => Replaylink.getSessionId())) === null, 'an expired session is still propagated');
  await short.click('#b');
  const second = await short.evaluate(() => Replaylink.getSessionId());
  check(second && second !== first, `no new session after the idle timeout (${first} -> ${second})`);
  check(await short.evaluate(() => Replaylink.flush()), 'flush of the new session failed');
  const renewed = (await waitFor('new session stored', () => api(`/api/v1/sessions/${second}/events`))).events;
  check(renewed[0].type === 4 && renewed[1].type === 2, 'the new session does not start with a full snapshot');
  const newSeqs = app.ingestProxy.log.filter((e) => e.sessionId === second).map((e) => e.seq);
  check(newSeqs[0] === 0, `the new session's first batch has seq ${newSeqs[0]}`);

  // a tab left idle longer than the idle timeout while another tab of the session stays active
  // continues the same session and its own seq: nothing it sends is taken for a duplicate
  app.page('kept', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key, idleTimeoutMs: 8000, batchIntervalMs: 1000 }, '<button id="b" onclick="this.textContent += 1">b</button>'));
  const keptCtx = await browser.newContext();
  const idleTab = await keptCtx.newPage();
  await idleTab.goto(`${app.origin}/page/kept`);
  const kept = await idleTab.evaluate(() => Replaylink.getSessionId());
  check(await idleTab.evaluate(() => Replaylink.flush()), 'flush of the idle tab failed');
  const busyTab = await keptCtx.newPage();
  await busyTab.goto(`${app.origin}/page/kept`);
  for (let i = 0; i < 14; i++) {
    await busyTab.click('#b');
    await busyTab.waitForTimeout(1000);
  }
  check((await idleTab.evaluate(() => Replaylink.getSessionId())) === kept, 'the idle tab dropped a session another tab kept alive');
  await idleTab.click('#b');
  check((await idleTab.evaluate(() => Replaylink.getSessionId())) === kept, 'activity in the idle tab started another session');
  check(await idleTab.evaluate(() => Replaylink.flush()), 'flush of the idle tab after its activity failed');
  const keptWindow = app.ingestProxy.log.find((e) => e.method === 'POST' && e.sessionId === kept).windowId;
  const idlePosts = app.ingestProxy.log.filter((e) => e.method === 'POST' && e.windowId === keptWindow);
  const idleSeqs = idlePosts.map((e) => e.seq);
  check(idlePosts.every((e) => e.sessionId === kept && e.status === 200 && e.response.duplicate === false),
    `a batch of the idle tab was not stored as new: ${JSON.stringify(idlePosts.map((e) => [e.seq, e.response]))}`);
  check(idleSeqs.every((q, i) => q === i), `the idle tab's seq numbers: ${idleSeqs.join(',')}`);

  return { sessionId: sa, windowId: windowA, idleSnapshots: snapshots.length, seqAfterReload: after.filter((e) => e.windowId === windowA).map((e) => e.seq) };
});
