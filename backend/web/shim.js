// Served by `herald serve` before the app's own code: gives the page the
// window.go and window.runtime objects that Wails injects in the desktop
// window, over fetch and EventSource, so the app never knows its mode.
(() => {
  'use strict';
  const KEY = 'herald.token';
  const found = /[#&]token=([^&]+)/.exec(location.hash);
  if (found) {
    sessionStorage.setItem(KEY, decodeURIComponent(found[1]));
    // Keep the secret out of the address bar, history and bookmarks.
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(KEY) || '';
  const bindings = /*BINDINGS*/[];

  async function call(service, method, args) {
    let res;
    try {
      res = await fetch(`/rpc/${service}/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
    } catch (e) {
      throw new Error('Herald is not reachable. Is `herald serve` still running?');
    }
    let body = null;
    try { body = await res.json(); } catch (e) { /* answered without JSON */ }
    if (!res.ok) {
      if (res.status === 401) throw new Error('This page has no valid token. Open the address `herald serve` printed.');
      throw new Error((body && body.error) || `Herald answered ${res.status}.`);
    }
    return body ? body.result : null;
  }

  const go = {};
  for (const b of bindings) {
    go[b.pkg] = go[b.pkg] || {};
    const target = (go[b.pkg][b.struct] = {});
    for (const m of b.methods) target[m] = (...args) => call(b.rpc, m, args);
  }
  window.go = go;

  // name -> [{cb, left}] ; left < 0 means unlimited.
  const listeners = new Map();
  const wired = new Set();
  let source = null;

  function dispatch(name, data) {
    const list = listeners.get(name);
    if (!list) return;
    for (const l of [...list]) {
      if (l.left === 0) continue;
      if (l.left > 0) l.left -= 1;
      try { l.cb(...data); } catch (e) { console.error(e); }
    }
    listeners.set(name, list.filter((l) => l.left !== 0));
  }

  function wire(name) {
    if (!source) {
      source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
      source.addEventListener('open', () => dispatch('herald:reconnected', []));
    }
    if (wired.has(name)) return;
    wired.add(name);
    source.addEventListener(name, (e) => {
      let payload;
      try { payload = JSON.parse(e.data); } catch (err) { return; }
      dispatch(name, [payload]);
    });
  }

  function off(...names) {
    for (const n of names) listeners.delete(n);
  }

  const noop = () => {};
  window.runtime = {
    EventsOnMultiple(name, cb, max) {
      const entry = { cb, left: max };
      if (!listeners.has(name)) listeners.set(name, []);
      listeners.get(name).push(entry);
      wire(name);
      return () => {
        const list = listeners.get(name) || [];
        listeners.set(name, list.filter((l) => l !== entry));
      };
    },
    EventsOff: off,
    EventsOffAll() { listeners.clear(); },
    EventsEmit(name, ...data) { dispatch(name, data); },
    LogPrint: noop, LogTrace: noop, LogDebug: noop, LogInfo: noop, LogWarning: noop, LogError: noop, LogFatal: noop,
    WindowSetTitle(title) { document.title = title; },
    BrowserOpenURL(url) { window.open(url, '_blank', 'noopener'); },
    Environment() { return Promise.resolve({ buildType: 'browser', platform: 'browser', arch: '' }); },
    Quit: noop,
  };
})();
