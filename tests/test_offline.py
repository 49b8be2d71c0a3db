"""Offline use: a course saved by the service worker works with the network
off (under the /digitalt-forst/ subpath), and the whole-site copy
(site/offline/digitalt-forst.zip) works from file://."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from digitaltforst.offline import ZIP_PATH, jsbundle, sitecopy

from test_accessibility import axe

COURSE = "natfiske"
TIMEOUT = 30000


def unique_word(site_dir: Path, lang: str, course: str) -> str:
    """A word of the search index found only on the course's pages."""
    folder = site_dir / "search" / lang
    location = {int(p.stem): json.loads(p.read_text(encoding="utf-8"))[0] for p in (folder / "d").glob("*.json")}
    for shard in sorted((folder / "t").glob("*.json")):
        for key, (df, ids, _) in json.loads(shard.read_text(encoding="utf-8"))["p"].items():
            if re.fullmatch(r"[a-zåäö]{7,}", key) and 1 < df == len(ids) \
                    and all(location[i].startswith(f"kurser/{course}/") for i in ids):
                return key
    pytest.fail(f"no word only in {course}")


def watch_hosts(context, allowed: str) -> list[str]:
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith((allowed, "data:", "blob:"))
               else outside.append(r.url))
    return outside


def saved_state(page, start: str) -> None:
    """Wait until the course's offline status begins with ``start``. (Locators,
    not wait_for_function: the site's CSP refuses the eval that needs.)"""
    page.locator("[data-dfs-offline-status]",
                 has_text=re.compile("^" + re.escape(start))).first.wait_for()


def search(page, word: str) -> None:
    """Type into Material's search box (keyboard shortcut "/") and wait for results."""
    page.keyboard.press("/")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item a", timeout=TIMEOUT)


def present_works(page) -> None:
    """"Visa som presentation" opens a styled slide (present.js and present.css loaded)."""
    page.click("[data-dfs-present]")
    page.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")
    assert page.locator(".dfs-present").evaluate("el => getComputedStyle(el).position") == "fixed"
    page.keyboard.press("Escape")
    page.wait_for_selector(".dfs-present", state="detached")


@pytest.mark.browser
def test_saved_course_works_offline(browser, server, site_dir):
    context = browser.new_context(base_url=server, locale="sv-SE")
    outside = watch_hosts(context, server.split("/digitalt-forst/")[0] + "/digitalt-forst/")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(f"kurser/{COURSE}/")
        assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)") is False
        assert page.evaluate("caches.keys()") == []  # nothing stored until the reader asks
        box = page.locator("[data-dfs-offline]")
        box.locator("button", has_text="Spara kursen för offline").click()
        saved_state(page, "Sparad för offline")
        assert axe(page) == []
        lessons = page.eval_on_selector_all(".dfs-lesson-list a", "els => els.map(a => a.href)")
        assert len(lessons) >= 3

        context.set_offline(True)
        for url in lessons:
            page.goto(url)
            assert "utan-nat" not in page.url
            assert page.locator(".dfs-lesson-header, [data-dfs-done]").count() > 0
        page.goto(lessons[0])
        page.click("[data-dfs-done] button")
        present_works(page)  # its code and styles load only now, from the saved course
        page.goto(f"kurser/{COURSE}/")
        page.wait_for_selector("[data-dfs-lesson-item][data-done='true']")

        word = unique_word(site_dir, "sv", COURSE)
        search(page, word)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
        assert hrefs and all(f"/kurser/{COURSE}/" in h for h in hrefs), hrefs
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url(re.compile(f"/kurser/{COURSE}/"))
        assert page.locator("h1").count() == 1

        page.goto("kurser/losenord/")  # not saved
        page.wait_for_url(re.compile("/utan-nat/"))
        assert "inte ansluten" in page.locator("h1").inner_text()
        page.wait_for_selector(f"[data-dfs-offline-saved='sv/{COURSE}'] a")
        assert axe(page) == []
        page.locator(f"[data-dfs-offline-saved='sv/{COURSE}'] a").click()
        page.wait_for_url(re.compile(f"/kurser/{COURSE}/$"))

        page.goto("mina-kurser/")
        row = page.locator(f"[data-dfs-offline-saved='sv/{COURSE}']")
        row.wait_for()
        assert re.search(r"\d+,\d MB", row.inner_text())
        assert axe(page) == []
        context.set_offline(False)
        row.locator("button", has_text="Ta bort").click()
        page.locator("[data-dfs-offline-list] [data-dfs-offline-status]", has_text="borttagen").wait_for()
        assert page.evaluate("caches.keys()") == []
        assert outside == [], outside
    finally:
        page.close()
        context.close()


@pytest.fixture(scope="module")
def unpacked(site_dir, tmp_path_factory) -> Path:
    archive = site_dir / ZIP_PATH
    assert archive.is_file(), "make site writes the zip"
    out = tmp_path_factory.mktemp("usb")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(out)
    return out / sitecopy.FOLDER


@pytest.mark.browser
def test_zip_works_from_file(browser, unpacked):
    context = browser.new_context(locale="sv-SE")
    outside = watch_hosts(context, "file://")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto((unpacked / "index.html").as_uri())
        # Five links deep: catalogue, course, first lesson, next lesson, handout.
        page.click(".md-content a[href$='kurser/index.html'] >> nth=0")
        page.wait_for_url(re.compile(r"/kurser/index\.html$"))
        page.click(f".dfs-card a[href*='{COURSE}/index.html']")
        page.wait_for_url(re.compile(f"/kurser/{COURSE}/index\\.html$"))
        pdf = page.locator("a[href$='.pdf']").first.get_attribute("href")
        assert (Path(unquote(urlsplit(page.url).path)).parent / pdf).resolve().is_file()
        page.click(".dfs-course a.md-button--primary")
        page.wait_for_url(re.compile(r"/01-[^/]+/index\.html$"))
        image = page.locator("article img").first
        image.scroll_into_view_if_needed()
        # decode() settles when the image has loaded (or fails): no polling.
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)") > 0
        page.click(".md-content a[href*='02-']")
        page.wait_for_url(re.compile(r"/02-[^/]+/index\.html$"))
        page.click("[data-dfs-done] button")  # progress works from a file
        page.reload()
        page.wait_for_selector("[data-dfs-done] button[aria-pressed='true']")
        present_works(page)
        page.goto((unpacked / "workshops" / "index.html").as_uri())
        page.click(f"a[href*='{COURSE}-deltagarblad/index.html']")
        page.wait_for_url(re.compile(r"deltagarblad/index\.html$"))
        assert page.locator("h1").count() == 1
        # Search from the files, and its result opens.
        search(page, "lösenord")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url(re.compile(r"index\.html"))
        assert page.locator("h1").count() == 1
        # English too, and the self-assessment.
        page.goto((unpacked / "en" / "index.html").as_uri())
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto((unpacked / "sjalvskattning" / "index.html").as_uri())
        for fieldset in page.locator("[data-statement]").all():
            fieldset.locator("input[value='5']").check()
        page.click("[data-dfs-self-assessment] button[type=submit]")
        page.wait_for_selector("[data-dfs-sa-result]:not([hidden])")
        assert outside == [], outside
    finally:
        page.close()
        context.close()


def test_zip_is_small_and_complete(site_dir):
    with zipfile.ZipFile(site_dir / ZIP_PATH) as zf:
        names = set(zf.namelist())
    prefix = sitecopy.FOLDER + "/"
    assert prefix + "index.html" in names and prefix + "en/index.html" in names
    assert prefix + "search/sv/files.js" in names and prefix + "search/en/files.js" in names
    assert not any(n.endswith((".map", ".json")) or "/lunr/" in n or n.endswith("sw.js") for n in names)
    assert not any(n.startswith(prefix + "offline/") for n in names)
    pdfs = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.pdf")}
    assert pdfs and {prefix + p for p in pdfs} <= names


def test_saved_course_and_zip_hold_every_module_the_pages_load(site_dir):
    """Every module app.js and the search worker load, also those loaded only
    when a page needs them (presentation mode, offline, search-core), and
    present.css, are in a saved course and in the whole-site copy."""
    from digitaltforst.offline import refs

    modules = refs.closure(site_dir, {"assets/js/app.js", "assets/js/search-worker.js"})
    assert {"assets/js/present-loader.js", "assets/js/present.js", "assets/js/offline.js",
            "assets/js/search-core.js", "assets/js/features/quiz.js"} <= modules
    manifest = json.loads((site_dir / "offline" / "manifest.json").read_text(encoding="utf-8"))
    for lang in ("sv", "en"):
        saved = set(manifest["shell"][lang]) | set(manifest["courses"][lang][COURSE]["files"])
        assert modules | {"assets/css/present.css"} <= saved, sorted(modules - saved)
    with zipfile.ZipFile(site_dir / ZIP_PATH) as zf:
        prefix = sitecopy.FOLDER + "/"
        assert prefix + "assets/css/present.css" in zf.namelist()
        bundle = zf.read(prefix + sitecopy.bundle_name("assets/js/app.js")).decode("utf-8")
    for module in modules - {"assets/js/search-worker.js", "assets/js/search-core.js"}:
        assert f"__dfsDefine({json.dumps(module)}" in bundle, module


def test_start_and_workshop_pages_link_the_zip_with_its_size(site_dir):
    size = (site_dir / ZIP_PATH).stat().st_size / 1048576
    for rel in ("index.html", "workshops/index.html", "en/index.html"):
        text = (site_dir / rel).read_text(encoding="utf-8")
        found = re.search(r'<p class="dfs-zip" data-dfs-zip>.*?data-dfs-zip-size>([\d,.]+) MB<', text)
        assert found, rel
        assert abs(float(found.group(1).replace(",", ".")) - size) < 0.1


def test_service_worker_carries_the_build_version(site_dir):
    manifest = json.loads((site_dir / "offline" / "manifest.json").read_text(encoding="utf-8"))
    text = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert f'const VERSION = "{manifest["version"]}";' in text
    course = manifest["courses"]["sv"][COURSE]
    assert f"kurser/{COURSE}/" in course["files"] and any(f.endswith(".pdf") for f in course["files"])
    assert any(f.startswith("search/sv/d/") for f in course["files"])
    # No other host anywhere in the worker's requests: it fetches only ROOT-relative URLs.
    assert "http" not in re.sub(r"//.*", "", text)


def test_bundler_turns_modules_into_classic_scripts(tmp_path):
    js = tmp_path / "assets" / "js"
    js.mkdir(parents=True)
    (js / "a.js").write_text('import * as b from "./b.js";\nimport { x as y, z } from "./b.js";\n'
                             'export const out = b.x + y + z;\nexport function f() { return import("./c.js"); }\n')
    (js / "b.js").write_text("export const x = 1;\nconst z = 2;\nexport { z };\n")
    (js / "c.js").write_text("export default 3;\n")
    code = jsbundle.entry_script(tmp_path, "assets/js/a.js")
    assert "import " not in code.replace("import(", "") and "export " not in code
    assert code.index('"assets/js/b.js", function') < code.index('"assets/js/a.js", function')
    (js / "bad.js").write_text('export * from "./b.js";\n')
    with pytest.raises(jsbundle.BundleError):
        jsbundle.entry_script(tmp_path, "assets/js/bad.js")


def test_copy_links_point_at_index_html(tmp_path):
    site = tmp_path
    (site / "kurser" / "x").mkdir(parents=True)
    (site / "kurser" / "x" / "index.html").write_text("x")
    (site / "index.html").write_text("y")
    page = ('<html><head><title>t</title></head><body><a href="kurser/x/#a">x</a> <a href=".">home</a> '
            '<a href="https://example.org/">out</a> <a href="#top">top</a>'
            '<script type="application/json" id="d">{"url": "kurser/x/", "n": 1}</script></body></html>')
    out = sitecopy.rewrite_page(site, "", page, {})
    assert 'href="kurser/x/index.html#a"' in out and 'href="./index.html"' in out
    assert 'href="https://example.org/"' in out and 'href="#top"' in out
    assert '"url":"kurser/x/index.html"' in out
    assert out.startswith('<html><head><script src="assets/js/dfs-file.js"></script><title>')


@pytest.mark.browser
def test_new_build_refreshes_saved_course_without_mixing(browser, site_dir, tmp_path):
    """A new build is a new service worker: it stores the changed lesson in a
    new cache while the old version keeps serving the old one, and takes over
    (deleting the old cache) once no page uses the old version."""
    import shutil

    from conftest import serve
    from digitaltforst.offline import manifest

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("*.pdf", "*.zip"))
    courses = {lang: [{"slug": slug, "title": c["title"]} for slug, c in found.items()]
               for lang, found in json.loads((copy / "offline" / "manifest.json").read_text())["courses"].items()}
    manifest.write(copy, courses, "sv")  # the copy without PDFs: its own manifest
    lesson = next((copy / "kurser" / COURSE).glob("01-*/index.html"))
    with serve(copy) as url:
        context = browser.new_context(base_url=url, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        try:
            page.goto(f"kurser/{COURSE}/")
            page.click("[data-dfs-offline-save]")
            saved_state(page, "Sparad")
            lesson_url = f"kurser/{COURSE}/{lesson.parent.name}/"
            lesson.write_text(lesson.read_text(encoding="utf-8").replace("</h1>", " NY VERSION</h1>", 1),
                              encoding="utf-8")
            new = manifest.write(copy, courses, "sv")["version"]
            state = page.evaluate("""async () => {
                const reg = await navigator.serviceWorker.getRegistration();
                await reg.update();
                const w = reg.installing || reg.waiting;
                if (w.state === "installing") await new Promise((done) => w.addEventListener("statechange", done));
                return w.state; }""")
            assert state == "installed"
            names = page.evaluate("caches.keys()")
            assert f"dfs-offline-{new}" in names and len([n for n in names if n != "dfs-offline-meta"]) == 2
            page.goto(lesson_url)  # still the old version, whole
            assert "NY VERSION" not in page.locator("h1").inner_text()
            # No page uses the old version any more: the new one takes over.
            page.goto(url.removesuffix("digitalt-forst/") + "utanfor/")  # outside the scope
            page.evaluate("""async (scope) => {
                const reg = await navigator.serviceWorker.getRegistration(scope);
                const w = reg.waiting;
                if (w) await new Promise((done) => w.addEventListener("statechange", () => { if (w.state === "activated") done(); }));
                while ((await caches.keys()).length > 2) await new Promise((done) => setTimeout(done, 50));
            }""", url)
            assert sorted(page.evaluate("caches.keys()")) == sorted(["dfs-offline-meta", f"dfs-offline-{new}"])
            page.goto(url + lesson_url)
            assert "NY VERSION" in page.locator("h1").inner_text()
        finally:
            page.close()
            context.close()


@pytest.fixture(scope="module")
def site_copy(site_dir, tmp_path_factory):
    """The built site's pages and what they load (no PDFs, no zip): a copy the
    tests below may change."""
    copy = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("*.pdf", "*.zip"))
    return copy


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_helper_process_makes_the_same_copy(site_copy, tmp_path):
    """Half the pages come from a second process: the copy is the same as one
    made here alone, page for page."""
    started = sitecopy.start(site_copy)
    assert started.rels, "no page went to the helper"
    helped = zip_members(sitecopy.write(site_copy, tmp_path / "helped.zip", started))
    alone = zip_members(sitecopy.write(site_copy, tmp_path / "alone.zip"))
    assert helped.keys() == alone.keys()
    assert [n for n in alone if helped[n] != alone[n]] == []
    lesson = next(r for r in started.rels if r.startswith("kurser/") and r.count("/") == 3)
    assert b'/index.html"' in helped[f"{sitecopy.FOLDER}/{lesson}"]  # made there, links rewritten


def test_a_page_changed_after_the_helper_read_it_is_copied_again(site_copy, tmp_path, monkeypatch):
    started = sitecopy.start(site_copy)
    rel = next(r for r in started.rels if r.endswith("/index.html") and r.startswith("kurser/"))
    page = site_copy / rel
    original = page.read_text(encoding="utf-8")
    helper_result = sitecopy.Started.result

    def result(self):
        made = helper_result(self)  # from the page as it was
        page.write_text(original.replace("</main>", "<p>Ändrad efteråt</p></main>", 1), encoding="utf-8")
        return made

    monkeypatch.setattr(sitecopy.Started, "result", result)
    try:
        members = zip_members(sitecopy.write(site_copy, tmp_path / "copy.zip", started))
    finally:
        page.write_text(original, encoding="utf-8")
    assert "Ändrad efteråt" in members[f"{sitecopy.FOLDER}/{rel}"].decode("utf-8")


def test_a_failed_helper_leaves_the_copy_whole(site_copy, tmp_path, caplog):
    rels = sorted(p.relative_to(site_copy).as_posix() for p in site_copy.rglob("*.html"))
    broken = sitecopy.Started(site_copy, [*rels[:3], "finns/inte/index.html"])
    with caplog.at_level("INFO", logger="mkdocs.plugins.digitaltforst.offline"):
        members = zip_members(sitecopy.write(site_copy, tmp_path / "copy.zip", broken))
    assert "hjälpprocessen misslyckades" in caplog.text
    for rel in rels[:3]:
        assert f"{sitecopy.FOLDER}/{rel}" in members
    assert members[f"{sitecopy.FOLDER}/{rels[0]}"].lstrip().startswith(b"<!doctype html>")


def test_without_a_zip_the_pages_are_scanned_for_the_same_manifest(site_copy):
    """`make serve` and a build without the zip only scan the pages (no copies,
    no helper process), and the manifest is the one a fresh scan gives."""
    from digitaltforst.offline import manifest, refs, steps

    saved = json.loads((site_copy / "offline" / "manifest.json").read_text(encoding="utf-8"))
    courses = {lang: [{"slug": slug, "title": c["title"]} for slug, c in items.items()]
               for lang, items in saved["courses"].items()}
    assert steps.start(site_copy, write_zip=False) is None
    copies = sitecopy.copy_pages(site_copy, None, copy=False)
    assert copies.pages == {} and copies.entries  # no copies, but the scans were made
    helped = manifest.build(site_copy, courses, "sv")
    refs._SCANS.clear()  # noqa: SLF001 - scanned again, here
    assert manifest.build(site_copy, courses, "sv") == helped
    assert helped["courses"]["sv"][COURSE]["files"]


def test_a_page_scan_finds_what_the_page_loads_and_links_to():
    """What the manifest follows: loaded files (not alternates or canonical
    links), module scripts, links, the search worker named in __config;
    entities decoded, valueless attributes and other tags' src ignored."""
    from digitaltforst.offline import refs

    found = refs.scan_html("""<!doctype html><html><head>
<link rel="stylesheet" href="assets/a.css"><link rel="alternate" href="../en/">
<link rel="canonical" href="https://example.org/x/"><link rel="Icon" href="fav.png">
<script id="__config" type="application/json">{"search": "assets/w.js", "x": "<\\/p>"}</script>
<script type="module" src="assets/js/app.js"></script></head>
<body><a href="../b/?q=1&amp;r=2#top">b</a><img src><img src="i.svg">
<video src="v.mp4" poster="p.png"></video><iframe src="f.html"></iframe>
<noscript><img src="n.png"></noscript></body></html>""")
    assert found.loads == ("assets/a.css", "fav.png", "assets/w.js", "assets/js/app.js", "i.svg",
                           "v.mp4", "p.png", "n.png")
    assert found.links == ("../b/?q=1&r=2#top",)
    assert found.modules == ("assets/js/app.js",)
