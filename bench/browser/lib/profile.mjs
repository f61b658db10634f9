// Where a page's main thread spent its time, from a V8 CPU profile taken through the DevTools
// protocol (Profiler domain): self time of every sampled function, attributed to the script it
// came from and, through the script's source map, to the original source file, so that a bundle
// that contains rrweb (the snippet, Sentry's SDK) is split into its rrweb part and its own code.
import fs from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';

/** Sampling interval of the profiles, microseconds. */
export const SAMPLING_US = 250;

export async function startProfile(cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return profile;
}

/**
 * A script of the page, by URL path: `name` is what its samples are counted as; with a source map
 * (`map`: path of the .map file), `split(source)` names the part of the bundle an original source
 * file belongs to (e.g. 'rrweb' or 'own'), and functions are listed by their original file and name.
 */
export function script(name, map, split, pageApi) {
  let consumer = null;
  if (map && fs.existsSync(map)) consumer = new SourceMapConsumer(JSON.parse(fs.readFileSync(map, 'utf8')));
  return { name, consumer, split, pageApi };
}

const SPECIAL = { '(garbage collector)': 'gc', '(program)': 'program', '(idle)': 'idle', '(root)': 'idle' };

/**
 * Self time of a profile by part ("rrweb", "replaylink/own", "page", "gc", ...) and by function.
 * `scripts` maps a URL path ("/bundles/rrweb.js") to a `script()`; samples in other scripts count as
 * "page" when the URL is the page's, "other" otherwise (protocol-injected code); a browser API
 * (native code: DOM getters, closest(), JSON.stringify) counts toward the script that called it. Times are
 * milliseconds: each sample counts as the time to the next one, capped at 4 sampling intervals,
 * so a sample delayed while the thread waited for a core (shared machine) counts as it would on
 * an idle one rather than as the whole wait.
 */
export function attribute(profile, scripts, pageUrl) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const partOf = new Map(); // node id -> [part, function label]
  const positions = new Map();
  const label = (n) => {
    const cf = n.callFrame;
    const special = SPECIAL[cf.functionName];
    if (special && !cf.url) return [special, cf.functionName];
    let urlPath = cf.url;
    try {
      urlPath = new URL(cf.url).pathname;
    } catch (e) {
      // not a URL (empty for native code)
    }
    const s = scripts[urlPath];
    if (!s) {
      const part = cf.url && pageUrl && cf.url.split('?')[0] === pageUrl.split('?')[0] ? 'page' : cf.url ? 'other' : 'native';
      if (part === 'native') {
        // a browser API (a DOM getter, closest(), JSON.stringify...) counts toward the script that called it
        const caller = parent.has(n.id) ? partLabel(parent.get(n.id)) : null;
        if (caller && !['idle', 'program', 'gc', 'native'].includes(caller[0])) {
          const from = caller.length > 2 ? scripts[caller[2]] : null;
          if (from && from.pageApi && from.pageApi(caller[3], cf.functionName)) return ['page', `${cf.functionName} (native) through ${caller[1]}`];
          return [caller[0], `${cf.functionName || '(native)'} (native) from ${caller[1]}`];
        }
      }
      return [part, `${cf.functionName || '(anonymous)'} ${part}`];
    }
    if (!s.consumer) return [s.name, `${cf.functionName || '(anonymous)'} ${s.name}:${cf.lineNumber + 1}:${cf.columnNumber}`];
    const key = `${urlPath}:${cf.lineNumber}:${cf.columnNumber}`;
    let p = positions.get(key);
    if (!p) {
      p = s.consumer.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
      positions.set(key, p);
    }
    const source = (p.source || '?').replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '');
    const part = `${s.name}/${s.split ? s.split(p.source || '') : 'own'}`;
    return [part, `${p.name || cf.functionName || '(anonymous)'} ${source}:${p.line}`, urlPath, p.source || ''];
  };
  function partLabel(id) {
    let pl = partOf.get(id);
    if (!pl) {
      pl = label(nodes.get(id));
      partOf.set(id, pl);
    }
    return pl;
  }
  const cap = 4 * SAMPLING_US;
  const parts = {};
  const functions = {};
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const pl = partLabel(samples[i]);
    const next = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : SAMPLING_US;
    const ms = Math.min(Math.max(next, 0), cap) / 1000;
    parts[pl[0]] = (parts[pl[0]] || 0) + ms;
    if (pl[0] !== 'idle') {
      const f = `${pl[0]}\t${pl[1]}`;
      functions[f] = (functions[f] || 0) + ms;
    }
  }
  return { parts, functions };
}

/** The `n` functions with the most self time whose part starts with `prefix`, as [part, label, ms]. */
export function topFunctions(functions, prefix, n) {
  return Object.entries(functions)
    .filter(([k]) => k.startsWith(prefix))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => [...k.split('\t'), ms]);
}
