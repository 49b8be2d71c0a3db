// Material keeps its own settings (colour scheme, tabs) with __md_get and
// __md_set, whose default argument `localStorage` throws where the browser
// blocks site data: the page's inline palette script and Material's bundle
// would stop there. Loaded right after Material defines them (main.html),
// this makes a blocked storage read as "nothing saved" instead.
(function () {
  var get = window.__md_get;
  var set = window.__md_set;
  if (typeof get === "function") {
    window.__md_get = function () {
      try { return get.apply(this, arguments); } catch (e) { return null; }
    };
  }
  if (typeof set === "function") {
    window.__md_set = function () {
      try { return set.apply(this, arguments); } catch (e) { return undefined; }
    };
  }
})();
