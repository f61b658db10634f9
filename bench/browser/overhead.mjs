// Recorder overhead in Chromium: four pages (a typical small-shop visit, 5,000 node updates/s,
// a 50,000-node page, 10,000 nodes with a few hundred attribute changes per frame), each with no
// recorder, bare @rrweb/record, the Replaylink snippet and Sentry Replay (@sentry/browser +
// replayIntegration). Measures main-thread task time (Performance.getMetrics), the self time of each
// recorder's own functions in a V8 CPU profile of the visit (lib/profile.mjs), long tasks, start-up
// time (script load + init + first full snapshot) and bytes sent per minute.
// Run: node overhead.mjs [--seconds 10] [--repeat 3] [--pages shop,mutations,large,attributes]
// --seconds sets the number of scripted user steps (about that many seconds of visit).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, metrics, diff, options } from './lib/chromium.mjs';
import { attribute, script, startProfile, stopProfile, topFunctions, SAMPLING_US } from './lib/profile.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = options({
  seconds: 10,
  repeat: 3,
  pages: 'shop,mutations,large,attributes',
  variants: 'none,rrweb,replaylink,sentry,together',
  snippet: path.join(here, '../../agent-snippet/target/classes/replaylink-sdk/replaylink.js'),
  results: path.join(here, '../target/results'),
  // CPU throttling rate of the page (Emulation.setCPUThrottlingRate), 1 = none
  throttle: 1,
  'report-only': 0,
});
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
// Profile attribution: each recorder's bundle, split by its source map into the rrweb it is built
// on and its own code (the snippet's src/recorder, Sentry's SDK).
const rrwebSource = (src) => (/@rrweb\/|\/rrweb\/|@sentry\+rrweb|@sentry-internal\/rrweb|base64-arraybuffer/.test(src) ? 'rrweb' : 'own');
// the page's own calls of APIs the recorders wrap (fetch, XMLHttpRequest, console)
const PAGE_APIS = /^(fetch|open|send|setRequestHeader|log|info|warn|error|debug)$/;
const SCRIPTS = {
  '/bundles/rrweb.js': script('rrweb', `${BUNDLES.rrweb}.map`, () => 'rrweb'),
  '/bundles/replaylink.js': script('replaylink', `${BUNDLES.replaylink}.map`, rrwebSource, (src, fn) => /recorder\/(network|capture)\.js$/.test(src) && PAGE_APIS.test(fn)),
  '/bundles/sentry.js': script('sentry', `${BUNDLES.sentry}.map`, rrwebSource, (src, fn) => /instrument|fetch|xhr|console/i.test(src) && PAGE_APIS.test(fn)),
};
const LABEL = { rrweb: 'bare @rrweb/record', replaylink: 'Replaylink snippet', sentry: 'Sentry Replay' };

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

const STEPS_PER_SECOND = { shop: 2.5, mutations: 4, large: 2.5, attributes: 4 };
// On the mutation and attribute pages the work follows a clock (a timer, animation frames), not the
// user's steps; on a loaded machine the page may fall behind it. Their figures are scaled to the
// nominal amount of the page's own work (`window.__work()`: timer ticks, frames) for the visit's
// length: 100 ticks (5,000 text updates) per second, 60 frames (18,000 attribute changes) per second.
const WORK_PER_SECOND = { mutations: 100, attributes: 60 };

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
  async attributes(page, step) {
    if (step === 0) await page.evaluate(() => window.startUpdates());
    if (step % 8 === 4) await page.mouse.wheel(0, step % 16 === 4 ? 400 : -400);
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

// Variant 'together': all three recorders in the same page at once (Sentry first, then bare rrweb and
// the snippet in an order that alternates between repeats). Each one's self time is counted by its
// script, so the three are compared under the very same load, moment by moment: the spread of their
// ratio is far smaller than between separate runs. Its main-thread and byte figures are not used.
const TOGETHER = ['sentry', 'rrweb', 'replaylink'];

async function runOne(browser, server, pageName, variant, repeat = 0) {
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
  if (opts.throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.throttle });
  const pageUrl = `${server.url}/${pageName}.html`;
  await page.goto(pageUrl, { waitUntil: 'load' });
  await sleep(500);
  const before = { ingest: server.received.ingest, sentry: server.received.sentry };
  const m0 = await metrics(cdp);
  const recordStart = Date.now();
  let initMs = 0;
  if (variant === 'together') {
    const order = repeat % 2 ? ['sentry', 'replaylink', 'rrweb'] : TOGETHER;
    for (const v of order) await page.addScriptTag({ url: `/bundles/${v}.js` });
    for (const v of order) initMs += await page.evaluate(INIT[v]);
  } else if (variant !== 'none') {
    await page.addScriptTag({ url: `/bundles/${variant}.js` });
    initMs = await page.evaluate(INIT[variant]);
  }
  await sleep(1000);
  const m1 = await metrics(cdp);
  await startProfile(cdp);
  const t0 = await page.evaluate(() => performance.now());
  // A fixed number of steps, so every variant gets the same user actions.
  const steps = Math.round(opts.seconds * STEPS_PER_SECOND[pageName]);
  for (let step = 0; step < steps; step++) await SCENARIOS[pageName](page, step);
  const m2 = await metrics(cdp);
  const t1 = await page.evaluate(() => performance.now());
  const profile = await stopProfile(cdp);
  const work = await page.evaluate(() => (window.__work ? window.__work() : 0));
  const longTasks = (await page.evaluate(() => window.__longTasks)).filter(([start]) => start >= t0 && start <= t1);
  await page.evaluate(() => {
    if (window.updateTimer) clearInterval(window.updateTimer);
    if (window.stopUpdates) window.stopUpdates();
  });
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
  const nominalWork = WORK_PER_SECOND[pageName] ? opts.seconds * WORK_PER_SECOND[pageName] : 0;
  const scale = nominalWork && work > 0 ? nominalWork / work : 1;
  const { parts, functions } = attribute(profile, SCRIPTS, pageUrl);
  const scaled = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v * scale]));
  return {
    page: pageName, variant, initMs,
    startupTaskMs: startup.task * 1000,
    taskMs: scenario.task * 1000 * scale,
    scriptMs: scenario.script * 1000 * scale,
    scenarioMs: t1 - t0,
    work, nominalWork,
    longTasks: longTasks.length,
    blockingMs: longTasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0) * scale,
    bytesPerMinute: bytes / (recordedMs / 60000),
    rawJsonPerMinute: rawJson / (recordedMs / 60000),
    parts: scaled(parts),
    functions: scaled(functions),
  };
}

// ---- figures: every one is the median of the repeats, with their range ----

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** { med, lo, hi } of a list of numbers. */
const spread = (xs) => ({ med: median(xs), lo: Math.min(...xs), hi: Math.max(...xs), n: xs.length });
const signed = (v) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(0)}`;
const rangeText = (s, unit = 'ms', sign = false) => {
  const f = (v) => (sign ? signed(v) : v.toFixed(0));
  return `${f(s.lo)}…${f(s.hi)}${unit ? ' ' + unit : ''}`;
};
/** A difference is within noise when its repeats do not all lie on the same side of zero. */
const withinNoise = (s) => s.lo <= 0 && s.hi >= 0;

/** A recorder's code in one run: self time in its bundle (rrweb part and own part). */
function recorderMs(run, name = run.variant) {
  const p = run.parts;
  return (p[`${name}/rrweb`] || 0) + (p[`${name}/own`] || 0) + (p[name] || 0);
}

/**
 * Per pair of repeats of the 'together' variant (the two orders of rrweb and the snippet): each
 * recorder's self time (mean of the pair) and its ratio to bare rrweb's (geometric mean of the
 * pair). The order matters: the recorder whose observer runs first also pays for the browser's
 * first JavaScript wrappers of the mutation records and nodes, which the second one then reuses.
 */
function together(runsOf, name) {
  const rs = runsOf.together || [];
  const out = [];
  for (let i = 0; i + 1 < rs.length; i += 2) {
    const [a, b] = [rs[i], rs[i + 1]];
    out.push({
      code: (recorderMs(a, name) + recorderMs(b, name)) / 2,
      own: ((a.parts[`${name}/own`] || 0) + (b.parts[`${name}/own`] || 0)) / 2,
      vsRrweb: Math.sqrt((recorderMs(a, name) / recorderMs(a, 'rrweb')) * (recorderMs(b, name) / recorderMs(b, 'rrweb'))),
    });
  }
  return out;
}
const ownMs = (run) => run.parts[`${run.variant}/own`] || 0;
const gcMs = (run) => run.parts.gc || 0;

/** Per-repeat figures of `variant` on a page, paired with the no-recorder run of the same repeat. */
function paired(runsOf, variant) {
  const none = runsOf.none || [];
  const rr = runsOf.rrweb || [];
  return (runsOf[variant] || []).map((r, i) => ({
    added: none[i] ? r.taskMs - none[i].taskMs : NaN,
    code: recorderMs(r),
    own: ownMs(r),
    gcAdded: none[i] ? gcMs(r) - gcMs(none[i]) : NaN,
    vsRrweb: rr[i] && recorderMs(rr[i]) > 0 ? recorderMs(r) / recorderMs(rr[i]) : NaN,
    addedVsRrweb: rr[i] && none[i] ? (r.taskMs - none[i].taskMs) / (rr[i].taskMs - none[i].taskMs) : NaN,
  }));
}

/** Self time by function over the repeats (mean), for the profile table. */
function meanFunctions(runs) {
  const sum = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.functions)) sum[k] = (sum[k] || 0) + v / runs.length;
  return sum;
}

const NAMES = {
  shop: 'typical visit, small shop',
  mutations: '5,000 node updates/s',
  large: '50,000-node page',
  attributes: '10,000 nodes, 300 attribute changes per frame',
};

if (opts['report-only']) {
  const saved = JSON.parse(fs.readFileSync(path.join(opts.results, 'browser.json'), 'utf8'));
  Object.assign(opts, { seconds: saved.seconds, repeat: saved.repeat, throttle: saved.throttle || 1 });
  writeResults(saved.runs, saved.bundles, saved.load);
  console.log('rewrote browser.md, browser-profile.md and browser.summary from browser.json');
  process.exit(0);
}

const server = await startServer({
  '/shop.html': path.join(here, 'pages/shop.html'),
  '/mutations.html': path.join(here, 'pages/mutations.html'),
  '/large.html': path.join(here, 'pages/large.html'),
  '/attributes.html': path.join(here, 'pages/attributes.html'),
  ...Object.fromEntries(Object.entries(BUNDLES).map(([k, f]) => [`/bundles/${k}.js`, f])),
});
const browser = await launch();
const runs = {};
const load = { start: os.loadavg()[0], max: os.loadavg()[0] };
try {
  for (const pageName of opts.pages.split(',')) {
    // Variants take turns within each repeat, so a change in the machine's load affects all of them alike.
    const variants = opts.variants.split(',');
    const runsOf = Object.fromEntries(variants.map((v) => [v, []]));
    runs[pageName] = runsOf;
    for (let r = 0; r < opts.repeat; r++) {
      for (const variant of variants) {
        const run = await runOne(browser, server, pageName, variant, r);
        runsOf[variant].push(run);
        load.max = Math.max(load.max, os.loadavg()[0]);
        console.log(`${pageName.padEnd(10)} ${variant.padEnd(10)} #${r + 1} main-thread ${run.taskMs.toFixed(0).padStart(6)} ms in ${(run.scenarioMs / 1000).toFixed(1)} s`
          + (variant === 'together' ? ` | in the same page: ${TOGETHER.map((n) => `${n} ${recorderMs(run, n).toFixed(0)} ms`).join(', ')}`
            : ` | recorder code ${recorderMs(run).toFixed(0).padStart(5)} ms (own ${ownMs(run).toFixed(0)}) gc ${gcMs(run).toFixed(0)} ms`)
          + ` | start-up ${run.startupTaskMs.toFixed(0).padStart(5)} ms | ${(run.bytesPerMinute / 1024).toFixed(1)} KiB/min`
          + (run.nominalWork ? ` | work ${run.work}/${run.nominalWork}` : ''));
        if (process.env.PROFILE_PARTS) console.log('   ', Object.entries(run.parts).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', '));
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
load.end = os.loadavg()[0];
load.max = Math.max(load.max, load.end);

const bundles = Object.fromEntries(Object.entries(BUNDLES).map(([k, f]) => {
  const b = fs.readFileSync(f);
  return [k, { bytes: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length }];
}));
fs.mkdirSync(opts.results, { recursive: true });
// function lists are kept per page and variant (mean over repeats), not per run
const slim = Object.fromEntries(Object.entries(runs).map(([p, byV]) => [p, Object.fromEntries(Object.entries(byV).map(([v, rs]) => [v, rs.map((r) => ({
  ...r, functions: Object.fromEntries(topFunctions(r.functions, '', 400).map(([part, label, ms]) => [`${part}\t${label}`, ms])),
}))]))]));
fs.writeFileSync(path.join(opts.results, 'browser.json'), JSON.stringify({
  date: new Date().toISOString(), seconds: opts.seconds, repeat: opts.repeat, throttle: opts.throttle, samplingUs: SAMPLING_US, load, runs: slim, bundles,
}, null, 1));
writeResults(slim, bundles, load);
console.log(`\nload average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end, ${load.max.toFixed(1)} at most`);
console.log(`results in ${path.join(opts.results, 'browser.json')}, browser.md and browser-profile.md`);

function writeResults(allRuns, bundleSizes, loadAvg) {
  fs.writeFileSync(path.join(opts.results, 'browser.md'), table(allRuns, bundleSizes, loadAvg));
  fs.writeFileSync(path.join(opts.results, 'browser-profile.md'), profileTable(allRuns));
  fs.writeFileSync(path.join(opts.results, 'browser.summary'), summary(allRuns, bundleSizes, loadAvg));
}

function machineText() {
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
}

function commandText() {
  return `\`node bench/browser/overhead.mjs --seconds ${opts.seconds} --repeat ${opts.repeat}${opts.throttle > 1 ? ` --throttle ${opts.throttle}` : ''}\``;
}

function loadText(l) {
  return l ? `load ${l.start.toFixed(1)}–${l.max.toFixed(1)}` : '';
}

function table(allRuns, bundleSizes, loadAvg) {
  const machine = `${machineText()}, ${loadText(loadAvg)}`;
  const date = new Date().toISOString().slice(0, 10);
  const cmd = commandText();
  const out = ['| figure | value | baseline | ratio | target | machine | date | command |', '|---|---|---|---|---|---|---|---|'];
  const row = (figure, value, baseline, ratio, target) => out.push(`| ${[figure, value, baseline, ratio, target, machine, date, cmd].join(' | ')} |`);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  row('Bundle, gzip -9 — Replaylink snippet (replaylink.js)', kib(bundleSizes.replaylink.gzip), `${kib(bundleSizes.rrweb.gzip)} bare @rrweb/record`,
    `${(bundleSizes.replaylink.gzip / bundleSizes.rrweb.gzip).toFixed(2)}×`, '≤ 36 KB');
  row('Bundle, gzip -9 — Sentry @sentry/browser + replayIntegration (esbuild, minified)', kib(bundleSizes.sentry.gzip), '', '', '');
  for (const [p, runsOf] of Object.entries(allRuns)) {
    const none = runsOf.none;
    if (!none) continue;
    const noneTask = spread(none.map((r) => r.taskMs));
    const over = WORK_PER_SECOND[p] ? `per ${opts.seconds} s of the page's work` : `over the visit (${(none[0].scenarioMs / 1000).toFixed(0)} s)`;
    for (const v of ['rrweb', 'replaylink', 'sentry']) {
      const rs = runsOf[v];
      if (!rs) continue;
      const pr = paired(runsOf, v);
      const code = spread(pr.map((x) => x.code));
      const own = spread(pr.map((x) => x.own));
      const gc = spread(pr.map((x) => x.gcAdded));
      const added = spread(pr.map((x) => x.added));
      const target = v === 'replaylink' ? (p === 'shop' ? '≤ 1.2× rrweb, below Sentry, ≤ 10% added' : '≤ 1.2× rrweb, below Sentry') : '';
      const vs = v === 'rrweb' ? '–' : (() => {
        const q = spread(pr.map((x) => x.vsRrweb));
        return `${q.med.toFixed(2)}× bare rrweb's (${q.lo.toFixed(2)}–${q.hi.toFixed(2)})`;
      })();
      const split = v === 'rrweb' ? '' : `; ${v === 'replaylink' ? 'own code (src/recorder)' : 'Sentry SDK code'} ${own.med.toFixed(0)} ms (${rangeText(own)}), its rrweb ${(code.med - own.med).toFixed(0)} ms`;
      row(`Recorder code, CPU profile self time — ${NAMES[p]}, ${LABEL[v]}`,
        `${code.med.toFixed(0)} ms ${over} (${rangeText(code)})${split}; GC ${signed(gc.med)} ms (${rangeText(gc, 'ms', true)})`,
        `${noneTask.med.toFixed(0)} ms page without recorder`, vs, target);
      const addedRatio = v === 'rrweb' ? '–' : (() => {
        const rrAdded = spread(paired(runsOf, 'rrweb').map((x) => x.added));
        if (withinNoise(rrAdded)) return withinNoise(added) ? 'both within noise' : "rrweb's within noise";
        const q = spread(pr.map((x) => x.addedVsRrweb));
        return `${q.med.toFixed(2)}× rrweb's added (${q.lo.toFixed(2)}–${q.hi.toFixed(2)})`;
      })();
      row(`Main-thread time added — ${NAMES[p]}, ${LABEL[v]}`,
        `${signed(added.med)} ms ${over} (${signed((100 * added.med) / noneTask.med)}%; repeats ${rangeText(added, 'ms', true)}${withinNoise(added) ? ', within noise' : ''})`,
        `${noneTask.med.toFixed(0)} ms without recorder (${rangeText(noneTask)})`, addedRatio, '');
      const med = (k) => median(rs.map((r) => r[k]));
      const startup = spread(rs.map((r, i) => r.startupTaskMs - (none[i] ? none[i].startupTaskMs : 0)));
      row(`Start-up (script, init, first full snapshot) — ${NAMES[p]}, ${LABEL[v]}`,
        `${startup.med.toFixed(0)} ms main thread (${rangeText(startup)}; init call ${med('initMs').toFixed(1)} ms)`, '', '', '');
      row(`Long tasks during the visit — ${NAMES[p]}, ${LABEL[v]}`, `${med('longTasks')} (${med('blockingMs').toFixed(0)} ms blocking)`,
        `${median(none.map((r) => r.longTasks))} (${median(none.map((r) => r.blockingMs)).toFixed(0)} ms) without recorder`, '', '');
      row(`Bytes sent per minute — ${NAMES[p]}, ${LABEL[v]}`,
        v === 'rrweb' ? `${kib(med('bytesPerMinute'))} if gzipped (${kib(med('rawJsonPerMinute'))} JSON; sends nothing itself)` : kib(med('bytesPerMinute')), '', '', '');
    }
    if (runsOf.together && runsOf.together.length > 1) {
      const rr = spread(together(runsOf, 'rrweb').map((x) => x.code));
      for (const v of ['replaylink', 'sentry']) {
        const t = together(runsOf, v);
        const q = spread(t.map((x) => x.vsRrweb));
        const code = spread(t.map((x) => x.code));
        const own = spread(t.map((x) => x.own));
        row(`Recorder code, all three recorders in the same page — ${NAMES[p]}, ${LABEL[v]} vs bare @rrweb/record`,
          `${code.med.toFixed(0)} ms (${rangeText(code)}; own code ${own.med.toFixed(0)} ms) vs ${rr.med.toFixed(0)} ms (${rangeText(rr)}) ${over}`,
          'bare @rrweb/record in the same page', `${q.med.toFixed(2)}× (${q.lo.toFixed(2)}–${q.hi.toFixed(2)})`, v === 'replaylink' ? '≤ 1.2× rrweb, below Sentry' : '');
      }
    }
  }
  return out.join('\n') + '\n';
}

/** Where each recorder's time goes: its functions with the most self time, per page. */
function profileTable(allRuns) {
  const out = ['| page | recorder | function (original source) | self time | share of the recorder\'s |', '|---|---|---|---|---|'];
  for (const [p, runsOf] of Object.entries(allRuns)) {
    for (const v of ['replaylink', 'rrweb', 'sentry']) {
      const rs = runsOf[v];
      if (!rs) continue;
      const fns = meanFunctions(rs);
      const total = median(rs.map((r) => recorderMs(r)));
      // the snippet: its own code's functions first, then the rrweb it is built on
      const top = v === 'replaylink' ? [...topFunctions(fns, 'replaylink/own', 6), ...topFunctions(fns, 'replaylink/rrweb', 3)] : topFunctions(fns, v, 4);
      for (const [part, label, ms] of top) {
        out.push(`| ${NAMES[p]} | ${LABEL[v]}${part.includes('/') ? ` (${part.split('/')[1] === 'own' ? 'own code' : 'rrweb'})` : ''} | \`${label}\` | ${ms.toFixed(1)} ms | ${total > 0 ? ((100 * ms) / total).toFixed(0) : 0}% |`);
      }
    }
  }
  return out.join('\n') + '\n';
}

function summary(allRuns, bundleSizes, loadAvg) {
  const machine = `${machineText()}, ${loadText(loadAvg)}`;
  const date = new Date().toISOString().slice(0, 10);
  const out = [];
  const row = (order, figure, value, target, met) => out.push(`${order}\t| ${[figure, value, target,
    met === null ? '– (within noise)' : met ? 'yes' : '**no**', '[Browser](#6-browser-overhead)', machine, date].join(' | ')} |`);
  row('6a', 'Snippet bundle, gzip -9', `${(bundleSizes.replaylink.gzip / 1024).toFixed(1)} KiB`, '≤ 36 KB', bundleSizes.replaylink.gzip <= 36 * 1024);
  const names = { shop: 'typical visit', mutations: '5,000 updates/s', large: '50,000 nodes', attributes: '10,000 nodes, 300 attribute changes per frame' };
  for (const [p, runsOf] of Object.entries(allRuns)) {
    if (!runsOf.none || !((runsOf.rrweb && runsOf.replaylink) || (runsOf.together && runsOf.together.length > 1))) continue;
    const ours = paired(runsOf, 'replaylink');
    // the decision: all three in the same page when measured so (same load), else separate runs
    const same = !!runsOf.together && runsOf.together.length > 1;
    const mine = same ? together(runsOf, 'replaylink') : ours;
    const ratio = spread(mine.map((x) => x.vsRrweb));
    const code = spread(mine.map((x) => x.code));
    const rr = spread((same ? together(runsOf, 'rrweb') : paired(runsOf, 'rrweb')).map((x) => x.code));
    const st = same ? together(runsOf, 'sentry') : runsOf.sentry ? paired(runsOf, 'sentry') : null;
    const sentry = st && st.length ? spread(st.map((x) => x.code)) : null;
    const sentryRatio = same && sentry ? spread(st.map((x) => x.vsRrweb)) : null;
    const where = same ? 'the three in the same page' : 'separate runs';
    row(`6b-${p}`, `Recorder code's main-thread self time (CPU profile), snippet vs bare rrweb, ${names[p]}`,
      `${ratio.med.toFixed(2)}× (${ratio.lo.toFixed(2)}–${ratio.hi.toFixed(2)}, ${where}): ${code.med.toFixed(0)} ms (${rangeText(code)}) vs ${rr.med.toFixed(0)} ms (${rangeText(rr)})`
        + (sentry ? `; Sentry ${sentry.med.toFixed(0)} ms (${rangeText(sentry)}${sentryRatio ? `, ${sentryRatio.med.toFixed(2)}×` : ''})` : ''),
      '≤ 1.2× rrweb and below Sentry', ratio.hi <= 1.2 && (!sentry || code.hi < sentry.lo) ? true : ratio.lo > 1.2 || (sentry && code.lo >= sentry.hi) ? false : null);
    if (p === 'shop' && ours.length) {
      const none = spread(runsOf.none.map((r) => r.taskMs));
      const share = spread(ours.map((x, i) => (x.code + Math.max(0, x.gcAdded)) / runsOf.none[i].taskMs));
      const added = spread(ours.map((x) => x.added));
      row('6c', 'Main-thread time added by the snippet on the typical visit',
        `${(100 * share.med).toFixed(1)}% (${(100 * share.lo).toFixed(1)}–${(100 * share.hi).toFixed(1)}%) of the page's ${none.med.toFixed(0)} ms in recorder code and GC; task time added ${signed(added.med)} ms (${rangeText(added, 'ms', true)})`,
        '≤ 10%', share.hi <= 0.1 ? true : share.lo > 0.1 ? false : null);
    }
  }
  return out.join('\n') + '\n';
}
