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
