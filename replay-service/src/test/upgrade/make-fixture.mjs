// Writes the upgrade fixture: a database as a released replay-service wrote it (an H2 file and a
// PostgreSQL dump) and what that release's API answered about it. UpgradeFixtureTest opens both with
// the current code and checks every session still replays the same.
//
//   node src/test/upgrade/make-fixture.mjs <released replay-service jar> <out dir>
//
// e.g. from a worktree of the release tag:
//   node src/test/upgrade/make-fixture.mjs /tmp/rl-0.1/replay-service/target/replay-service-0.1.0-SNAPSHOT.jar \
//     src/test/resources/upgrade/0.1
// Needs java, pg_dump and PostgreSQL on 127.0.0.1:5432 (user postgres, db test).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [jar, out] = process.argv.slice(2);
if (!jar || !out) {
  console.error('usage: node make-fixture.mjs <replay-service jar> <out dir>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const recording = JSON.parse(readFileSync(join(here, '../resources/fixtures/recording.json'), 'utf8'));
const INGEST_KEY = 'upgrade-ingest-key-0123';
const ADMIN = 'upgrade-admin-token-0123456789';
const PUBLIC_URL = 'http://replay.example.test';
const SCHEMA = 'rl_upgrade_fixture';

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

async function start(props, cwd) {
  const port = await freePort();
  const args = ['-Xmx384m', `-Dmicronaut.server.port=${port}`,
    `-Dreplaylink.projects.shop.ingest-key=${INGEST_KEY}`, '-Dreplaylink.projects.shop.allowed-origins=*',
    `-Dreplaylink.api-tokens.admin.token=${ADMIN}`, '-Dreplaylink.api-tokens.admin.role=admin',
    '-Dreplaylink.ingest.rate-per-key=0', '-Dreplaylink.ingest.rate-per-session=0', `-Dreplaylink.public-url=${PUBLIC_URL}`,
    '-Dreplaylink.retention.enabled=false', '-Dreplaylink.storage.compaction.enabled=false',
    ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-jar', jar];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DATASOURCES_') && !k.startsWith('REPLAYLINK_')));
  const child = spawn('java', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 450; i++) {
    if (child.exitCode !== null) throw new Error('service exited:\n' + log);
    try { if ((await fetch(base + '/health')).ok) return { base, child }; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('service did not start:\n' + log);
}

async function stop({ child }) {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function call(base, method, path, body, auth) {
  const headers = { 'Content-Type': 'application/json' };
  if (auth === 'ingest') headers['X-Replaylink-Key'] = INGEST_KEY;
  if (auth === 'admin') headers.Authorization = `Bearer ${ADMIN}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The fixture recording moved to end at {@code end}, its traced request on {@code traceId}. */
function recordingAt(end, traceId) {
  const shift = end - recording[recording.length - 1].timestamp;
  return recording.map((e) => {
    const c = structuredClone(e);
    c.timestamp += shift;
    if (c.data?.tag === 'network') c.data.payload.traceId = traceId;
    return c;
  });
}

async function ingest(base, sessionId, windowId, events, perBatch, user) {
  let seq = 0;
  for (let i = 0; i < events.length; seq++) {
    let end = Math.min(events.length, i + perBatch);
    if (end < events.length && events[end - 1].type === 4) end++; // Meta and FullSnapshot travel together
    const part = events.slice(i, end);
    const batch = { sessionId, windowId, seq, sentAt: part[part.length - 1].timestamp + 100, events: part };
    if (user) batch.user = { id: user };
    await call(base, 'POST', '/api/v1/ingest', batch, 'ingest');
    i = end;
  }
}

function span(sessionId, traceId, spanId, atMs, name, exception) {
  const ns = String(BigInt(atMs) * 1000000n);
  const s = {
    traceId, spanId, name, kind: 2, startTimeUnixNano: ns, endTimeUnixNano: ns,
    attributes: [{ key: 'session.id', value: { stringValue: sessionId } }], status: { code: 2, message: 'HTTP 500' },
  };
  if (exception) {
    s.events = [{ name: 'exception', timeUnixNano: ns, attributes: [
      { key: 'exception.type', value: { stringValue: exception[0] } },
      { key: 'exception.message', value: { stringValue: exception[1] } }] }];
  }
  return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop-api' } }] },
    scopeSpans: [{ spans: [s] }] }] };
}

const hex = (n, len) => n.toString(16).padStart(len, '0');

/** Sessions as a shop would send them: recordings, browser and backend traces, backend errors. */
async function write(base) {
  const now = Date.now();
  const t = (i) => hex(0xa11ce000 + i, 32);
  const sessions = {
    checkout: 'upgrade-checkout-0001', standIn: 'upgrade-standin-0002', errorOnly: 'upgrade-erroronly-0003',
    compacted: 'upgrade-compacted-0004', resolved: 'upgrade-resolved-0005',
  };
  // 1: the real recording (three checkouts, a failed traced request, a JS error, a navigation) plus a
  // second tab; a span that threw and a Sentry report of the same trace
  const rec1 = recordingAt(now - 30_000, t(1));
  await ingest(base, sessions.checkout, 'upgrade-window-a', rec1, 12, 'user-42');
  const tab2 = recordingAt(now - 25_000, t(2)).slice(0, 25);
  await ingest(base, sessions.checkout, 'upgrade-window-b', tab2, 40, 'user-42');
  const failedAt = rec1.find((e) => e.data?.tag === 'network').timestamp + 5;
  await call(base, 'POST', '/v1/traces', span(sessions.checkout, t(1), hex(1, 16), failedAt, 'POST /api/checkout',
    ['java.lang.IllegalStateException', 'Payment declined']), 'ingest');
  await call(base, 'POST', '/api/v1/errors', { sessionId: sessions.checkout, timestamp: failedAt + 1, traceId: t(1), source: 'sentry',
    eventId: 'upgrade-event-0001', type: 'IllegalStateException', message: 'Payment declined',
    link: 'https://sentry.example.com/organizations/acme/issues/?query=upgrade-event-0001' }, 'ingest');
  // 2: a failed span without exception: its stand-in marker stays
  const rec2 = recordingAt(now - 20_000, t(3)).slice(0, 30);
  await ingest(base, sessions.standIn, 'upgrade-window-c', rec2, 50);
  await call(base, 'POST', '/v1/traces', span(sessions.standIn, t(3), hex(3, 16), rec2[25].timestamp, 'GET /api/cart'), 'ingest');
  // 3: a backend error of a session whose recording never arrived
  await call(base, 'POST', '/api/v1/errors', { sessionId: sessions.errorOnly, timestamp: now - 18_000, source: 'sentry',
    eventId: 'upgrade-event-0003', type: 'TimeoutException', message: 'inventory service' }, 'ingest');
  // 4: a recording compacted by the release
  const rec4 = recordingAt(now - 10_000, t(4));
  await ingest(base, sessions.compacted, 'upgrade-window-d', rec4, 5, 'user-7');
  await call(base, 'POST', `/api/v1/sessions/${sessions.compacted}/compact`, undefined, 'admin');
  // 5: a stand-in replaced by the span that threw, arriving later
  const rec5 = recordingAt(now - 2_000, t(5)).slice(0, 30);
  await ingest(base, sessions.resolved, 'upgrade-window-e', rec5, 50);
  const at5 = rec5[26].timestamp;
  await call(base, 'POST', '/v1/traces', span(sessions.resolved, t(5), hex(5, 16), at5, 'POST /api/pay'), 'ingest');
  await call(base, 'POST', '/v1/traces', span(sessions.resolved, t(5), hex(6, 16), at5, 'PaymentClient.charge',
    ['java.net.SocketTimeoutException', 'Read timed out']), 'ingest');
  return { sessions: Object.values(sessions), traces: [1, 2, 3, 4, 5].map(t) };
}

/** What the release's API answers about every session: summary and markers, events from each checkout, traces. */
async function capture(base, { sessions, traces }) {
  const expected = { sessions: {}, events: {}, traces: {} };
  for (const id of sessions) {
    expected.sessions[id] = await call(base, 'GET', `/api/v1/sessions/${id}`, undefined, 'admin');
    const first = await call(base, 'GET', `/api/v1/sessions/${id}/events`, undefined, 'admin');
    expected.events[id] = { start: first };
    const moments = new Set();
    for (const e of first.events) if (e.type === 4) moments.add(e.timestamp + 1);
    const summary = expected.sessions[id];
    if (summary.endedAt) moments.add(summary.endedAt + 1);
    for (const m of moments) {
      expected.events[id][String(m)] = await call(base, 'GET', `/api/v1/sessions/${id}/events?from=${m}`, undefined, 'admin');
    }
  }
  for (const trace of traces) {
    expected.traces[trace] = await call(base, 'GET', `/api/v1/traces/${trace}`, undefined, 'admin');
  }
  expected.search = await call(base, 'GET', '/api/v1/sessions?limit=100', undefined, 'admin');
  return expected;
}

const psql = (sql) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql]);

async function h2(dir) {
  const work = mkdtempSync(join(tmpdir(), 'rl-upgrade-h2-'));
  const svc = await start({}, work);
  const expected = await capture(svc.base, await write(svc.base));
  await stop(svc);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'replaylink.mv.db.gz'), gzipSync(readFileSync(join(work, 'data', 'replaylink.mv.db')), { level: 9 }));
  writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected) + '\n');
}

async function postgres(dir) {
  psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  try {
    const svc = await start({
      'datasources.default.url': `jdbc:postgresql://127.0.0.1:5432/test?currentSchema=${SCHEMA}`,
      'datasources.default.username': 'postgres', 'datasources.default.password': '',
    }, tmpdir());
    const expected = await capture(svc.base, await write(svc.base));
    await stop(svc);
    mkdirSync(dir, { recursive: true });
    const dump = execFileSync('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-n', SCHEMA, '--inserts',
      '--no-owner', '--no-privileges', '--no-comments', '--no-tablespaces'], { maxBuffer: 64 << 20 });
    // plain SQL for any client: without psql's \restrict meta-commands
    writeFileSync(join(dir, 'dump.sql'), dump.toString('utf8').replace(/^\\(un)?restrict .*\n/gm, ''));
    writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected) + '\n');
  } finally {
    psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  }
}

await h2(join(out, 'h2'));
await postgres(join(out, 'postgres'));
console.log('wrote', out);
