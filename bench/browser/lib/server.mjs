// A local HTTP server on 127.0.0.1 for the overhead benchmark: the test pages, the recorder
// bundles, and stand-ins for the endpoints recorders send to, counting the bytes they receive.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Starts the server; `files` maps URL paths to files on disk. Resolves to { url, received, close }. */
export function startServer(files) {
  const received = { ingest: 0, sentry: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' || req.method === 'PUT') {
      let bytes = 0;
      req.on('data', (c) => { bytes += c.length; });
      req.on('end', () => {
        received.requests++;
        if (url.pathname === '/api/v1/ingest') {
          received.ingest += bytes;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"accepted":1,"duplicate":false}');
        } else if (/^\/api\/\d+\/envelope\/?$/.test(url.pathname)) {
          received.sentry += bytes;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        }
      });
      return;
    }
    const file = files[url.pathname];
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        received,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
      });
    });
  });
}
