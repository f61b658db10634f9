// A minimal in-memory stand-in for replay-service (ingest + the read API used by the browser
// tests). Used only when REPLAYLINK_URL is not set, so the scripts can run without the service.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const MARKER_KINDS = new Set(['error', 'console', 'network', 'rage-click', 'dead-click', 'error-click', 'mouse-thrash', 'navigation', 'track', 'recording-paused', 'recording-resumed']);

export async function startFakeService() {
  const key = 'fake-ingest-key';
  const token = 'fake-api-token';
  const batches = new Map(); // "sid|wid|seq" -> events
  const sessions = new Map(); // sid -> {events: [], userId}

  function cors(res) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type,content-encoding,x-replaylink-key,authorization');
    res.setHeader('Access-Control-Allow-Methods', 'GET,POST,OPTIONS');
  }
  function json(res, status, body) {
    cors(res);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
  function summary(sid, s) {
    return { sessionId: sid, userId: s.userId || null, eventCount: s.events.length, errorCount: s.events.filter((e) => e.type === 5 && e.data.tag === 'error').length };
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      if (req.method === 'OPTIONS') return json(res, 204, {});
      if (url.pathname === '/api/v1/ingest' && req.method === 'POST') {
        if ((req.headers['x-replaylink-key'] || url.searchParams.get('key')) !== key) return json(res, 401, { error: 'unauthorized', message: 'bad key' });
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        let b;
        try {
          b = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          return json(res, 400, { error: 'malformed', message: 'not JSON' });
        }
        const id = `${b.sessionId}|${b.windowId}|${b.seq}`;
        if (batches.has(id)) return json(res, 200, { accepted: 0, duplicate: true });
        batches.set(id, b.events);
        const s = sessions.get(b.sessionId) || { events: [] };
        s.events.push(...b.events);
        if (b.user) s.userId = b.user.id;
        sessions.set(b.sessionId, s);
        return json(res, 200, { accepted: b.events.length, duplicate: false });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: 'unauthorized', message: 'token' });
      if (url.pathname === '/api/v1/sessions') {
        const traceId = url.searchParams.get('traceId');
        const userId = url.searchParams.get('userId');
        const out = [];
        for (const [sid, s] of sessions) {
          if (userId && s.userId !== userId) continue;
          const hits = s.events.filter((e) => e.type === 5 && e.data.payload && e.data.payload.traceId === traceId);
          if (!traceId || hits.length) out.push({ ...summary(sid, s), matches: hits.map((h) => ({ traceId, timestamp: h.timestamp })) });
        }
        return json(res, 200, { sessions: out, nextCursor: null });
      }
      const m = /^\/api\/v1\/sessions\/([^/]+)(\/events)?$/.exec(url.pathname);
      const s = m && sessions.get(m[1]);
      if (!s) return json(res, 404, { error: 'not_found', message: 'no such session' });
      const sorted = s.events.slice().sort((a, b) => a.timestamp - b.timestamp);
      if (m[2]) {
        const from = Number(url.searchParams.get('from'));
        let start = 0;
        if (from) sorted.forEach((e, i) => e.type === 4 && e.timestamp <= from && (start = i));
        return json(res, 200, { events: sorted.slice(start) });
      }
      const markers = sorted
        .filter((e) => e.type === 5 && MARKER_KINDS.has(e.data.tag))
        .map((e) => ({ timestamp: e.timestamp, kind: e.data.tag, label: JSON.stringify(e.data.payload).slice(0, 120), traceId: e.data.payload && e.data.payload.traceId }));
      return json(res, 200, { ...summary(m[1], s), markers });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, key, token, fake: true, close: () => new Promise((r) => server.close(r)) };
}
