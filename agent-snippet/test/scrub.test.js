import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubUrl, scrubbedParamNames } from '../src/recorder/scrub.js';

test('secret-looking query parameters are scrubbed, others kept', () => {
  assert.equal(
    scrubUrl('https://shop.example/cart?id=7&access_token=abc&apiKey=k1&Password=p&q=shoes'),
    'https://shop.example/cart?id=7&access_token=[scrubbed]&apiKey=[scrubbed]&Password=[scrubbed]&q=shoes',
  );
});

test('session and auth names are matched as substrings, case-insensitively', () => {
  assert.equal(scrubUrl('/x?SESSIONID=1&authorization=2&page=3'), '/x?SESSIONID=[scrubbed]&authorization=[scrubbed]&page=3');
});

test('fragment parameters (OAuth implicit flow) are scrubbed too', () => {
  assert.equal(scrubUrl('https://a.example/cb#access_token=t&state=s'), 'https://a.example/cb#access_token=[scrubbed]&state=s');
  assert.equal(scrubUrl('https://a.example/#/route?token=t'), 'https://a.example/#/route?token=[scrubbed]');
  assert.equal(scrubUrl('https://a.example/page#section-2'), 'https://a.example/page#section-2');
});

test('configured names extend the defaults', () => {
  const names = scrubbedParamNames(['Email']);
  assert.ok(names.includes('email') && names.includes('token'));
  assert.equal(scrubUrl('/u?email=a%40b.c&x=1', names), '/u?email=[scrubbed]&x=1');
});

test('encoded parameter names are recognised', () => {
  assert.equal(scrubUrl('/u?api%5Fkey=1'), '/u?api%5Fkey=[scrubbed]');
});

test('URLs without a query and non-strings pass through unchanged', () => {
  assert.equal(scrubUrl('https://a.example/path'), 'https://a.example/path');
  assert.equal(scrubUrl(undefined), undefined);
  assert.equal(scrubUrl('/p?flag'), '/p?flag');
});
