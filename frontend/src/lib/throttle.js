/**
 * Wraps fn so that bursts of calls run it at most once per `ms`, always after the last call
 * of a burst (trailing), so no update is lost.
 * The returned function has cancel() to drop a pending run (call it when the page is left).
 */
export function throttle(fn, ms) {
  let timer = null;
  const run = () => {
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    }
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return run;
}

/**
 * Wraps fn so that it runs `ms` after the last of a burst of calls (typing in a search box).
 * The returned function has cancel() to drop a pending run.
 */
export function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return run;
}
