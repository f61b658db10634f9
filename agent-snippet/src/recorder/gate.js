// Whether this page may be recorded: excluded pages, Do Not Track / Global Privacy Control, and the
// site's own `shouldRecord` decision. Pure logic: the caller passes URLs, navigator and context.

/**
 * The test of one `excludeUrls` entry, matching as replay-service's `blocked-url-patterns` does: a
 * RegExp by test(); a string written `/…/` is a RegExp found anywhere in the URL; any other string a
 * substring, which also matches, when it holds RegExp operators and compiles, as a RegExp over the
 * whole URL (how the service read its patterns before). Throws on an invalid `/…/` RegExp.
 */
export function urlPattern(p) {
  if (p instanceof RegExp) return (u) => ((p.lastIndex = 0), p.test(u));
  if (typeof p !== 'string' || !p) return () => false;
  if (p.length > 2 && p[0] === '/' && p[p.length - 1] === '/') {
    const r = new RegExp(p.slice(1, -1));
    return (u) => r.test(u);
  }
  let whole = null;
  try {
    if (/[*+?|()[\]{}^$\\]/.test(p)) whole = new RegExp(`^(?:${p})$`);
  } catch (e) {
    // not a RegExp: a substring only
  }
  return (u) => u.indexOf(p) >= 0 || !!(whole && whole.test(u));
}

/** True when `url` matches one of `patterns` (see `urlPattern`). */
export function urlExcluded(url, patterns) {
  if (!patterns || typeof url !== 'string') return false;
  for (const p of patterns) {
    try {
      if (urlPattern(p)(url)) return true;
    } catch (e) {
      // an invalid pattern (refused by init) excludes nothing
    }
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
