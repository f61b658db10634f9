// Human-like pointer paths for tuning and testing mouse-thrash detection. Each path is a list of
// timed points {t (ms from start), x, y, buttons}; `playPath` moves Chromium's mouse along one in
// real time, so the page sees the mousemove events a person's movement would produce.

/** Small deterministic PRNG (mulberry32), so paths are the same on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEP_MS = 16; // one point per frame, like a 60 Hz mouse report rate seen by the page

/** Minimum-jerk movement from (x0, y0) to (x1, y1) in `ms`, the bell-shaped speed of aimed movement. */
function aim(points, r, x0, y0, x1, y1, ms, buttons = 0) {
  const t0 = points.length ? points[points.length - 1].t : 0;
  const n = Math.max(1, Math.round(ms / STEP_MS));
  for (let i = 1; i <= n; i++) {
    const s = i / n;
    const k = 10 * s ** 3 - 15 * s ** 4 + 6 * s ** 5;
    points.push({ t: t0 + i * STEP_MS, x: x0 + (x1 - x0) * k + (r() - 0.5) * 2, y: y0 + (y1 - y0) * k + (r() - 0.5) * 2, buttons });
  }
  return points;
}

function dwell(points, r, ms, buttons = 0) {
  const last = points[points.length - 1];
  for (let t = STEP_MS; t <= ms; t += STEP_MS * 4) {
    points.push({ t: last.t + t, x: last.x + (r() - 0.5) * 3, y: last.y + (r() - 0.5) * 3, buttons });
  }
  return points;
}

const last = (p) => p[p.length - 1];

/** Rapid horizontal back-and-forth: `legs` legs of `width` px (±30 %), `legMs` each (±25 %). */
export function thrashPath(seed, { x = 400, y = 300, legs = 9, width = 120, legMs = 170 } = {}) {
  const r = rng(seed);
  const p = [{ t: 0, x, y, buttons: 0 }];
  aim(p, r, x, y, x - width / 2, y + (r() - 0.5) * 20, 250);
  for (let i = 0; i < legs; i++) {
    const dir = i % 2 === 0 ? 1 : -1;
    const w = width * (0.7 + r() * 0.6);
    const a = last(p);
    aim(p, r, a.x, a.y, a.x + dir * w, a.y + (r() - 0.5) * 30, legMs * (0.75 + r() * 0.5));
  }
  return dwell(p, r, 400);
}

/** Aimed moves between targets across the page, each with an overshoot and a correction. */
export function aimedMovesPath(seed) {
  const r = rng(seed);
  const p = [{ t: 0, x: 100, y: 100, buttons: 0 }];
  for (let i = 0; i < 6; i++) {
    const a = last(p);
    const tx = 80 + r() * 640;
    const ty = 80 + r() * 440;
    const over = 0.05 + r() * 0.1;
    aim(p, r, a.x, a.y, tx + (tx - a.x) * over, ty + (ty - a.y) * over, 300 + r() * 400);
    aim(p, r, last(p).x, last(p).y, tx, ty, 120 + r() * 80);
    dwell(p, r, 200 + r() * 600);
  }
  return p;
}

/** Following lines of text while reading: slow sweeps to the right, quick returns. */
export function readingPath(seed) {
  const r = rng(seed);
  const p = [{ t: 0, x: 120, y: 120, buttons: 0 }];
  for (let line = 0; line < 4; line++) {
    const a = last(p);
    aim(p, r, a.x, a.y, 520 + r() * 60, a.y + 4, 1200 + r() * 500);
    aim(p, r, last(p).x, last(p).y, 120 + r() * 20, a.y + 26, 250 + r() * 100);
  }
  return p;
}

/** Going back and forth between two choices 150 px apart, looking at each for a moment. */
export function comparingPath(seed) {
  const r = rng(seed);
  const p = [{ t: 0, x: 300, y: 300, buttons: 0 }];
  for (let i = 0; i < 6; i++) {
    const a = last(p);
    aim(p, r, a.x, a.y, i % 2 === 0 ? 450 : 300, 300 + (r() - 0.5) * 10, 300 + r() * 150);
    dwell(p, r, 250 + r() * 300);
  }
  return p;
}

/** Slow circles around a spot while thinking (80 px across, about 1.4 s per turn). */
export function circlingPath(seed) {
  const r = rng(seed);
  const p = [];
  const period = 1300 + r() * 300;
  for (let t = 0; t <= 3 * period; t += STEP_MS) {
    const a = (2 * Math.PI * t) / period;
    p.push({ t, x: 400 + 40 * Math.cos(a) + (r() - 0.5) * 2, y: 300 + 40 * Math.sin(a) + (r() - 0.5) * 2, buttons: 0 });
  }
  return p;
}

/** Hand tremor and small corrections around a target (under 20 px). */
export function jitterPath(seed) {
  const r = rng(seed);
  const p = [{ t: 0, x: 400, y: 300, buttons: 0 }];
  for (let i = 0; i < 30; i++) aim(p, r, last(p).x, last(p).y, 400 + (r() - 0.5) * 20, 300 + (r() - 0.5) * 20, 60 + r() * 40);
  return p;
}

/** Dragging a slider quickly back and forth with the button held: interaction, not thrash. */
export function sliderDragPath(seed) {
  const r = rng(seed);
  const p = [{ t: 0, x: 300, y: 300, buttons: 0 }];
  p.push({ t: 16, x: 300, y: 300, buttons: 1 });
  for (let i = 0; i < 8; i++) aim(p, r, last(p).x, 300, i % 2 === 0 ? 460 : 300, 300, 160 + r() * 60, 1);
  p.push({ t: last(p).t + 16, x: last(p).x, y: 300, buttons: 0 });
  return p;
}

/** Named paths: thrash (each must give exactly one mouse-thrash) and ordinary (none). */
export function pathSet() {
  return {
    thrash: {
      'thrash-fast-wide': thrashPath(1, { legs: 9, width: 160, legMs: 140 }),
      'thrash-medium': thrashPath(2, { legs: 8, width: 110, legMs: 180 }),
      'thrash-narrow': thrashPath(3, { legs: 10, width: 70, legMs: 150 }),
      'thrash-long': thrashPath(4, { legs: 16, width: 130, legMs: 170 }),
      'thrash-slowest': thrashPath(5, { legs: 8, width: 120, legMs: 240 }),
    },
    ordinary: {
      'aimed-moves': aimedMovesPath(11),
      reading: readingPath(12),
      comparing: comparingPath(13),
      circling: circlingPath(14),
      jitter: jitterPath(15),
      'slider-drag': sliderDragPath(16),
    },
  };
}

/** Moves the page's mouse along `path` (offset by dx, dy) in real time, pressing buttons as the path says. */
export async function playPath(page, path, dx = 0, dy = 0) {
  const start = Date.now();
  let down = false;
  for (const pt of path) {
    const wait = start + pt.t - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (pt.buttons && !down) {
      await page.mouse.down();
      down = true;
    } else if (!pt.buttons && down) {
      await page.mouse.up();
      down = false;
    }
    await page.mouse.move(pt.x + dx, pt.y + dy);
  }
  if (down) await page.mouse.up();
}
