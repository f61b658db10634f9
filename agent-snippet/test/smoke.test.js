import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('player bundle defines window.ReplaylinkPlayer', () => {
  const js = readFileSync(new URL('../target/classes/replaylink-sdk/player.js', import.meta.url), 'utf8');
  assert.match(js, /ReplaylinkPlayer/);
});
