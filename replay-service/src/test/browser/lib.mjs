// Shared helpers for the browser scripts that replay-service's JUnit tests run with node.
// playwright-core comes from agent-snippet's locked dependencies (PLAYWRIGHT_CORE = its module path).
import { createRequire } from 'node:module';
import path from 'node:path';

export async function launchChromium() {
  const require = createRequire(path.resolve(process.env.SNIPPET_DIR || '../agent-snippet', 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export function fail(message) {
  console.error('FAIL: ' + message);
  process.exit(1);
}

export function check(condition, message) {
  if (!condition) fail(message);
}
