// Bundles the comparison recorders into minified IIFEs under dist/ (the Replaylink snippet comes
// from agent-snippet's own build).
import { build } from 'esbuild';

for (const [entry, out] of [['lib/rrweb-entry.mjs', 'dist/rrweb-record.js'], ['lib/sentry-entry.mjs', 'dist/sentry-replay.js']]) {
  await build({ entryPoints: [entry], outfile: out, bundle: true, minify: true, sourcemap: true, format: 'iife', target: 'es2019', logLevel: 'warning' });
}
console.log('built dist/rrweb-record.js and dist/sentry-replay.js');
