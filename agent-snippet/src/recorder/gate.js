// Whether this page may be recorded: excluded pages, Do Not Track / Global Privacy Control, and the
// site's own `shouldRecord` decision. Pure logic: the caller passes URLs, navigator and context.

/** True when `url` matches one of `patterns` (strings match as substrings, RegExps by test()). */
export function urlExcluded(url, patterns) {
  if (!patterns || typeof url !== 'string') return false;
  for (const p of patterns) {
    if (typeof p === 'string' ? p && url.indexOf(p) >= 0 : p instanceof RegExp && (p.lastIndex = 0, p.test(url))) return true;
  }
  return false;
}

/** True when the visitor asked not to be tracked: `doNotTrack` '1' or Global Privacy Control on. */
export function doNotTrack(nav, win) {
  if (!nav) return false;
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || nav.doNotTrack === 'yes' || !!(win && win.doNotTrack === '1');
}

/**
 * Asks the site's `shouldRecord(context)` hook. Returns 'full' (hook said true), 'off' (false, or
 * the hook threw) or null (no hook, or any other answer: sampling decides).
 */
export function askShouldRecord(hook, context) {
  if (typeof hook !== 'function') return null;
  let answer;
  try {
    answer = hook(context);
  } catch (e) {
    return 'off';
  }
  if (answer === true) return 'full';
  if (answer === false) return 'off';
  return null;
}
