// Acceptance: request detail only for allow-listed URLs, JSON secrets masked in the browser and
// again by the service; network events carry the span ID of the traceparent sent, whose sampled flag
// follows traceSampleRate; the service shows the browser request as its trace's root span.
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

const TP = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

runBrowserTest('network-detail', async ({ service, app, newPage, api }) => {
  app.page('detail', pageHtml({
    endpoint: service.url, key: service.key, traceSampleRate: 0,
    networkDetailAllowUrls: ['/api/account'], networkResponseHeaders: ['X-Served-By'], networkBodyMaxBytes: 2048,
  }, '<p>detail</p>'));
  const page = await newPage();
  await page.goto(`${app.origin}/page/detail`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  await page.evaluate(async () => {
    await fetch('/api/account', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer app-token', 'x-request-id': 'client-7' },
      body: JSON.stringify({ email: 'ann@example.com', password: 'hunter2', card: { number: '4111111111111111', cvv: '123' }, note: 'x'.repeat(5000) }),
    }).then((r) => r.json());
    await new Promise((resolve) => {
      const x = new XMLHttpRequest();
      x.open('PUT', '/api/account');
      x.setRequestHeader('content-type', 'application/json');
      x.onloadend = resolve;
      x.send(JSON.stringify({ passwd: 'xhr-secret', city: 'Bergen' }));
    });
    await fetch('/api/other', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'never-read' }) });
  });
  const sent = app.requests.filter((r) => r.path === '/api/account' && r.method === 'POST').pop();
  const tp = TP.exec((sent && sent.headers.traceparent) || '');
  check(tp, `no traceparent on the allow-listed request: ${sent && sent.headers.traceparent}`);
  check(tp[3] === '00', `traceSampleRate 0 must send the unsampled flag: ${sent.headers.traceparent}`);

  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');
  const events = await waitFor('network events', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    const net = r && customEvents(r.events, 'network');
    return net && net.length >= 3 ? net.map((e) => e.data.payload) : null;
  });
  const post = events.find((p) => p.method === 'POST' && p.url.endsWith('/api/account'));
  const put = events.find((p) => p.method === 'PUT');
  const other = events.find((p) => p.url.endsWith('/api/other'));
  check(post && put && other, `missing events: ${JSON.stringify(events)}`);
  check(post.traceId === tp[1] && post.spanId === tp[2], `spanId is not the parent span of the traceparent sent: ${JSON.stringify(post)}`);

  const all = JSON.stringify(events);
  for (const secret of ['hunter2', '4111111111111111', '"123"', 'srv-secret-1', 'pw-in-response', 'xhr-secret', 'app-token', 's3cr3t', 'never-read']) {
    check(!all.includes(secret), `secret ${secret} reached storage: ${all.slice(0, 2000)}`);
  }
  const reqBody = post.request && post.request.body;
  check(reqBody && reqBody.includes('"password":"[masked]"') && reqBody.includes('ann@example.com'), `request body: ${reqBody}`);
  check(post.request.truncated === true && post.request.bodySize > 5000, `the body is cut at networkBodyMaxBytes: ${JSON.stringify(post.request).slice(0, 300)}`);
  check(post.request.headers['x-request-id'] === 'client-7' && !('authorization' in post.request.headers), `request headers: ${JSON.stringify(post.request.headers)}`);
  check(post.response && post.response.body.includes('"city":"Oslo"') && post.response.body.includes('"apiToken":"[masked]"'), `response body: ${JSON.stringify(post.response)}`);
  check(post.response.headers['x-request-id'] === 'req-42' && post.response.headers['x-served-by'] === 'app-1' && !('set-cookie' in post.response.headers),
    `response headers: ${JSON.stringify(post.response.headers)}`);
  check(put.request && put.request.body.includes('"city":"Bergen"') && put.response && put.response.body.includes('"Oslo"'), `XHR detail: ${JSON.stringify(put)}`);
  check(!other.request && !other.response, `a URL that is not allow-listed got detail: ${JSON.stringify(other)}`);

  const trace = await waitFor('trace view', () => api(`/api/v1/sessions/${sessionId}/traces/${tp[1]}`));
  const root = trace.spans.find((s) => s.spanId === tp[2]);
  check(root && root.kind === 'CLIENT' && root.parentSpanId === null && root.attributes['session_replay.url'].includes(sessionId),
    `browser span: ${JSON.stringify(trace)}`);
  check(trace.browser && trace.browser.request && trace.browser.request.body.includes('[masked]'), `trace browser: ${JSON.stringify(trace.browser)}`);
  // the trace → session link holds for an unsampled request too (traceSampleRate 0)
  const linked = await api(`/api/v1/traces/${tp[1]}`);
  check(linked && linked.sessions.some((x) => x.sessionId === sessionId), `the unsampled trace does not find its session: ${JSON.stringify(linked)}`);
  return { sessionId, traceId: tp[1] };
});
