// Digitalt först: the service worker for courses saved for offline use.
//
// Registered only when the reader presses "Spara kursen för offline"
// (offline.js); until then nothing is stored. Its scope is the site's root
// (this file lives there, also under the GitHub Pages subpath). It only ever
// requests files of this site: the manifest and the files it lists.
//
// - Versioned: the build writes its version into VERSION below (a hash of
//   every file the manifest lists), so a new build is a new service worker.
//   Each version has its own cache; every file is checked against the
//   manifest's hash when it is stored, so a cache never holds two versions.
// - A new version refreshes the saved courses while it installs (unchanged
//   files are copied from the old cache, the rest is downloaded); it takes
//   over when no page uses the old one any more, and then deletes the old
//   cache. Offline, the install fails and the old version keeps serving.
// - A page served from the cache gets its images, CSS and JS from the same
//   cache; other requests go to the network first and fall back to the cache.
//   A page that is not saved, offline, leads to the offline page.
const VERSION = "dev";
const ROOT = new URL("./", self.location.href).href;
const PREFIX = "dfs-offline-";
const CACHE = `${PREFIX}${VERSION}`;
const META = `${PREFIX}meta`;
const SAVED = new URL("offline/saved.json", ROOT).href;
const MANIFEST = new URL("offline/manifest.json", ROOT).href;
const PARALLEL = 4;
// clientId -> true for pages served from the cache (their subresources too).
const fromCache = new Map();

const own = (url) => String(url).startsWith(ROOT);
const key = (url) => { const u = new URL(url); u.hash = ""; u.search = ""; return u.href; };

function local(url, init) {
  if (!own(url)) throw new Error(`not a file of this site: ${url}`);
  return fetch(url, init);
}

async function metaGet(name) {
  if (!(await caches.has(META))) return null;
  const hit = await (await caches.open(META)).match(new URL(name, ROOT).href);
  return hit ? hit.json() : null;
}

async function metaPut(name, value) {
  const cache = await caches.open(META);
  await cache.put(new URL(name, ROOT).href, new Response(JSON.stringify(value), {
    headers: { "content-type": "application/json" } }));
}

const readSaved = async () => (await metaGet(SAVED)) || {};
const writeSaved = (saved) => metaPut(SAVED, saved);

async function manifest() {
  const response = await local(MANIFEST, { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const found = await response.json();
  if (found.version !== VERSION) {
    // The site was updated after this page was loaded: the new service
    // worker refreshes the saved courses itself.
    self.registration.update().catch(() => {});
    throw new Error("webbplatsen har just uppdaterats.");
  }
  return found;
}

function filesOf(m, lang, slug) {
  const course = m.courses[lang] && m.courses[lang][slug];
  if (!course) return null;
  return [...new Set([...m.shell[lang], ...course.files])];
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

// A stored copy of url with this hash in any of our caches (an older version).
async function reusable(url, hash) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === META || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit && hit.headers.get("x-dfs-hash") === hash) return hit;
  }
  return null;
}

// Store every path of the manifest in this version's cache; returns bytes.
async function store(m, paths, progress) {
  const cache = await caches.open(CACHE);
  let done = 0, bytes = 0;
  const todo = [...paths];
  const one = async (path) => {
    const entry = m.files[path];
    if (!entry) throw new Error(`${path} saknas i manifestet.`);
    const [hash, size] = entry;
    const url = new URL(path, ROOT).href;
    const have = await cache.match(url);
    if (!have || have.headers.get("x-dfs-hash") !== hash) {
      const old = await reusable(url, hash);
      let body, type;
      if (old) {
        body = await old.arrayBuffer();
        type = old.headers.get("content-type");
      } else {
        const response = await local(url, { cache: "no-cache" });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}.`);
        body = await response.arrayBuffer();
        type = response.headers.get("content-type");
        if ((await sha256(body)) !== hash) throw new Error("webbplatsen ändrades medan kursen sparades.");
      }
      await cache.put(url, new Response(body, { headers: {
        "content-type": type || "application/octet-stream", "x-dfs-hash": hash } }));
    }
    bytes += size;
    progress(++done, paths.length);
  };
  const workers = Array.from({ length: PARALLEL }, async () => {
    while (todo.length) await one(todo.shift());
  });
  await Promise.all(workers);
  return bytes;
}

// Delete what no saved course needs any more (the last one: everything).
async function prune(m, saved) {
  const entries = Object.values(saved);
  if (!entries.length) {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX)) await caches.delete(name);
    await self.registration.unregister();
    return;
  }
  const needed = new Set(entries.flatMap((e) => filesOf(m, e.lang, e.slug) || [])
    .map((path) => new URL(path, ROOT).href));
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) if (!needed.has(request.url)) await cache.delete(request);
}

async function save({ lang, slug }, progress) {
  const m = await manifest();
  const paths = filesOf(m, lang, slug);
  if (!paths) throw new Error("kursen finns inte längre på webbplatsen.");
  const bytes = await store(m, paths, progress);
  await metaPut(`offline/manifest-${VERSION}.json`, m);
  const saved = await readSaved();
  const course = m.courses[lang][slug];
  saved[`${lang}/${slug}`] = { lang, slug, title: course.title, url: course.url,
    date: new Date().toISOString(), bytes };
  await writeSaved(saved);
  return saved[`${lang}/${slug}`];
}

async function remove({ lang, slug }) {
  const saved = await readSaved();
  delete saved[`${lang}/${slug}`];
  await writeSaved(saved);
  const m = await metaGet(`offline/manifest-${VERSION}.json`);
  if (m) await prune(m, saved);
  else if (!Object.keys(saved).length) await prune(null, saved);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const saved = await readSaved();
    const entries = Object.values(saved);
    if (entries.length) {
      // A new build: refresh every saved course before taking over. Offline
      // or on any failure the install fails and the old version stays.
      const m = await manifest();
      for (const e of entries) {
        const paths = filesOf(m, e.lang, e.slug);
        if (paths) e.bytes = await store(m, paths, () => {});
      }
      await metaPut(`offline/manifest-${VERSION}.json`, m);
      await metaPut(`offline/saved-${VERSION}.json`, saved);
    }
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const refreshed = await metaGet(`offline/saved-${VERSION}.json`);
    if (refreshed) {
      // Keep what changed since the install (a course removed meanwhile).
      const current = await readSaved();
      for (const k of Object.keys(refreshed)) {
        if (current[k]) current[k] = { ...current[k], bytes: refreshed[k].bytes, date: new Date().toISOString() };
      }
      await writeSaved(current);
    }
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE && name !== META) await caches.delete(name);
    }
    const meta = await caches.open(META);
    for (const request of await meta.keys()) {
      if (/\/offline\/(manifest|saved)-/.test(request.url) && !request.url.includes(`-${VERSION}.json`)) {
        await meta.delete(request);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  const reply = (data) => port && port.postMessage(data);
  if (message.type === "save") {
    event.waitUntil(save(message, (done, total) => reply({ type: "progress", done, total }))
      .then((entry) => reply({ type: "saved", entry }))
      .catch((error) => reply({ type: "error", message: String(error && error.message || error) })));
  } else if (message.type === "remove") {
    event.waitUntil(remove(message).then(() => reply({ type: "removed" }))
      .catch((error) => reply({ type: "error", message: String(error && error.message || error) })));
  }
});

// The offline page in the page's language, or in the other one if only that
// language has saved courses.
async function offlinePage(url, cache) {
  const rel = url.href.slice(ROOT.length);
  const pages = rel.startsWith("en/") ? ["en/utan-nat/", "utan-nat/"] : ["utan-nat/", "en/utan-nat/"];
  for (const page of pages) {
    const target = new URL(page, ROOT).href;
    if (target !== key(url.href) && await cache.match(target)) return target;
  }
  return null;
}

async function respond(event) {
  const request = event.request;
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key(request.url));
  if (request.mode === "navigate") {
    if (hit) {
      if (event.resultingClientId) fromCache.set(event.resultingClientId, true);
      return hit;
    }
    try {
      return await fetch(request);
    } catch (error) {
      const target = await offlinePage(url, cache);
      if (!target) {
        return new Response("<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>Inget nät</title>"
          + "<h1>Du är inte ansluten till internet</h1><p>Sidan är inte sparad för offline.</p>",
          { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
      }
      const from = url.href.slice(ROOT.length);
      return Response.redirect(`${target}?sida=${encodeURIComponent(from)}`, 302);
    }
  }
  if (hit && fromCache.get(event.clientId)) return hit;
  try {
    return await fetch(request);
  } catch (error) {
    if (hit) return hit;
    return new Response("", { status: 503, statusText: "Offline" });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Only this site's own files; other hosts are never touched.
  if (request.method !== "GET" || !own(request.url)) return;
  const path = request.url.slice(ROOT.length);
  if (path.startsWith("offline/") || path.split("?")[0] === "sw.js") return;
  event.respondWith(respond(event));
});
