// Records the mousemove events Chromium delivers for the human-like paths of lib/mouse-paths.mjs
// (played in real time) into test/fixtures/mouse-paths.json, the data the mouse-thrash unit tests
// and the thresholds in src/recorder/frustration.js are checked against. Needs no service:
//   node e2e/record-mouse-paths.mjs
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { pathSet, playPath } from './lib/mouse-paths.mjs';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 700 } })).newPage();
  await page.setContent(`<body style="margin:0;height:700px"><script>
    window.moves = [];
    addEventListener('mousemove', (e) => moves.push([Math.round(performance.now()), e.clientX, e.clientY, e.buttons]), { capture: true, passive: true });
  </script></body>`);
  const out = { recordedWith: 'Chromium via playwright-core, paths played in real time (16 ms steps)', paths: [] };
  for (const [kind, paths] of Object.entries(pathSet())) {
    for (const [name, path] of Object.entries(paths)) {
      await page.evaluate(() => (window.moves = []));
      await playPath(page, path);
      const moves = await page.evaluate(() => window.moves);
      const t0 = moves.length ? moves[0][0] : 0;
      out.paths.push({ name, kind, moves: moves.map(([t, x, y, b]) => [t - t0, x, y, b]) });
      console.log(`${kind} ${name}: ${moves.length} mousemove events over ${moves.length ? moves[moves.length - 1][0] - t0 : 0} ms`);
      await page.waitForTimeout(1700); // a pause between paths, longer than the thrash window
    }
  }
  const file = new URL('../test/fixtures/mouse-paths.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(out)}\n`);
} finally {
  await browser.close();
}
