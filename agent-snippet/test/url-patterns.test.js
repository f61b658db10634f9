import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { urlExcluded, urlPattern } from '../src/recorder/gate.js';
import { normalizeOptions } from '../src/recorder/options.js';

// The table the service's blocked-url-patterns runs too (replay-service UrlPatternTableTest).
const TABLE = JSON.parse(readFileSync(new URL('../../replay-service/src/test/resources/url-patterns.json', import.meta.url), 'utf8'));

test('excludeUrls blocks exactly the pages of the table shared with the service', () => {
  assert.ok(TABLE.examples.length >= 15);
  for (const { pattern, url, blocked } of TABLE.examples) {
    assert.equal(urlExcluded(url, [pattern]), blocked, `${pattern} on ${url}`);
  }
});

test('a string written /…/ matches as the RegExp literal written the same way', () => {
  for (const { pattern, url, blocked } of TABLE.examples.filter((e) => /^\/.+\/$/.test(e.pattern))) {
    assert.equal(urlExcluded(url, [new RegExp(pattern.slice(1, -1))]), blocked, `${pattern} as a RegExp on ${url}`);
  }
});

test('an invalid /…/ RegExp is refused by init with the option named; it excludes nothing', () => {
  assert.throws(() => urlPattern('/checkout(/'));
  assert.throws(() => normalizeOptions({ endpoint: 'https://replay.example.com', key: 'k', excludeUrls: ['/checkout(/'] }), /option 'excludeUrls'.*\/checkout\(\//);
  assert.equal(urlExcluded('https://a.example/checkout(', ['/checkout(/']), false);
  assert.equal(urlExcluded('https://a.example/checkout(', ['checkout(']), true, 'a plain string that is no RegExp is a substring');
});
