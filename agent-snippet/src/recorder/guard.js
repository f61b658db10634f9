// The recorder runs inside someone else's page: its callbacks must never throw into it.

/** Wraps `fn` so it never throws (returns undefined instead). */
export function safe(fn) {
  return function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      return undefined;
    }
  };
}
