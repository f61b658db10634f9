// Mouse thrash: human-like paths (e2e/lib/mouse-paths.mjs) played in real time. Each thrash gives
// exactly one `mouse-thrash` marker at its moment (a long one too); ordinary movement (aimed moves
// with overshoot, reading, comparing two choices, circling, tremor, dragging a slider) gives none.
import { check, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';
import { pathSet, playPath } from './lib/mouse-paths.mjs';

runBrowserTest('thrash', async ({ service, app, newPage, api }) => {
  app.page('thrash', pageHtml({ endpoint: service.url, key: service.key }, `
    <style>body { margin: 0; height: 700px; } #slider { position: absolute; left: 290px; top: 290px; width: 180px; }</style>
    <p>Some text to read, a few choices to compare and a slider to drag.</p>
    <input id="slider" type="range" min="0" max="100">`));
  const page = await newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(`${app.origin}/page/thrash`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');

  const { thrash, ordinary } = pathSet();
  const order = [
    ['ordinary', 'aimed-moves'], ['thrash', 'thrash-medium'], ['ordinary', 'reading'], ['ordinary', 'comparing'],
    ['ordinary', 'circling'], ['thrash', 'thrash-long'], ['ordinary', 'jitter'], ['ordinary', 'slider-drag'],
  ];
  const spans = [];
  for (const [kind, name] of order) {
    const from = Date.now();
    await playPath(page, (kind === 'thrash' ? thrash : ordinary)[name]);
    spans.push({ kind, name, from: from - 20, to: Date.now() + 20 });
    await page.waitForTimeout(1700); // longer than the thrash window, so paths do not add up
  }
  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');

  const session = await waitFor('two mouse-thrash markers', async () => {
    const s = await api(`/api/v1/sessions/${sessionId}`);
    return s && s.markers.filter((m) => m.kind === 'mouse-thrash').length >= 2 ? s : null;
  });
  const thrashes = session.markers.filter((m) => m.kind === 'mouse-thrash');
  const frustration = session.markers.filter((m) => ['rage-click', 'dead-click', 'error-click', 'mouse-thrash'].includes(m.kind));
  const report = spans.map((s) => ({ ...s, markers: thrashes.filter((m) => m.timestamp >= s.from && m.timestamp <= s.to).length }));
  for (const s of report) {
    check(s.markers === (s.kind === 'thrash' ? 1 : 0), `${s.name}: ${s.markers} mouse-thrash markers (${JSON.stringify(report.map((r) => [r.name, r.markers]))})`);
  }
  check(thrashes.length === 2 && frustration.length === 2, `markers: ${frustration.map((m) => m.kind)}`);
  return { sessionId, paths: report.map((r) => `${r.name}:${r.markers}`) };
});
