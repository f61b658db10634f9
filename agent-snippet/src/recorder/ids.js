// Identifiers: UUIDv7 session/window IDs and W3C trace context IDs.

function randomBytes(n) {
  const bytes = new Uint8Array(n);
  const c = globalThis.crypto;
  if (c && c.getRandomValues) {
    c.getRandomValues(bytes);
  } else {
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return bytes;
}

function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

/** A UUIDv7 (RFC 9562): 48-bit Unix millisecond timestamp, then random bits; sorts by creation time. */
export function uuidv7(now = Date.now()) {
  const b = randomBytes(16);
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Lowercase hex of n random bytes, never all zeros (invalid in W3C trace context). */
export function randomHex(n) {
  for (;;) {
    const h = toHex(randomBytes(n));
    if (/[^0]/.test(h)) return h;
  }
}
