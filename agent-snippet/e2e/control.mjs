// Conditional recording: `shouldRecord` returning false sends nothing and propagates no session;
// `startRecording()` then records (and the session's later pages too); `stopRecording()` pauses
// with a marker; a hook can always record beta testers while sampling decides for the rest; with
// `respectDoNotTrack`, Do Not Track and Global Privacy Control mean nothing at all.
import { check, customEvents, runBrowserTest, sleep, waitFor } from './lib/harness.mjs';

// functions cannot travel through JSON: the page builds its options itself
const page = (service, app, extra, body = '<p id="text">hello</p>') => `<!doctype html><html><head><meta charset="utf-8"><title>app</title>
<script src="/sdk/replaylink.js"></script>
<script>window.__rl = Replaylink.init(Object.assign({ endpoint: ${JSON.stringify(`${app.origin}/proxy`)}, key: ${JSON.stringify(service.key)} }, ${extra}));</script>
</head><body>${body}</body></html>`;

runBrowserTest('control', async ({ service, app, browser, newPage, api, details }) => {
  const posts = () => app.ingestProxy.log.filter((e) => e.method === 'POST' && e.status === 200);
  const headersOf = async (p, path) => {
    await p.evaluate((u) => fetch(u).then((r) => r.status), path);
    return app.requests.filter((r) => r.path === path).pop().headers;
  };
  const stored = (sid, what, done) => waitFor(what, async () => {
    const r = await api(`/api/v1/sessions/${sid}/events`);
    return r && done(r.events) ? r.events : null;
  });

  // 1. shouldRecord returns false: nothing sent, no session ID, no headers
  app.page('hook-false', page(service, app, `{ shouldRecord: function (c) { window.__ctx = c; return false; } }`));
  const p1 = await newPage();
  await p1.goto(`${app.origin}/page/hook-false?x=1`);
  const ctx = await p1.evaluate(() => window.__ctx);
  check(ctx && typeof ctx.sessionId === 'string' && ctx.url === `${app.origin}/page/hook-false?x=1` && ctx.sampled === true, `hook context ${JSON.stringify(ctx)}`);
  check((await p1.evaluate(() => Replaylink.getSessionId())) === null, 'a session ID although shouldRecord returned false');
  const h1 = await headersOf(p1, '/api/hook-false');
  check(!h1.traceparent && !h1.baggage, 'trace headers added although shouldRecord returned false');
  await p1.click('#text');
  await p1.evaluate(() => Replaylink.track('not-recorded', {}));
  await sleep(5500);
  check(await p1.evaluate(() => Replaylink.flush()), 'flush failed');
  check(posts().length === 0, `${posts().length} batches sent although shouldRecord returned false`);

  // 2. startRecording() records from then on, and the session's next page too
  check((await p1.evaluate(() => Replaylink.startRecording())) === true, 'startRecording() returned false');
  const sid = await p1.evaluate(() => Replaylink.getSessionId());
  check(sid === ctx.sessionId, 'startRecording() did not record the session the hook was asked about');
  check((await headersOf(p1, '/api/started')).baggage === `session.id=${sid}`, 'no baggage after startRecording()');
  await p1.evaluate(() => Replaylink.track('after-start', {}));
  check(await p1.evaluate(() => Replaylink.flush()), 'flush after startRecording() failed');
  const ev = await stored(sid, 'recording after startRecording()', (e) => customEvents(e, 'track').length);
  check(ev.some((e) => e.type === 2), 'no full snapshot after startRecording()');
  check(!customEvents(ev, 'track').some((e) => e.data.payload.name === 'not-recorded'), 'an event from before startRecording() was stored');
  await p1.reload();
  check((await p1.evaluate(() => Replaylink.getSessionId())) === sid, 'the next page of a started session is not recorded');

  // 3. stopRecording() pauses with a marker; startRecording() resumes
  await p1.evaluate(() => Replaylink.stopRecording());
  await p1.evaluate(() => Replaylink.track('while-stopped', {}));
  await p1.evaluate(() => Replaylink.startRecording());
  await p1.evaluate(() => Replaylink.track('restarted', {}));
  check(await p1.evaluate(() => Replaylink.flush()), 'flush after stop/start failed');
  const ev3 = await stored(sid, 'manual pause and resume', (e) => customEvents(e, 'recording-resumed').length && customEvents(e, 'track').some((t) => t.data.payload.name === 'restarted'));
  check(customEvents(ev3, 'recording-paused').some((e) => e.data.payload.reason === 'manual'), 'no manual pause marker');
  check(!customEvents(ev3, 'track').some((e) => e.data.payload.name === 'while-stopped'), 'recorded while stopped');

  // 4. beta testers always, the others sampled (here: 0 %)
  const beta = `{ sessionSampleRate: 0, onErrorSampleRate: 0, shouldRecord: function (c) { return c.userId === 'beta-1' || c.sampled; } }`;
  app.page('beta', page(service, app, beta));
  const p4 = await newPage();
  await p4.goto(`${app.origin}/page/beta`);
  check((await p4.evaluate(() => Replaylink.getSessionId())) === null, 'unsampled user recorded');
  await p4.evaluate(() => Replaylink.identify('beta-1'));
  await p4.reload();
  const betaSid = await p4.evaluate(() => Replaylink.getSessionId());
  check(betaSid, 'beta tester not recorded on the next page');
  check(await p4.evaluate(() => Replaylink.flush()), 'flush of the beta session failed');
  await stored(betaSid, 'beta tester session', (e) => e.some((x) => x.type === 2));
  const s4 = await api(`/api/v1/sessions/${betaSid}`);
  check(s4.userId === 'beta-1', `beta session user ${s4.userId}`);

  // 5. Do Not Track and Global Privacy Control with respectDoNotTrack
  app.page('dnt', page(service, app, `{ respectDoNotTrack: true }`));
  app.page('dnt-ignored', page(service, app, `{}`));
  const signals = {
    dnt: () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true }),
    gpc: () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
  };
  for (const [name, script] of Object.entries(signals)) {
    const ctx5 = await browser.newContext();
    await ctx5.addInitScript(script);
    const p5 = await ctx5.newPage();
    const before = posts().length;
    await p5.goto(`${app.origin}/page/dnt`);
    check((await p5.evaluate(() => window.__rl)) === true, `init returned false with ${name}`);
    check((await p5.evaluate(() => Replaylink.getSessionId())) === null, `a session with ${name}`);
    check((await p5.evaluate(() => Replaylink.startRecording())) === false, `startRecording() overrode ${name}`);
    const h5 = await headersOf(p5, `/api/${name}`);
    check(!h5.traceparent && !h5.baggage, `trace headers with ${name}`);
    await p5.click('#text');
    await sleep(5500);
    await p5.evaluate(() => Replaylink.flush());
    check(posts().length === before, `data sent with ${name}`);
    // without respectDoNotTrack (the default) the signal does not change anything
    await p5.goto(`${app.origin}/page/dnt-ignored`);
    check(await p5.evaluate(() => Replaylink.getSessionId()), `respectDoNotTrack is off but nothing was recorded with ${name}`);
    await ctx5.close();
  }
  details.batches = posts().length;
  return { sessionId: sid, betaSession: betaSid };
});
