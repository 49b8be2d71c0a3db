"""The reader's data in a hostile browser (issue 22), in Chromium: storage
blocked, quota full, corrupt or newer data, partial scores, two tabs. Every
feature keeps working, the reader is told what happens to their data, and
no exception reaches the console."""
from __future__ import annotations

import json

import pytest

from digitaltforst.content.site import load_site
from digitaltforst.content.vocabulary import AREAS
from conftest import ROOT

pytestmark = pytest.mark.browser
KEY = "digitaltforst:data"
QUIZ_LESSON = "kurser/natfiske/02-vanliga-bedragerier/"

# Chromium with "block site data": even reading window.localStorage throws.
BLOCK_STORAGE = """for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, { configurable: true,
    get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
}"""
# The origin's quota is used up: every write throws, reads still work.
FILL_QUOTA = """() => { Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; }"""


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


class Console:
    """Exceptions and console errors of every tab in a context."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, tab):
        tab.on("pageerror", lambda e: self.errors.append(f"{tab.url}: {e}"))
        tab.on("console", lambda m: m.type == "error" and self.errors.append(f"{tab.url}: {m.text}"))
        tab.set_default_timeout(15000)
        return tab


@pytest.fixture()
def console(context):
    watcher = Console()
    yield watcher
    assert watcher.errors == [], "\n".join(watcher.errors)


@pytest.fixture()
def tab(context, console):
    return console.watch(context.new_page())


def answer_all(tab, model, value=4):
    for statement in model.data.self_assessment.statements:
        tab.check(f"[data-statement='{statement.id}'] input[value='{value}']")


def stored(tab):
    text = tab.evaluate(f"localStorage.getItem('{KEY}')")
    return None if text is None else json.loads(text)


def test_blocked_storage_keeps_every_feature_working(context, tab, model):
    context.add_init_script(BLOCK_STORAGE)
    tab.goto(QUIZ_LESSON)
    notice = tab.locator("#dfs-storage-notice")
    assert "Din webbläsare sparar inte framsteg just nu" in notice.inner_text()
    # The quiz gives feedback ...
    quiz = tab.locator("[data-dfs-quiz]").first
    quiz.locator("input[data-correct='true']").check()
    quiz.locator("[data-dfs-quiz-check]").click()
    assert quiz.locator(".dfs-quiz__feedback").inner_text().startswith("Rätt!")
    # ... and "Markera som klar" works for as long as the page is open.
    button = tab.locator("[data-dfs-done] button")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert tab.inner_text(".dfs-done__status") == "Lektionen är markerad som klar."
    tab.goto("sjalvskattning/")
    answer_all(tab, model)
    tab.click("[data-dfs-self-assessment] button[type=submit]")
    result = tab.locator("[data-dfs-sa-result]")
    result.wait_for()
    assert "finns bara kvar tills du lämnar sidan" in result.inner_text()
    assert result.locator("table").count() == 1
    tab.goto("mina-kurser/")
    assert "Inga ännu" in tab.inner_text("[data-dfs-my-body]")
    assert tab.locator("#dfs-storage-notice").is_visible()


def test_full_quota_says_so_and_keeps_what_was_saved(tab):
    tab.goto("kurser/natfiske/01-vad-ar-natfiske/")
    button = tab.locator("[data-dfs-done] button")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    before = stored(tab)
    tab.evaluate(FILL_QUOTA)
    button.click()  # try to undo: cannot be saved
    status = tab.locator(".dfs-done__status")
    assert "lagringsutrymme är fullt" in status.inner_text()
    assert "inte sparad" in status.inner_text()
    assert button.get_attribute("aria-pressed") == "true"  # the page shows what is stored
    assert stored(tab) == before
    tab.reload()
    assert tab.get_attribute("[data-dfs-done] button", "aria-pressed") == "true"


def test_full_quota_on_the_self_assessment_still_shows_the_result(tab, model):
    tab.goto("sjalvskattning/")
    tab.evaluate(FILL_QUOTA)
    answer_all(tab, model, 5)
    tab.click("[data-dfs-self-assessment] button[type=submit]")
    result = tab.locator("[data-dfs-sa-result]")
    result.wait_for()
    assert "lagringsutrymme är fullt" in result.inner_text()
    assert "5,0" in result.locator("table").inner_text()
    assert stored(tab) is None


@pytest.mark.parametrize(("text", "label"), [
    ("{trasig", "Gick inte att läsa"),
    (json.dumps({"version": 99, "progress": {}, "assessments": []}), "nyare version"),
])
def test_unreadable_or_newer_data_is_set_aside_and_offered_for_download(tab, tmp_path, text, label):
    tab.goto("kurser/natfiske/01-vad-ar-natfiske/")
    tab.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])
    tab.reload()
    notice = tab.locator("#dfs-storage-notice")
    assert "har lagts åt sidan" in notice.inner_text()
    tab.click("[data-dfs-done] button")  # the page works with fresh data
    assert tab.get_attribute("[data-dfs-done] button", "aria-pressed") == "true"
    notice.get_by_role("link", name="Gå till Mina kurser").click()
    tab.wait_for_url("**/mina-kurser/")
    section = tab.locator(".dfs-set-aside")
    assert tab.inner_text("#undanlagda") == "Undanlagda uppgifter"
    assert label in section.inner_text()
    with tab.expect_download() as download:
        section.get_by_role("button", name="Ladda ner").click()
    saved = tmp_path / "undanlagt.txt"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == text
    assert "1 av" in tab.inner_text("[data-dfs-my-body]")  # the new progress is there too
    tab.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Ta bort").click()
    tab.wait_for_selector("text=De undanlagda uppgifterna är borttagna.")
    assert tab.locator(".dfs-set-aside").count() == 0
    assert tab.evaluate("Object.keys(localStorage).filter(k => k.includes('backup'))") == []


def test_partial_scores_from_the_first_version_show_instead_of_a_blank_page(tab, model):
    v1 = {"version": 1, "progress": [], "name": "",
          "assessment": {"date": "2026-05-02T08:00:00Z", "answers": {}, "scores": {"1": 5}}}
    tab.goto("mina-kurser/")
    tab.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(v1)])
    tab.reload()
    rows = tab.locator("[data-dfs-my-body] table tr")
    assert rows.count() == len(AREAS)
    assert rows.first.inner_text().split("\t")[-1].strip() == "5,0"
    assert rows.nth(1).inner_text().split("\t")[-1].strip() == "–"
    tab.goto("sjalvskattning/")
    result = tab.locator("[data-dfs-sa-result]")
    result.wait_for()
    assert "5,0 (" in result.locator("table").inner_text()
    assert result.locator(".dfs-recommendations > li").count() == 1  # only the area with a score


def test_two_tabs_add_up_and_show_each_other_s_changes(context, console, model):
    course = next(c for c in model.courses["sv"] if c.slug == "natfiske")
    first, second = (f"kurser/natfiske/{lesson.stem}/" for lesson in course.lessons[:2])
    a, b, overview = (console.watch(context.new_page()) for _ in range(3))
    a.goto(first)
    b.goto(second)
    overview.goto("kurser/natfiske/")
    a.click("[data-dfs-done] button")
    b.click("[data-dfs-done] button")  # b never reloaded: it must not overwrite a's mark
    progress = stored(b)["progress"]
    assert {course.lessons[0].id, course.lessons[1].id} <= set(progress)
    # The open course page follows both tabs without a reload.
    line = overview.locator("[data-dfs-progress='natfiske']")
    line.filter(has_text=f"2 av {len(course.lessons)} lektioner klara").wait_for()
    # The same lesson in two tabs: undoing in one shows in the other.
    other = console.watch(context.new_page())
    other.goto(first)
    assert other.get_attribute("[data-dfs-done] button", "aria-pressed") == "true"
    a.click("[data-dfs-done] button")
    other.wait_for_selector("[data-dfs-done] button[aria-pressed='false']")


@pytest.mark.parametrize(("data", "fragment"), [
    ("not json at all", "JSON"),
    (json.dumps({"hello": "world"}), "Digitalt först"),
    (json.dumps({"app": "digitaltforst", "data": {"version": 99}}), "nyare version"),
    (json.dumps({"app": "digitaltforst", "data": {"version": 2, "progress": {"../x": None}, "assessments": [],
                                                  "profile": {"name": "", "municipality": ""}}}), "lektionsmarkering"),
    (json.dumps({"app": "digitaltforst", "data": {"version": 2, "progress": {}, "assessments": [
        {"date": "2026-01-01", "answers": {"a": 9}, "scores": {}}], "profile": {"name": "", "municipality": ""}}}), "1–7"),
    (json.dumps({"app": "digitaltforst", "data": {"version": 2, "progress": {}, "assessments": [
        {"date": "2026-01-01", "answers": {}, "scores": {"1": "5"}}], "profile": {"name": "", "municipality": ""}}}),
     "medelvärde som inte är ett tal"),
])
def test_rejected_import_files_say_why_in_swedish(tab, tmp_path, data, fragment):
    tab.goto("mina-kurser/")
    path = tmp_path / "fil.json"
    path.write_text(data, encoding="utf-8")
    tab.set_input_files("[data-dfs-my-body] input[type=file]", str(path))
    message = tab.locator(".dfs-my__message")
    message.filter(has_text="lästes inte in").wait_for()
    assert fragment in message.inner_text()
    assert "tidigare uppgifter är kvar" in message.inner_text()
    assert stored(tab) is None
