import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const sdk = (f) => path.join(root, 'target/classes/replaylink-sdk', f);

test('the script-tag recorder defines window.Replaylink and fits the 36 KB gzip budget', () => {
  const js = readFileSync(sdk('replaylink.js'));
  assert.match(js.toString('utf8'), /Replaylink/);
  assert.ok(gzipSync(js, { level: 9 }).length <= 36 * 1024);
});

test('the build fails when the recorder is over its size budget', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'replaylink-sdk-'));
  try {
    const r = spawnSync(process.execPath, ['build.mjs'], { cwd: root, env: { ...process.env, REPLAYLINK_SDK_OUT: out, REPLAYLINK_SDK_BUDGET_KB: '5' }, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /over the 5\.0 KB budget/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
