// Chromium for the demo's end-to-end scripts, through playwright-core from agent-snippet's locked npm dependencies.
import { createRequire } from 'node:module';
import path from 'node:path';

export async function launchChromium() {
  const require = createRequire(path.resolve(process.env.SNIPPET_DIR, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
