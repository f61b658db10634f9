// Builds the browser bundles into target/classes/replaylink-sdk/, where the Maven jar picks them up
// and replay-service serves them under /sdk/.
import { build } from 'esbuild';
import { mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const outDir = process.env.REPLAYLINK_SDK_OUT || 'target/classes/replaylink-sdk';
// Size budget of the script-tag recorder, gzipped. The build fails above it. 36 KB since request
// detail and browser spans (35 KB before; docs/benchmarks.md has the measured cost).
const budgetBytes = Number(process.env.REPLAYLINK_SDK_BUDGET_KB || 36) * 1024;
mkdirSync(outDir, { recursive: true });

const common = { bundle: true, minify: true, sourcemap: true, target: ['es2019'], legalComments: 'none', logLevel: 'warning' };

await build({ ...common, entryPoints: ['src/player/index.js'], format: 'iife', outfile: path.join(outDir, 'player.js') });
copyFileSync('node_modules/rrweb-player/dist/style.css', path.join(outDir, 'player.css'));

await build({ ...common, entryPoints: ['src/recorder/iife.js'], format: 'iife', outfile: path.join(outDir, 'replaylink.js') });
await build({ ...common, minify: false, entryPoints: ['src/recorder/index.js'], format: 'esm', outfile: path.join(outDir, 'replaylink.esm.js') });

for (const f of ['replaylink.js', 'player.js']) {
  const raw = readFileSync(path.join(outDir, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  console.log(`${f}: ${(raw.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`);
  if (f === 'replaylink.js' && gz > budgetBytes) {
    console.error(`replaylink.js is ${(gz / 1024).toFixed(1)} KB gzipped, over the ${(budgetBytes / 1024).toFixed(1)} KB budget`);
    process.exit(1);
  }
}
