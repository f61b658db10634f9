// Recorder overhead in Chromium: three pages (a typical small-shop visit, 5,000 node updates/s,
// a 50,000-node page), each with no recorder, bare @rrweb/record, the Replaylink snippet and
// Sentry Replay (@sentry/browser + replayIntegration). Measures main-thread task time
// (Performance.getMetrics), long tasks, start-up time (script load + init + first full snapshot)
// and bytes sent per minute. Run: node overhead.mjs [--seconds 10] [--repeat 3]
// --seconds sets the number of scripted user steps (about that many seconds of visit).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, metrics, diff, options } from './lib/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = options({
  seconds: 10,
  repeat: 3,
  pages: 'shop,mutations,large',
  variants: 'none,rrweb,replaylink,sentry',
  snippet: path.join(here, '../../agent-snippet/target/classes/replaylink-sdk/replaylink.js'),
  results: path.join(here, '../target/results'),
  'report-only': 0,
});
// Added main-thread time smaller than this share of the page's own time is within run-to-run noise
// on a shared machine (repeats of the same variant differ by about 5%).
const NOISE_SHARE = 0.1;
const BUNDLES = {
  rrweb: path.join(here, 'dist/rrweb-record.js'),
  replaylink: opts.snippet,
  sentry: path.join(here, 'dist/sentry-replay.js'),
};
for (const [name, file] of Object.entries(BUNDLES)) {
  if (!fs.existsSync(file)) {
    throw new Error(`${name} bundle missing: ${file} (run npm ci && node build.mjs here; the snippet comes from mvn -pl agent-snippet package)`);
  }
}

const INIT = {
  none: () => 0,
  rrweb: () => {
    window.__rr = [];
    const t = performance.now();
    window.rrwebRecord({ emit: (e) => window.__rr.push(e) });
    return performance.now() - t;
  },
  replaylink: () => {
    const t = performance.now();
    window.Replaylink.init({ endpoint: location.origin, key: 'bench-key-123', sessionSampleRate: 1, tracePropagationTargets: [] });
    return performance.now() - t;
  },
  sentry: () => {
    const t = performance.now();
    window.Sentry.init({
      dsn: location.origin.replace('//', '//0123456789abcdef0123456789abcdef@') + '/1',
      integrations: [window.Sentry.replayIntegration()],
      replaysSessionSampleRate: 1.0,
      replaysOnErrorSampleRate: 1.0,
      tracesSampleRate: 0,
    });
    return performance.now() - t;
  },
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const STEPS_PER_SECOND = { shop: 2.5, mutations: 4, large: 2.5 };
// On the mutation page the work follows the clock (a timer), not the user's steps, so its main-thread
// time is compared per second of visit, scaled to the nominal visit length.
const PER_SECOND = { mutations: true };

/** One step of the user's visit on each page. */
const SCENARIOS = {
  async shop(page, step) {
    const cards = 24;
    const i = step % cards;
    await page.mouse.move(100 + (step * 37) % 800, 150 + (step * 53) % 500, { steps: 5 });
    switch (step % 8) {
      case 0: await page.locator('.add').nth(i).click(); break;
      case 2: await page.mouse.wheel(0, 300); break;
      case 3: await page.locator('#search').fill(''); await page.locator('#search').pressSequentially('shoes', { delay: 60 }); break;
      case 4: await page.locator('#search').fill(''); break;
      case 5: await page.locator('.details').nth(i).click(); await sleep(300); await page.locator('#close').click(); break;
      case 7: await page.mouse.wheel(0, -300); break;
      default: break;
    }
    await sleep(250);
  },
  async mutations(page, step) {
    if (step === 0) await page.evaluate(() => window.startUpdates());
    await page.mouse.move(50 + (step * 41) % 700, 80 + (step * 29) % 400, { steps: 5 });
    await sleep(200);
  },
  async large(page, step) {
    if (step % 3 === 0) await page.mouse.wheel(0, 800);
    await page.mouse.move(60 + (step * 31) % 300, 100 + (step * 47) % 500, { steps: 3 });
    await page.mouse.click(60 + (step * 31) % 300, 100 + (step * 47) % 500);
    await sleep(300);
  },
};

async function runOne(browser, server, pageName, variant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  // thread time: the main thread's own work, not time it waited for a core on a shared machine
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(`${server.url}/${pageName}.html`, { waitUntil: 'load' });
  await sleep(500);
  const before = { ingest: server.received.ingest, sentry: server.received.sentry };
  const m0 = await metrics(cdp);
  const recordStart = Date.now();
  let initMs = 0;
  if (variant !== 'none') {
    await page.addScriptTag({ url: `/bundles/${variant}.js` });
    initMs = await page.evaluate(INIT[variant]);
  }
  await sleep(1000);
  const m1 = await metrics(cdp);
  const t0 = await page.evaluate(() => performance.now());
  // A fixed number of steps, so every variant gets the same user actions.
  const steps = Math.round(opts.seconds * STEPS_PER_SECOND[pageName]);
  for (let step = 0; step < steps; step++) await SCENARIOS[pageName](page, step);
  const m2 = await metrics(cdp);
  const t1 = await page.evaluate(() => performance.now());
  const longTasks = (await page.evaluate(() => window.__longTasks)).filter(([start]) => start >= t0 && start <= t1);
  await page.evaluate(() => window.updateTimer && clearInterval(window.updateTimer));
  let bytes = 0;
  let rawJson = 0;
  if (variant === 'replaylink') await page.evaluate(() => window.Replaylink.flush());
  if (variant === 'sentry') await page.evaluate(() => window.Sentry.getReplay()?.flush());
  const recordedMs = Date.now() - recordStart;
  await sleep(1500);
  if (variant === 'replaylink') bytes = server.received.ingest - before.ingest;
  if (variant === 'sentry') bytes = server.received.sentry - before.sentry;
  if (variant === 'rrweb') {
    const json = await page.evaluate(() => JSON.stringify(window.__rr));
    rawJson = Buffer.byteLength(json);
    bytes = zlib.gzipSync(json).length;
  }
  await context.close();
  const startup = diff(m1, m0);
  const scenario = diff(m2, m1);
  const scale = PER_SECOND[pageName] ? opts.seconds / ((t1 - t0) / 1000) : 1;
  return {
    page: pageName, variant, initMs,
    startupTaskMs: startup.task * 1000,
    taskMs: scenario.task * 1000 * scale,
    scriptMs: scenario.script * 1000 * scale,
    scenarioMs: t1 - t0,
    longTasks: longTasks.length,
    blockingMs: longTasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0) * scale,
    bytesPerMinute: bytes / (recordedMs / 60000),
    rawJsonPerMinute: rawJson / (recordedMs / 60000),
  };
}

/** "1.3× rrweb's added", or why no ratio is meaningful. */
function ratioText(added, rrAdded, base) {
  const noise = NOISE_SHARE * base;
  if (Math.abs(rrAdded) < noise) {
    return Math.abs(added) < noise ? `both within noise, ±${noise.toFixed(0)} ms` : `rrweb's within noise, ±${noise.toFixed(0)} ms`;
  }
  return `${(added / rrAdded).toFixed(2)}× rrweb's added`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

if (opts['report-only']) {
  const saved = JSON.parse(fs.readFileSync(path.join(opts.results, 'browser.json'), 'utf8'));
  fs.writeFileSync(path.join(opts.results, 'browser.md'), table(saved.results, saved.bundles));
  fs.writeFileSync(path.join(opts.results, 'browser.summary'), summary(saved.results, saved.bundles));
  console.log('rewrote browser.md and browser.summary from browser.json');
  process.exit(0);
}

const server = await startServer({
  '/shop.html': path.join(here, 'pages/shop.html'),
  '/mutations.html': path.join(here, 'pages/mutations.html'),
  '/large.html': path.join(here, 'pages/large.html'),
  ...Object.fromEntries(Object.entries(BUNDLES).map(([k, f]) => [`/bundles/${k}.js`, f])),
});
const browser = await launch();
const results = [];
try {
  for (const pageName of opts.pages.split(',')) {
    // Variants take turns within each repeat, so a change in the machine's load affects all of them alike.
    const variants = opts.variants.split(',');
    const runsOf = Object.fromEntries(variants.map((v) => [v, []]));
    for (let r = 0; r < opts.repeat; r++) {
      for (const variant of variants) runsOf[variant].push(await runOne(browser, server, pageName, variant));
    }
    for (const variant of variants) {
      const runs = runsOf[variant];
      const agg = { ...runs[0], runsTaskMs: runs.map((x) => x.taskMs) };
      for (const k of ['initMs', 'startupTaskMs', 'taskMs', 'scriptMs', 'longTasks', 'blockingMs', 'bytesPerMinute', 'rawJsonPerMinute']) {
        agg[k] = median(runs.map((x) => x[k]));
      }
      results.push(agg);
      console.log(`${pageName.padEnd(9)} ${variant.padEnd(10)} main-thread ${agg.taskMs.toFixed(0).padStart(6)} ms in ${(agg.scenarioMs / 1000).toFixed(1)} s`
        + ` | start-up ${agg.startupTaskMs.toFixed(0).padStart(5)} ms (init call ${agg.initMs.toFixed(1)} ms)`
        + ` | long tasks ${agg.longTasks} (${agg.blockingMs.toFixed(0)} ms blocking) | ${(agg.bytesPerMinute / 1024).toFixed(1)} KiB/min sent`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const bundles = Object.fromEntries(Object.entries(BUNDLES).map(([k, f]) => {
  const b = fs.readFileSync(f);
  return [k, { bytes: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }];
}));
fs.mkdirSync(opts.results, { recursive: true });
fs.writeFileSync(path.join(opts.results, 'browser.json'), JSON.stringify({ date: new Date().toISOString(), seconds: opts.seconds, results, bundles }, null, 2));
fs.writeFileSync(path.join(opts.results, 'browser.md'), table(results, bundles));
fs.writeFileSync(path.join(opts.results, 'browser.summary'), summary(results, bundles));
console.log(`\nresults in ${path.join(opts.results, 'browser.json')} and browser.md`);

function table(rows, bundleSizes) {
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  const date = new Date().toISOString().slice(0, 10);
  const cmd = `\`node bench/browser/overhead.mjs --seconds ${opts.seconds} --repeat ${opts.repeat}\``;
  const out = ['| figure | value | baseline | ratio | target | machine | date | command |', '|---|---|---|---|---|---|---|---|'];
  const row = (figure, value, baseline, ratio, target) => out.push(`| ${[figure, value, baseline, ratio, target, machine, date, cmd].join(' | ')} |`);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  row('Bundle, gzip -9 — Replaylink snippet (replaylink.js)', kib(bundleSizes.replaylink.gzip), `${kib(bundleSizes.rrweb.gzip)} bare @rrweb/record`,
    `${(bundleSizes.replaylink.gzip / bundleSizes.rrweb.gzip).toFixed(2)}×`, '≤ 36 KB');
  row('Bundle, gzip -9 — Sentry @sentry/browser + replayIntegration (esbuild, minified)', kib(bundleSizes.sentry.gzip), '', '', '');
  const names = { shop: 'typical visit, small shop', mutations: '5,000 node updates/s', large: '50,000-node page' };
  for (const p of [...new Set(rows.map((r) => r.page))]) {
    const by = Object.fromEntries(rows.filter((r) => r.page === p).map((r) => [r.variant, r]));
    const none = by.none;
    for (const v of ['rrweb', 'replaylink', 'sentry']) {
      const r = by[v];
      if (!r || !none) continue;
      const added = r.taskMs - none.taskMs;
      const rrAdded = by.rrweb ? by.rrweb.taskMs - none.taskMs : NaN;
      const label = { rrweb: 'bare @rrweb/record', replaylink: 'Replaylink snippet', sentry: 'Sentry Replay' }[v];
      const over = PER_SECOND[p] ? `per ${opts.seconds} s of visit` : `over the visit (${(r.scenarioMs / 1000).toFixed(0)} s)`;
      row(`Main-thread time added — ${names[p]}, ${label}`,
        `${added >= 0 ? '+' : ''}${added.toFixed(0)} ms ${over} (+${(100 * added / none.taskMs).toFixed(0)}%)`,
        `${none.taskMs.toFixed(0)} ms without recorder`,
        v === 'rrweb' ? '–' : ratioText(added, rrAdded, none.taskMs),
        v === 'replaylink' ? (p === 'shop' ? '≤ 1.2× rrweb, below Sentry, ≤ 10% added' : '≤ 1.2× rrweb, below Sentry') : '');
      row(`Start-up (script, init, first full snapshot) — ${names[p]}, ${label}`,
        `${(r.startupTaskMs - none.startupTaskMs).toFixed(0)} ms main thread (init call ${r.initMs.toFixed(1)} ms)`, '', '', '');
      row(`Long tasks during the visit — ${names[p]}, ${label}`, `${r.longTasks} (${r.blockingMs.toFixed(0)} ms blocking)`,
        `${none.longTasks} (${none.blockingMs.toFixed(0)} ms) without recorder`, '', '');
      row(`Bytes sent per minute — ${names[p]}, ${label}`,
        v === 'rrweb' ? `${kib(r.bytesPerMinute)} if gzipped (${kib(r.rawJsonPerMinute)} JSON; sends nothing itself)` : kib(r.bytesPerMinute), '', '', '');
    }
  }
  return out.join('\n') + '\n';
}

function summary(rows, bundleSizes) {
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  const date = new Date().toISOString().slice(0, 10);
  const out = [];
  const row = (order, figure, value, target, met) => out.push(`${order}\t| ${[figure, value, target,
    met == null ? '– (within noise; below Sentry)' : met ? 'yes' : '**no**', '[Browser](#6-browser-overhead)', machine, date].join(' | ')} |`);
  row('6a', 'Snippet bundle, gzip -9', `${(bundleSizes.replaylink.gzip / 1024).toFixed(1)} KiB`, '≤ 36 KB', bundleSizes.replaylink.gzip <= 36 * 1024);
  const names = { shop: 'typical visit', mutations: '5,000 updates/s', large: '50,000 nodes' };
  for (const p of [...new Set(rows.map((r) => r.page))]) {
    const by = Object.fromEntries(rows.filter((r) => r.page === p).map((r) => [r.variant, r]));
    if (!by.none || !by.rrweb || !by.replaylink) continue;
    const ours = by.replaylink.taskMs - by.none.taskMs;
    const rr = by.rrweb.taskMs - by.none.taskMs;
    const sentry = by.sentry ? by.sentry.taskMs - by.none.taskMs : NaN;
    const noise = NOISE_SHARE * by.none.taskMs;
    const within = Math.abs(ours) < noise && Math.abs(rr) < noise;
    row(`6b-${p}`, `Main-thread time added by the snippet, ${names[p]}`,
      `${ours >= 0 ? '+' : ''}${ours.toFixed(0)} ms; bare rrweb ${rr >= 0 ? '+' : ''}${rr.toFixed(0)} ms (${ratioText(ours, rr, by.none.taskMs)}); Sentry +${sentry.toFixed(0)} ms`,
      '≤ 1.2× rrweb and below Sentry', within ? (ours < sentry ? null : false) : ours <= 1.2 * Math.max(rr, 0) && ours < sentry);
    if (p === 'shop') {
      row('6c', 'Main-thread time added by the snippet on the typical visit', `${(100 * ours / by.none.taskMs).toFixed(0)}% of ${by.none.taskMs.toFixed(0)} ms`, '≤ 10%', ours <= 0.1 * by.none.taskMs);
    }
  }
  return out.join('\n') + '\n';
}
