// Digitalt först, the copy for file://: loaded first on every page of the
// whole-site copy (offline/digitalt-forst.zip). A page opened from a file
// cannot load ES modules, start workers or fetch, so:
// - the site's modules come as classic scripts that register here
//   (__dfsDefine) and run once each (__dfsRequire), see offline/jsbundle.py;
// - the search worker runs on the page: a Worker stand-in with Material's
//   message protocol, whose fetch() answers from search/<lang>/files.js;
// - search results point at …/index.html, since file:// has no directory index.
(function () {
  "use strict";
  const script = document.currentScript;
  const ROOT = new URL("../../", script.src).href;
  window.__dfsRoot = ROOT;

  const defs = {};
  const done = {};
  window.__dfsDefine = (path, factory) => { if (!(path in defs)) defs[path] = factory; };
  window.__dfsRequire = (path) => {
    if (!(path in done)) {
      if (!(path in defs)) throw new Error(`not bundled: ${path}`);
      done[path] = {};
      defs[path](done[path]);
    }
    return done[path];
  };

  const loading = {};
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.append(tag);
      });
    }
    return loading[src];
  }

  const files = {};
  window.__dfsFiles = (map) => Object.assign(files, map);
  const relative = (url) => decodeURIComponent(new URL(String(url), location.href).href.slice(ROOT.length))
    .split("#")[0].split("?")[0];

  // fetch() for the worker: search/<lang>/… comes from search/<lang>/files.js.
  async function fileFetch(input) {
    const rel = relative(input && input.url ? input.url : input);
    const folder = rel.split("/").slice(0, 2).join("/");
    await load(`${ROOT}${folder}/files.js`).catch(() => null);
    const found = Object.prototype.hasOwnProperty.call(files, rel);
    const value = found ? files[rel] : null;
    return { ok: found, status: found ? 200 : 404, json: async () => value,
      text: async () => JSON.stringify(value) };
  }

  function indexHtml(location) {
    if (typeof location !== "string" || /^[a-z]+:/i.test(location)) return location;
    const cut = location.search(/[?#]/);
    const path = cut < 0 ? location : location.slice(0, cut);
    const rest = cut < 0 ? "" : location.slice(cut);
    if (path !== "" && !path.endsWith("/")) return location;
    return `${path}index.html${rest}`;
  }

  function pointAtFiles(data) {
    if (!data || data.type !== 3 || !data.data || !Array.isArray(data.data.items)) return data;
    for (const group of data.data.items) {
      for (const item of group) item.location = indexHtml(item.location);
    }
    return data;
  }

  const workers = {};
  window.__dfsWorker = (path, factory) => { workers[path] = factory; };

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      const href = new URL(String(url), document.baseURI).href;
      const path = relative(href);
      const listeners = [];
      const scope = {
        location: new URL(href),
        addEventListener: (type, fn) => { if (type === "message") listeners.push(fn); },
        removeEventListener: () => {},
        postMessage: (data) => {
          setTimeout(() => this.dispatchEvent(new MessageEvent("message", { data: pointAtFiles(data) })));
        },
      };
      this.ready = load(`${ROOT}${path.replace(/\.js$/, ".file.js")}`).then(() => {
        workers[path](scope, fileFetch, () => { throw new Error("importScripts is not available"); });
        return (data) => listeners.forEach((fn) => fn({ data }));
      });
    }

    postMessage(data) {
      this.ready.then((send) => setTimeout(() => send(data)));
    }

    terminate() {}
  }

  if (location.protocol === "file:") window.Worker = FileWorker;
})();
