// Sampling: which sessions are recorded in full, buffered for errors, or not at all.

export const MODE_FULL = 'full';
export const MODE_BUFFER = 'buffer';
export const MODE_OFF = 'off';

function rate(value, fallback) {
  const n = typeof value === 'number' ? value : fallback;
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;
}

/**
 * `sessionSampleRate` of sessions are recorded in full; `onErrorSampleRate` of the rest keep a
 * rolling buffer that is sent when an error happens; the others are not recorded.
 */
export function chooseMode(options, random = Math.random) {
  const full = rate(options.sessionSampleRate, 1);
  const onError = rate(options.onErrorSampleRate, 1);
  if (full > 0 && random() < full) return MODE_FULL;
  if (onError > 0 && random() < onError) return MODE_BUFFER;
  return MODE_OFF;
}
