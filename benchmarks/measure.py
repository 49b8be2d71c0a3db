"""Measurements: builds, page weight in Chromium, validator, PDFs, profile, serve."""
from __future__ import annotations

import contextlib
import cProfile
import gzip
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from digitaltforst.pdf import localserver

from .corpus import Corpus
from .util import cold_validate_child, median, repo_root


def build_env(pdf: bool = False) -> dict[str, str]:
    # The whole-site copy (offline zip) is written with the PDFs, in the real
    # project's build (measure_pdf, measure_offline), not in the timed builds.
    return dict(os.environ, DIGITALTFORST_PDF="1" if pdf else "0",
                DIGITALTFORST_ZIP="1" if pdf else "0", NO_MKDOCS_2_WARNING="1",
                PYTHONDONTWRITEBYTECODE="1")


def tail(text: str, lines: int = 6) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())


def timed_build(project: Path, out: Path, timeout: float = 1800,
                keep_cache: bool = False) -> tuple[float | None, str]:
    """`python -m mkdocs build -q -d OUT` in PROJECT; wall seconds incl. start-up."""
    if out.exists():
        shutil.rmtree(out)  # outside the timing, the same for both configurations
    # A cold build starts like a fresh checkout: no .cache/ (search lexicon,
    # PDFs) left by an earlier run; a warm one keeps the previous build's.
    if not keep_cache:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                              cwd=project, env=build_env(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"bygget tog mer än {timeout:.0f} s"
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return None, f"mkdocs build avslutades med {done.returncode}: {tail(done.stderr)}"
    return seconds, ""


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def site_prefix(project: Path) -> str:
    """The URL path the site lives under (from site_url), e.g. /digitalt-forst/."""
    from urllib.parse import urlsplit

    from .util import read_config

    path = urlsplit(read_config(project).get("site_url") or "").path or "/"
    return path if path.endswith("/") else path + "/"


def serve_dir(site: Path, prefix: str = "/"):
    """Serve SITE on 127.0.0.1 under PREFIX (like GitHub Pages); yields the base URL."""
    # LinkChecker only exceeds 10 requests/s to hosts that send this header.
    return localserver.serve(site, prefix, headers={"LinkChecker": "digitaltforst-bench"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lesson_pages(site: Path, lessons: list[tuple[str, str]]) -> list[tuple[str, int]]:
    out = []
    for slug, stem in lessons:
        path = site / "kurser" / slug / stem / "index.html"
        if path.is_file():
            out.append((f"kurser/{slug}/{stem}/", path.stat().st_size))
    return out


def median_lesson(site: Path, lessons: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The synthetic Swedish lesson page with the median HTML size."""
    pages = sorted(lesson_pages(site, lessons), key=lambda p: (p[1], p[0]))
    if not pages:
        return None
    path, raw = pages[(len(pages) - 1) // 2]
    data = (site / path / "index.html").read_bytes()
    return {"path": path, "raw": raw, "gz": gz(data), "pages": len(pages),
            "min": pages[0][1], "max": pages[-1][1]}


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                            else os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError):
        model = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        info["cpu"] = model.group(1).strip() if model else platform.processor()
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "playwright"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = None
    try:
        root = repo_root()
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=30).stdout
        info["commit"] = head or None
        info["changed_files"] = len(dirty.splitlines())
    except (OSError, subprocess.SubprocessError):
        info["commit"] = None
    try:
        out = subprocess.run(["linkchecker", "--version"], capture_output=True, text=True,
                             timeout=30).stdout
        match = re.search(r"LinkChecker\s+(\S+)", out)
        info["linkchecker"] = match.group(1) if match else None
    except (OSError, subprocess.SubprocessError):
        info["linkchecker"] = None
    return info


def cold_validation(project: Path, runs: int = 3) -> dict[str, Any]:
    """The validator as `make validate` runs it: ``runs`` fresh processes
    (cold: interpreter, imports, mkdocs.yml and every file each time), after
    one untimed first run that writes the bytecode (its time is kept as
    ``first_run``). Seconds are the median."""
    pycache = Path(tempfile.mkdtemp(prefix="dfs-bench-pycache-"))
    try:
        first, findings, reason = cold_validate_child(project, pycache)
        times = []
        for _ in range(runs if first is not None else 0):
            seconds, findings, reason = cold_validate_child(project, pycache)
            if seconds is None:
                break
            times.append(seconds)
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
    if len(times) < runs or findings is None:
        return {"seconds": None, "runs": times, "first_run": first, "reason": reason,
                "errors": "n/a", "warnings": "n/a", "by_rule": {}, "first_errors": []}
    errors = [f for f in findings if f["severity"] == "error"]
    rules: dict[str, int] = {}
    for f in findings:
        rules[f["rule"]] = rules.get(f["rule"], 0) + 1
    return {"seconds": median(times), "runs": times, "first_run": first, "cold": True,
            "errors": len(errors), "warnings": len(findings) - len(errors), "by_rule": rules,
            "first_errors": [f"{f['file']}:{f['line']}: {f['rule']}: {f['message']}"
                             for f in errors][:5]}


def measure_validator(project: Path, runs: int = 3) -> dict[str, Any]:
    """What the goal (≤ 2 s at 1000 lessons) is about: see cold_validation."""
    return cold_validation(project, runs)


# Fragments that once made a scanner pattern backtrack quadratically when
# repeated along one line (issue 23); tests/test_security.py checks the findings.
LONG_LINE_UNITS = ("![a](", "<a ", "](", "{", "`a ", "[", "<!--", '<span lang="en">', "<http:", "a-")


def measure_long_lines(project: Path, tmp: Path, length: int = 100_000) -> dict[str, Any]:
    """The validator on the real project, with and without one page of ten
    100 KB lines of those fragments: the extra seconds that page costs."""
    copy = tmp / "long-lines"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*", ".cache", ".venv",
                                                             "node_modules", ".git"))
    plain = measure_validator(copy)
    body = "\n\n".join(unit * (length // len(unit)) for unit in LONG_LINE_UNITS)
    (copy / "docs" / "langa-rader.md").write_text("---\ntitle: Långa rader\n---\n\n" + body + "\n",
                                                 encoding="utf-8")
    long = measure_validator(copy)
    shutil.rmtree(copy, ignore_errors=True)
    if plain["seconds"] is None or long["seconds"] is None:
        return {"reason": plain.get("reason") or long.get("reason")}
    return {"lines": len(LONG_LINE_UNITS), "length": length, "plain": plain["seconds"],
            "with_page": long["seconds"], "extra": long["seconds"] - plain["seconds"],
            "per_line": (long["seconds"] - plain["seconds"]) / len(LONG_LINE_UNITS),
            "findings": long["errors"] + long["warnings"]}


LC_SUMMARY = re.compile(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. "
                        r"(\d+) errors? found")


def measure_linkchecker(site: Path, prefix: str, tmp: Path, cap: float) -> dict[str, Any]:
    if shutil.which("linkchecker") is None:
        return {"seconds": None, "reason": "linkchecker saknas (Debian-paketet linkchecker)"}
    # LinkChecker drops root privileges to `nobody`: its config must be world-readable.
    conf_dir = Path(tempfile.mkdtemp(prefix="lc-", dir=tmp))
    conf_dir.chmod(0o755)
    conf = conf_dir / "linkcheckerrc"
    conf.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    conf.chmod(0o644)
    with serve_dir(site, prefix) as base:
        cmd = ["linkchecker", "-f", str(conf), "--no-status", base]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=cap)
        except subprocess.TimeoutExpired:
            _stop(proc)
            seconds = time.perf_counter() - started
            return {"seconds": None, "lower_bound": seconds, "finished": False,
                    "reason": f"avbruten efter {seconds:.0f} s (tidsgräns), inte klar"}
        seconds = time.perf_counter() - started
    match = LC_SUMMARY.search(out or "")
    result: dict[str, Any] = {"seconds": seconds, "finished": True, "exit": proc.returncode,
                              "command": " ".join(cmd[:-1] + ["http://127.0.0.1:PORT" + prefix])}
    if match:
        result.update(links=int(match.group(1)), urls=int(match.group(2)),
                      warnings=int(match.group(3)), errors=int(match.group(4)))
    else:
        result["reason"] = f"ingen sammanfattning i utdata: {tail(out or '')}"
    if result.get("errors"):
        result["error_urls"] = sorted(set(re.findall(r"^URL\s+`([^']*)'", out, re.M)))[:10]
    return result


def _stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """Stop a process we started (and its own process group), bounded waits."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


PDF_LINE = re.compile(r"PDF: (\d+) av (\d+) filer skrivna på ([\d.]+) s \(([\d.]+) s per fil\)")


def measure_pdf(src: Path, tmp: Path) -> dict[str, Any]:
    """`DIGITALTFORST_PDF=1 python -m digitaltforst.cli build` on a copy: empty PDF cache."""
    work = tmp / "pdf-project"
    work.mkdir()
    shutil.copyfile(src / "mkdocs.yml", work / "mkdocs.yml")
    for name in ("docs", "data", "overrides"):
        shutil.copytree(src / name, work / name)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "digitaltforst.cli", "build", str(work / "site")],
                              cwd=work, env=build_env(pdf=True), capture_output=True, text=True,
                              timeout=900)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "reason": "tog mer än 900 s"}
    wall = time.perf_counter() - started
    match = PDF_LINE.search(done.stdout + done.stderr)
    if done.returncode != 0 or not match:
        return {"seconds": None, "wall": wall,
                "reason": f"bygget avslutades med {done.returncode}: "
                          f"{tail(done.stdout + done.stderr)}"}
    return {"written": int(match.group(1)), "files": int(match.group(2)),
            "seconds": float(match.group(3)), "per_file": float(match.group(4)), "wall": wall,
            "offline": measure_offline(work / "site", done.stdout + done.stderr)}


OFFLINE_LINE = re.compile(r"Offline: \S+ (\d+) byte, en sparad kurs (\d+)–(\d+) byte, på ([\d.]+) s")


def measure_offline(site: Path, output: str = "") -> dict[str, Any]:
    """The whole-site copy's size and what saving one course stores (bytes,
    from offline/manifest.json: the course and its language's shell)."""
    archive = site / "offline" / "digitalt-forst.zip"
    manifest_file = site / "offline" / "manifest.json"
    if not archive.is_file() or not manifest_file.is_file():
        return {"reason": "ingen offlinekopia eller manifest i bygget"}
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    per_course = {}
    for lang, courses in manifest["courses"].items():
        for slug, course in courses.items():
            paths = set(manifest["shell"][lang]) | set(course["files"])
            per_course[f"{lang}/{slug}"] = {"bytes": sum(manifest["files"][p][1] for p in paths),
                                            "files": len(paths),
                                            "gzip": sum(gz(refs_file(site, p).read_bytes()) for p in paths)}
    match = OFFLINE_LINE.search(output)
    return {"zip_bytes": archive.stat().st_size, "courses": per_course,
            "seconds": float(match.group(4)) if match else None}


def refs_file(site: Path, path: str) -> Path:
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def _profile_child(project: str, out: str, result: str) -> int:
    """Runs in a subprocess: one in-process build under cProfile."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(project)
    config = load_config(str(Path(project) / "mkdocs.yml"), site_dir=out)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build(config)
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    import digitaltforst
    package = str(Path(digitaltforst.__file__).resolve().parent)
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        if not filename.startswith(package):
            continue
        name = filename[len(package) + 1:] if filename.startswith(package) else filename
        rows.append({"function": f"{name}:{line}({func})", "calls": ncalls,
                     "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: -r["cumtime"])
    # Where the time goes: self time per package (site-packages folder, ours, stdlib).
    by_package: dict[str, float] = {}
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_package[_package_of(filename, package)] = \
            by_package.get(_package_of(filename, package), 0.0) + tottime
    Path(result).write_text(json.dumps({"total": total, "pages": html_pages(Path(out)),
                                        "top": rows[:10], "by_package": by_package}),
                            encoding="utf-8")
    return 0


def _package_of(filename: str, package: str) -> str:
    if filename.startswith(package) or "/digitaltforst/" in filename:
        return "digitaltforst"
    match = re.search(r"site-packages/([^/]+)", filename)
    if match:
        name = match.group(1)
        return name[:-3] if name.endswith(".py") else name
    if filename.startswith(("~", "<")):
        return "inbyggda funktioner (C), bl.a. re och str"
    if "/overrides/" in filename:
        return "overrides (mallar)"
    return "Pythons standardbibliotek"


def measure_profile(project: Path, tmp: Path) -> dict[str, Any]:
    out, result = tmp / "profile-site", tmp / "profile.json"
    try:
        # The child chdirs into the project itself; it starts in the repository
        # so that `python -m benchmarks` finds this package.
        done = subprocess.run([sys.executable, "-m", "benchmarks", "--profile-child",
                               str(project), str(out), str(result)], cwd=repo_root(),
                              # Every language in the one profiled process (no fork).
                              env={**build_env(), "DIGITALTFORST_PARALLEL": "0"},
                              capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"reason": "tog mer än 1800 s"}
    if done.returncode != 0 or not result.is_file():
        return {"reason": f"profileringen misslyckades: {tail(done.stderr)}"}
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(result.read_text(encoding="utf-8"))


def _log_problem(log: Path) -> str:
    """The warnings and errors in a server log (else its last lines)."""
    text = log.read_text("utf-8", "replace")
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()
             if re.match(r"\s*(WARNING|ERROR|Error|Aborted|Traceback)", line)]
    return " | ".join(lines[-4:]) if lines else tail(text, 3)


@dataclass
class Server:
    mode: str
    flags: list[str]
    n: int
    project: Path
    lesson: tuple[str, str]
    port: int
    log: Path
    locale: str | None = None
    command: str = "preview"
    edits: int = 3
    proc: subprocess.Popen | None = None
    started: float = 0.0
    ready: float | None = None
    reason: str = ""

    def url(self, prefix: str) -> str:
        slug, stem = self.lesson
        return f"http://127.0.0.1:{self.port}{prefix}kurser/{slug}/{stem}/"


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass
class ServeMode:
    flags: list[str]
    corpus: "Corpus"
    locale: str | None = None  # `make serve LOCALE=…`: build only this language
    # "preview": `make serve` (python -m digitaltforst.cli serve, build/preview.py);
    # "mkdocs": plain `mkdocs serve --livereload FLAGS`, for comparison.
    command: str = "preview"
    edits: int = 3  # saves timed one after another (each waits for the last)


def serve_command(mode: ServeMode | "Server", port: int) -> list[str]:
    if mode.command == "preview":
        return [sys.executable, "-m", "digitaltforst.cli", "serve", "--dev-addr",
                f"127.0.0.1:{port}", *mode.flags]
    return [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
            "--livereload", *mode.flags]


def _seen_in_browser(browser, url: str, source: Path, marker: str, timeout: float) -> dict:
    """Open URL, append MARKER to SOURCE, wait until the open page shows it
    (only the server's live reload can put it there); seconds from the write."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        started = time.perf_counter()
        with open(source, "a", encoding="utf-8") as fh:
            fh.write(f"\n\n{marker}\n")
        try:
            page.get_by_text(marker).wait_for(timeout=timeout * 1000)
        except Exception:
            return {"reason": f"sidan i Chromium visade inte ändringen inom {timeout:.0f} s"}
        return {"seconds": time.perf_counter() - started}
    finally:
        page.close()
        context.close()


def _seen_over_http(url: str, source: Path, marker: str, timeout: float, proc) -> dict:
    started = time.perf_counter()
    with open(source, "a", encoding="utf-8") as fh:
        fh.write(f"\n\n{marker}\n")
    while time.perf_counter() - started < timeout:
        body = _get(url)
        if body is not None and marker in body:
            return {"seconds": time.perf_counter() - started}
        if proc.poll() is not None:
            return {"reason": "servern avslutades under ombyggnaden"}
        time.sleep(0.05)
    return {"reason": f"ändringen syntes inte inom {timeout:.0f} s"}


def measure_serve(tmp: Path, modes: dict[str, ServeMode], startup_timeout: float,
                  reload_timeout: float,
                  while_starting: Callable[[], Any] | None = None) -> tuple[dict[str, Any], Any]:
    """Start `mkdocs serve` per mode (own copy of its corpus), then time one reload each.

    The servers start together (their start-up is not what is measured) and
    ``while_starting`` (other untimed work) runs meanwhile. The reloads are then
    timed one at a time, with nothing else running: append a line to one lesson,
    poll the page over HTTP until the line is there; then append another with
    the page open in Chromium and wait until the page shows it (the server's
    live reload).
    """
    servers = []
    for mode, spec in modes.items():
        copy = tmp / f"serve-{mode}"
        shutil.copytree(spec.corpus.project, copy)
        lessons = spec.corpus.info["lessons"]
        servers.append(Server(mode, spec.flags, spec.corpus.n, copy, lessons[len(lessons) // 2],
                              free_port(), tmp / f"serve-{mode}.log", spec.locale,
                              spec.command, spec.edits))
    prefix = site_prefix(servers[0].project) if servers else "/"
    results: dict[str, Any] = {}
    side = None
    try:
        for s in servers:
            cmd = serve_command(s, s.port)
            with open(s.log, "w", encoding="utf-8") as log_fh:
                env = build_env()
                if s.locale:
                    env["DIGITALTFORST_LOCALE"] = s.locale
                s.proc = subprocess.Popen(cmd, cwd=s.project, env=env,
                                          stdout=log_fh, stderr=subprocess.STDOUT,
                                          start_new_session=True)
            s.started = time.perf_counter()
        if while_starting is not None:
            side = while_starting()
        deadline = time.perf_counter() + startup_timeout
        waiting = list(servers)
        while waiting and time.perf_counter() < deadline:
            for s in list(waiting):
                if s.proc.poll() is not None:
                    s.reason = (f"`mkdocs serve {' '.join(s.flags)}` avslutades med "
                                f"{s.proc.returncode}: {_log_problem(s.log)}")
                    waiting.remove(s)
                elif _get(s.url(prefix), timeout=2) is not None:
                    s.ready = time.perf_counter() - s.started
                    waiting.remove(s)
            time.sleep(0.5)
        for s in waiting:
            s.reason = f"servern svarade inte inom {startup_timeout:.0f} s"
        browser = _start_browser()
        try:
            for s in servers:
                results[s.mode] = _time_reloads(s, prefix, reload_timeout, browser)
                _stop(s.proc)
        finally:
            if browser is not None:
                browser[1].close()
                browser[0].stop()
    finally:
        for s in servers:
            if s.proc is not None:
                _stop(s.proc)
    return results, side


def _start_browser():
    """(playwright, browser) or None (then reloads are timed over HTTP only)."""
    try:
        from playwright.sync_api import sync_playwright

        from digitaltforst.pdf.browser import find_chromium, launch_args
    except ImportError:
        return None
    chromium = find_chromium()
    if chromium is None:
        return None
    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=chromium, args=launch_args())


def _time_reloads(s: "Server", prefix: str, timeout: float, browser) -> dict[str, Any]:
    """Each save: in Chromium (write -> the open page shows it), and over HTTP
    (write -> the server returns it; what a browser without live reload sees
    after pressing reload)."""
    entry: dict[str, Any] = {"flags": s.flags, "n": s.n, "startup": s.ready, "locale": s.locale,
                             "command": s.command, "load": os.getloadavg()[0]}
    if s.ready is None:
        entry["reason"] = s.reason
        return entry
    slug, stem = s.lesson
    source = s.project / "docs" / "kurser" / slug / f"{stem}.md"
    url = s.url(prefix)
    seen, http = [], []
    for i in range(s.edits):
        got = _seen_over_http(url, source, f"Benchmarkmarkör {s.mode} http {i} "
                              f"{random.randrange(10**9)}", timeout, s.proc)
        if "seconds" not in got:
            entry["reason"] = (f"servern avslutades under ombyggnaden: {_log_problem(s.log)}"
                               if s.proc.poll() is not None else got["reason"])
            break
        http.append(got["seconds"])
        if browser is not None:
            # A browser that never reloads by itself (plain `mkdocs serve`: the
            # CSP refuses its script) is given the HTTP time and 20 s more.
            limit = got["seconds"] + 20.0
            got = _seen_in_browser(browser[1], url, source,
                                   f"Benchmarkmarkör {s.mode} {i} {random.randrange(10**9)}", limit)
            if "seconds" in got:
                seen.append(got["seconds"])
            else:
                entry.setdefault("browser_reason", got["reason"])
    entry["browser_runs"] = seen
    entry["http_runs"] = http
    if seen:
        entry["browser"] = median(seen)
    if http:
        entry["reload"] = median(http)
    if browser is None:
        entry.setdefault("browser_reason", "ingen Chromium/Playwright")
    entry["load_after"] = os.getloadavg()[0]
    return entry


def measure_browser(sites: dict[str, Path], prefix: str, page_path: str,
                    words: tuple[str, ...]) -> dict[str, Any]:
    """First lesson view and first search result in Chromium, per site."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {label: {"reason": "Playwright saknas"} for label in sites}
    from digitaltforst.pdf.browser import find_chromium, launch_args

    chromium = find_chromium()
    if chromium is None:
        return {label: {"reason": "hittar ingen Chromium"} for label in sites}
    results: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=launch_args())
        results["_chromium"] = browser.version
        try:
            for label, site in sites.items():
                with serve_dir(site, prefix) as base:
                    try:
                        results[label] = _browse(browser, base, page_path, words[0])
                        results[label]["search"]["word"] = words[0]
                        results[label]["search_more"] = {
                            w: _browse(browser, base, page_path, w)["search"] for w in words[1:]}
                    except Exception as exc:  # a broken page must not stop the benchmark
                        results[label] = {"reason": f"{type(exc).__name__}: {exc}"[:300]}
        finally:
            browser.close()
    return results


def _browse(browser, base: str, page_path: str, word: str) -> dict[str, Any]:
    from urllib.parse import urlsplit

    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 800})
    phase = ["view"]
    finished: list[tuple[str, Any]] = []
    failed: list[tuple[str, str, str]] = []
    context.on("requestfinished", lambda req: finished.append((phase[0], req)))
    context.on("requestfailed", lambda req: failed.append((phase[0], req.url, req.failure or "")))
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(base + page_path, wait_until="load", timeout=60_000)
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=15_000)
        view_seconds = time.perf_counter() - started
        n_view = len(finished)
        phase[0] = "search"
        search: dict[str, Any] = {}
        t_search = time.perf_counter()
        page.keyboard.press("s")  # Material's keyboard shortcut for the search
        focused = page.evaluate(
            "() => !!document.activeElement && document.activeElement.matches('input.md-search__input')")
        if not focused:
            page.click("input.md-search__input", timeout=5_000)
        page.keyboard.type(word, delay=40)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            search["seconds"] = time.perf_counter() - t_search
            search["results"] = page.locator(".md-search-result__item").count()
        except Exception:
            search["reason"] = "inget sökresultat inom 30 s"
        n_search = len(finished)
        records = []
        for i, (ph, req) in enumerate(finished[:n_search]):
            resp = req.response()
            body, error = b"", ""
            if resp is not None and not (300 <= resp.status < 400):
                try:
                    body = resp.body()
                except Exception as exc:
                    error = str(exc)[:80]
            host = urlsplit(req.url).hostname or ""
            records.append({"url": req.url, "type": req.resource_type, "phase": ph,
                            "status": resp.status if resp else None, "raw": len(body),
                            "gz": gz(body) if body else 0, "error": error,
                            "third_party": urlsplit(req.url).scheme in ("http", "https")
                            and host not in ("127.0.0.1", "localhost")})
    finally:
        context.close()

    def total(rows, key):
        return sum(r[key] for r in rows)

    view = [r for r in records if r["phase"] == "view"]
    groups: dict[str, int] = {}
    for r in view:
        kind = {"document": "html", "stylesheet": "css", "script": "js", "font": "font",
                "image": "image", "fetch": "data", "xhr": "data"}.get(r["type"], "other")
        groups[kind] = groups.get(kind, 0) + r["gz"]
    third = sorted({r["url"] for r in records if r["third_party"]}
                   | {url for _, url, _ in failed
                      if urlsplit(url).hostname not in (None, "127.0.0.1", "localhost")})
    search.update(requests=len(records), raw=total(records, "raw"), gz=total(records, "gz"),
                  extra_gz=total([r for r in records if r["phase"] == "search"], "gz"),
                  extra_requests=len([r for r in records if r["phase"] == "search"]))
    if "reason" in search:
        search["gz"] = None
    return {
        "url_path": page_path,
        "view": {"requests": n_view, "raw": total(view, "raw"), "gz": total(view, "gz"),
                 "by_type_gz": groups, "seconds": view_seconds,
                 "search_index_gz": total([r for r in view if "/search/" in r["url"]
                                           or "search_index" in r["url"]], "gz")},
        "search": search,
        "third_party": third,
        "failed": [f"{url} ({why})" for _, url, why in failed][:10],
        "requests": [{k: r[k] for k in ("url", "type", "phase", "status", "gz")} for r in records],
    }


# --------------------------------------------------------------------------
