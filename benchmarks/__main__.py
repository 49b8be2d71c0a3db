"""`make bench`: measure build time, page weight, validator and reload speed.

Usage: python -m benchmarks [--quick | --full] [--sizes 100,500,1000]
                                     [--budget SECONDS] [--keep]

Modes: the standard run (`make bench`) stays within --budget (540 s): one
build of each configuration per size, then more runs for the median only while
they fit, and the profile and `mkdocs serve` measurements on the 500-lesson
corpus. --full measures everything on the largest corpus with 3/3/2 runs and
linkchecker without a time limit (about 20 minutes on 2 cores). --quick is a
smoke test on 100 lessons.

For each corpus size N the benchmark writes a site to a temporary folder: the
real project (mkdocs.yml, overrides/, data/ and every page under docs/, with
its real courses) plus synthetic courses of 8 lessons until the site has N
lessons in total. The synthetic lessons are filled in from the lesson scaffold
(content/lesson_template.md) with sentences, headings and goals drawn from the real
lessons, an admonition, an exercise, a ```quiz knowledge check, an SVG image
with alt text and relative links to other lessons; every fourth synthetic
course is also translated (NAME.en.md). The corpus must pass the validator.

Each corpus is built as a subprocess (`python -m mkdocs build`), with the
project's configuration (PDFs off) and with a stock Material configuration of
the same pages (search plugin only, no navigation.prune, no custom_dir, quiz
fences as plain code blocks). Then: page weight in Chromium and the validator
against linkchecker on the largest corpus, the real project's PDFs once, a
cProfile of the project build and the `make serve` edit-to-visible time (the
preview of build/preview.py, in Chromium and over HTTP) on the real site and
on the largest corpus, with plain `mkdocs serve` on the real site beside it.

The report is a Markdown table on stdout (progress goes to stderr); the
numbers are also written to .cache/bench/results.json. Nothing is faked: a
measurement that cannot be made is reported as n/a with the reason.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .corpus import Corpus, build_pools, make_corpus, make_replicated, make_stock, real_lesson_count
from .measure import (ServeMode, _profile_child, html_pages, machine_info, measure_browser,
                      measure_linkchecker, measure_pdf, measure_profile, measure_serve,
                      measure_long_lines, measure_validator, median_lesson, site_prefix, timed_build)
from .report import report
from .util import QUICK_SIZES, RESULTS, SEARCH_WORDS, SIZES, log, median, repo_root


# The run
# --------------------------------------------------------------------------


def run_pair(corpus: Corpus, configs: tuple[str, ...] = ("project", "stock")) -> None:
    """One build with each configuration, in the order given."""
    for config in configs:
        if config in corpus.failures:
            continue
        seconds, error = timed_build(corpus.source(config), corpus.site(config),
                                     keep_cache=config == "project-warm")
        if seconds is None:
            corpus.failures[config] = error
            log(f"N={corpus.n} {config}: MISSLYCKADES: {error}")
            continue
        corpus.runs[config].append(seconds)
        if config not in corpus.pages:
            corpus.pages[config] = html_pages(corpus.site(config))
            corpus.lesson[config] = median_lesson(corpus.site(config), corpus.info["lessons"])
        log(f"N={corpus.n} {config}: {seconds:.1f} s ({corpus.pages[config]} HTML-sidor)")


def serve_only(n: int) -> int:
    """`python -m benchmarks --serve-only`: the edit-to-visible times alone."""
    root = repo_root()
    tmp = Path(tempfile.mkdtemp(prefix="dfs-bench-serve-"))
    try:
        n_real = real_lesson_count(root / "docs")
        make_corpus(root, tmp / "real", n_real, build_pools(root / "docs"))
        real = Corpus(n_real, tmp / "real", {"lessons": [(p.parent.name, p.stem) for p in sorted(
            (tmp / "real" / "project" / "docs" / "kurser").glob("*/[0-9][0-9]-*.md"))
            if not p.name.endswith(".en.md")]})
        info = make_replicated(root, tmp / f"n{n}", n)
        big = Corpus(n, tmp / f"n{n}", info)
        modes = {"real": ServeMode([], real), "real-mkdocs": ServeMode([], real, command="mkdocs", edits=1),
                 "preview-big": ServeMode([], big)}
        load = os.getloadavg()[0]
        serve, _ = measure_serve(tmp, modes, startup_timeout=900, reload_timeout=300)
        from .report import serve_label, serve_value
        print(f"load average före {load:.1f}, efter {os.getloadavg()[0]:.1f}")
        for mode, data in serve.items():
            print(f"{mode}: {serve_label(data)}, {data.get('n')} lektioner: {serve_value(data)}; "
                  f"start {data.get('startup') or 0:.0f} s")
        print(json.dumps(serve, indent=1, default=str))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Mät byggtid, sidvikt, validator och omladdning.")
    parser.add_argument("--quick", action="store_true",
                        help="snabb kontroll: bara 100 lektioner, en körning av varje")
    parser.add_argument("--full", action="store_true",
                        help="3/3/2 körningar, profil och serve på största korpusen, "
                             "linkchecker utan tidsgräns (ca 20 min på 2 kärnor)")
    parser.add_argument("--sizes", default=None, help="korpusstorlekar, t.ex. 100,500,1000")
    parser.add_argument("--budget", type=float, default=540,
                        help="sekunder; extra körningar (median) görs bara om de ryms (standard 540)")
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    parser.add_argument("--synthetic", action="store_true",
                        help="syntetiska lektioner i stället för kopior av de riktiga kurserna")
    parser.add_argument("--serve-only", action="store_true",
                        help="bara `make serve`: riktiga webbplatsen och största korpusen")
    parser.add_argument("--profile-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile_child:
        return _profile_child(*args.profile_child)
    if args.serve_only:
        return serve_only(max(int(s) for s in args.sizes.split(",")) if args.sizes else max(SIZES))

    t0 = time.perf_counter()
    root = repo_root()
    if args.sizes:
        sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    else:
        sizes = QUICK_SIZES if args.quick else SIZES
    big = max(sizes)
    if args.quick:
        max_runs = {n: 1 for n in sizes}
        diag_n = big
    elif args.full:
        max_runs = {n: 2 if n >= 1000 else 3 for n in sizes}
        diag_n = big
    else:
        max_runs = {n: 2 if n >= 1000 else 3 for n in sizes}
        diag_n = 500 if 500 in sizes else min(sizes)
    budget = float("inf") if args.full else args.budget
    mode = "quick" if args.quick else "full" if args.full else "standard"

    tmp = Path(tempfile.mkdtemp(prefix="dfs-bench-"))
    results: dict[str, Any] = {"mode": mode, "started": dt.datetime.now().isoformat(timespec="seconds"),
                               "sizes": list(sizes), "diag_n": diag_n, "tmp": str(tmp)}
    corpora: dict[int, Corpus] = {}
    results["load_start"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    try:
        results["machine"] = machine_info()
        log(f"maskin: {results['machine']}")
        log(f"tillfällig mapp: {tmp}")
        pools = build_pools(root / "docs")
        from digitaltforst.content.findings import ERROR

        from .util import validate_project as validate

        # 0. The real site as it is: project (cold and warm .cache/), stock
        #    Material + static-i18n on the same docs, stock Material on the
        #    Swedish pages; alternating, in the same run.
        n_real = real_lesson_count(root / "docs")
        make_corpus(root, tmp / "real", n_real, pools)
        make_stock(tmp / "real")
        make_stock(tmp / "real", i18n=True)
        real = Corpus(n_real, tmp / "real", {"lessons": [], "real_lessons": n_real,
                                             "synthetic_lessons": 0, "lessons_total": n_real})
        real.info["lessons"] = [(p.parent.name, p.stem) for p in
                                sorted((real.project / "docs" / "kurser").glob("*/[0-9][0-9]-*.md"))
                                if not p.name.endswith(".en.md")]
        real_configs = ("project", "stock-i18n", "project-warm", "stock")
        real_rounds = 1 if args.quick else 3
        for round_ in range(real_rounds):
            if round_ and time.perf_counter() - t0 + real.pair_seconds() + 20 > budget * 0.3:
                break
            run_pair(real, real_configs)
        results["real"] = {"n": n_real, "runs": real.runs, "pages": real.pages,
                           "seconds": {k: median(v) for k, v in real.runs.items()},
                           "failures": real.failures}

        for n in sizes:
            if args.synthetic:
                info = make_corpus(root, tmp / f"n{n}", n, pools)
            else:
                info = make_replicated(root, tmp / f"n{n}", n)
            make_stock(tmp / f"n{n}")
            if args.full and n == big:
                make_stock(tmp / f"n{n}", i18n=True)
            corpora[n] = Corpus(n, tmp / f"n{n}", info)
            if n != big:  # the largest corpus is validated (and timed) below
                findings = validate(corpora[n].project)
                errors = [f for f in findings if f.severity == ERROR]
                info["validator"] = {"errors": len(errors), "warnings": len(findings) - len(errors)}
            log(f"korpus N={n}: {info['real_lessons']} riktiga + {info['synthetic_lessons']} "
                f"{'kopierade' if info.get('replicated') else 'syntetiska'} lektioner ({info['synthetic_courses']} kurser, "
                f"{info['synthetic_translated_lessons']} översatta)")

        # 1. One build of each configuration per size (stock + static-i18n, 8 min
        #    at 1000 lessons, only with --full).
        for n in sizes:
            run_pair(corpora[n], ("project", "stock", "stock-i18n") if args.full and n == big
                     else ("project", "stock"))
        c_big = corpora[big]

        # 2. Validator and linkchecker on the largest corpus; the real PDFs.
        log(f"validator på N={big} (3 kalla körningar, var och en en ny process)")
        results["validator"] = measure_validator(c_big.project)
        c_big.info["validator"] = {k: results["validator"][k] for k in ("errors", "warnings")}
        if results["validator"]["seconds"] is None:
            log(f"validator: MISSLYCKADES: {results['validator']['reason']}")
        else:
            log(f"validator: {results['validator']['seconds']:.2f} s (första körningen "
                f"{results['validator']['first_run']:.2f} s), {results['validator']['errors']} fel, "
                f"{results['validator']['warnings']} varningar")
        prefix = site_prefix(c_big.project)
        if "project" in c_big.failures:
            results["linkchecker"] = {"seconds": None, "reason": "projektbygget misslyckades"}
        else:
            cap = 1200.0 if args.full else max(60.0, 21 * (results["validator"]["seconds"] or 0))
            log(f"linkchecker på N={big} (tidsgräns {cap:.0f} s)")
            results["linkchecker"] = measure_linkchecker(c_big.site("project"), prefix, tmp, cap)
            results["linkchecker"]["cap"] = cap
            log(f"linkchecker: {results['linkchecker']}")
        log("validator med tio rader à 100 KB (riktiga projektet)")
        results["long_lines"] = measure_long_lines(real.project, tmp)
        log(f"långa rader: {results['long_lines']}")
        log("PDF:er för det riktiga projektet (tom cache)")
        results["pdf"] = measure_pdf(root, tmp)
        log(f"PDF: {results['pdf']}")

        # 3. Diagnostics, untimed work side by side: the servers start while the
        #    cProfile build and the browser run; then the reloads are timed alone.
        if not args.quick and not args.full and diag_n != min(sizes) \
                and corpora[diag_n].runs["project"]:
            t_p = corpora[diag_n].runs["project"][-1] if corpora[diag_n].runs["project"] else 60
            predicted = 4 * t_p + 30
            if time.perf_counter() - t0 + predicted > budget:
                log(f"diagnostik på N={diag_n} ryms inte ({predicted:.0f} s); tar N={min(sizes)}")
                diag_n = min(sizes)
        results["diag_n"] = diag_n
        c_diag = corpora[diag_n]
        # `make serve` (the preview, build/preview.py) on the real site and on the
        # largest corpus, and plain `mkdocs serve` on the real site for comparison.
        modes = {"real": ServeMode([], real),
                 "real-mkdocs": ServeMode([], real, command="mkdocs", edits=1)}
        if not args.quick:
            modes["preview-big"] = ServeMode([], c_big)
        page_path = (c_big.lesson.get("project") or c_big.lesson.get("stock") or {}).get("path")

        def side_work() -> dict[str, Any]:
            done: dict[str, Any] = {}
            worker = None
            if not args.full:  # --full profiles alone, before the servers start
                def profile() -> None:
                    try:
                        done["profile"] = measure_profile(c_diag.project, tmp)
                    except Exception as exc:  # reported, never hangs the run
                        done["profile"] = {"reason": f"{type(exc).__name__}: {exc}"}
                worker = threading.Thread(target=profile)
                worker.start()
            sites = {c: c_big.site(c) for c in ("project", "stock") if c not in c_big.failures}
            if page_path and sites:
                log(f"Chromium: första visning och sökning, N={big}, /{page_path}")
                done["browser"] = measure_browser(sites, prefix, page_path, SEARCH_WORDS)
            else:
                done["browser"] = {"reason": "inget bygge att mäta"}
            if worker is not None:
                worker.join()
            return done

        if args.full:
            log(f"cProfile av projektbygget, N={diag_n} (ensam)")
            results["profile"] = measure_profile(c_diag.project, tmp)
            results["profile"]["alone"] = True
        else:
            log(f"cProfile av projektbygget, N={diag_n}, medan servrarna startar")
        log("mkdocs serve: " + ", ".join(f"{m} (N={spec.corpus.n})" for m, spec in modes.items()))
        serve, side = measure_serve(tmp, modes, startup_timeout=900 if args.full else 400,
                                    reload_timeout=900 if args.full else 300,
                                    while_starting=side_work)
        results["browser"] = (side or {}).get("browser") or {}
        if "profile" in (side or {}):
            results["profile"] = dict(side["profile"], alone=False)
        results.setdefault("profile", {"reason": "profileringen kördes inte"})["n"] = diag_n
        results["serve"] = serve
        log(f"serve: {serve}")

        # 4. More runs while the time budget allows (for the median), most useful first:
        #    the goals compare project and stock at the largest size and the project
        #    at the largest and half that size.
        half = big // 2
        priority: list[tuple[int, str]] = []
        for key in [(big, "project"), (big, "stock"), (half, "project"), (half, "stock")] + \
                [(n, cfg) for n in sizes for cfg in ("project", "stock")]:
            if key[0] in corpora and key not in priority:
                priority.append(key)
        for round_ in range(2, max(max_runs.values()) + 1):
            for n, cfg in priority:
                c = corpora[n]
                if round_ > max_runs[n] or len(c.runs[cfg]) >= round_ or not c.runs[cfg] \
                        or cfg in c.failures:
                    continue
                predicted = c.runs[cfg][-1] * 1.1 + 3
                if time.perf_counter() - t0 + predicted + 20 > budget:
                    continue
                seconds, error = timed_build(c.source(cfg), c.site(cfg),
                                             keep_cache=cfg == "project-warm")
                if seconds is None:
                    c.failures[cfg] = error
                    continue
                c.runs[cfg].append(seconds)
                log(f"N={n} {cfg}: körning {len(c.runs[cfg])}: {seconds:.1f} s")
    except Exception as exc:  # report what was measured, then the error
        results["error"] = f"{type(exc).__name__}: {exc}"
        log(f"FEL: {results['error']}")
        import traceback
        traceback.print_exc()
    finally:
        results["seconds"] = time.perf_counter() - t0
        results["load_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        results["corpora"] = {
            n: {"info": {k: v for k, v in c.info.items() if k != "lessons"}, "runs": c.runs,
                "seconds": {k: median(v) for k, v in c.runs.items()}, "pages": c.pages,
                "lesson": c.lesson, "failures": c.failures}
            for n, c in corpora.items()}
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    out = root / RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    try:
        print(report(results))
    except Exception as exc:  # a partial run: the JSON has what there is
        print(f"Rapporten kunde inte skrivas ({type(exc).__name__}: {exc}); se {RESULTS}.")
    if results.get("error"):
        print(f"\nBenchmarken avbröts: {results['error']}")
    log(f"klart på {results['seconds']:.0f} s; JSON: {RESULTS}")
    return 1 if results.get("error") else 0



if __name__ == "__main__":
    sys.exit(main())
