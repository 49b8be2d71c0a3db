"""The benchmark's report: goals and Markdown tables."""
from __future__ import annotations

from typing import Any, Callable


from .util import KB, SEARCH_WORDS, fmt, kb


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

def _ok(passed: bool | None) -> str:
    return "n/a" if passed is None else "✓" if passed else "✗"


def _s(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} s"


def goals(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(goal, measured, ✓/✗, margin) rows."""
    rows = []
    corpora = results["corpora"]
    sizes = sorted(corpora)
    big = sizes[-1]
    sec = corpora[big]["seconds"]
    p, s = sec.get("project"), sec.get("stock")
    if p and s:
        ratio = p / s
        rows.append((f"Bygge {big} lektioner ≤ 0,25 × stock", f"{ratio:.2f} × ({p:.1f} s mot {s:.1f} s)",
                     _ok(ratio <= 0.25),
                     "uppfyllt" if ratio <= 0.25 else f"{ratio / 0.25:.1f} gånger för långsamt "
                     f"(skulle vara ≤ {0.25 * s:.1f} s)"))
    else:
        rows.append((f"Bygge {big} lektioner ≤ 0,25 × stock", "n/a", "n/a", "bygget saknas"))
    half = big // 2
    if half in corpora and corpora[half]["seconds"].get("project") and p:
        r = p / corpora[half]["seconds"]["project"]
        rs = s / corpora[half]["seconds"]["stock"] if s and corpora[half]["seconds"].get("stock") \
            else None
        rows.append((f"t({big}) / t({half}) ≤ 2,2", f"{r:.2f} (stock {fmt(rs)})", _ok(r <= 2.2),
                     "uppfyllt" if r <= 2.2 else f"{r - 2.2:.2f} över"))
    else:
        rows.append((f"t({big}) / t({half}) ≤ 2,2", "n/a", "n/a", f"ingen körning med {half}"))
    lesson = corpora[big]["lesson"].get("project")
    if lesson:
        raw = lesson["raw"]
        rows.append(("Lektionssida ≤ 60 KB HTML (rå)", kb(raw), _ok(raw <= 60 * KB),
                     "uppfyllt" if raw <= 60 * KB else f"{(raw - 60 * KB) / KB:.1f} KB över"))
    browser = (results.get("browser") or {}).get("project") or {}
    view = browser.get("view")
    if view:
        third = browser.get("third_party") or []
        passed = view["gz"] <= 100 * KB and not third
        margin = []
        if view["gz"] > 100 * KB:
            margin.append(f"{(view['gz'] - 100 * KB) / KB:.1f} KB över")
        if third:
            margin.append(f"{len(third)} förfrågningar till tredje part")
        rows.append(("Första lektionsvisning ≤ 100 KB gzip, ingen tredje part",
                     f"{kb(view['gz'])}, {len(third)} till tredje part", _ok(passed),
                     "; ".join(margin) or "uppfyllt"))
    else:
        rows.append(("Första lektionsvisning ≤ 100 KB gzip, ingen tredje part", "n/a", "n/a",
                     browser.get("reason", "ingen mätning")))
    search = browser.get("search") or {}
    if search.get("gz") is not None:
        rows.append((f"Sökning till första träff ≤ 150 KB gzip (»{SEARCH_WORDS[0]}«)",
                     kb(search["gz"]),
                     _ok(search["gz"] <= 150 * KB),
                     "uppfyllt" if search["gz"] <= 150 * KB
                     else f"{(search['gz'] - 150 * KB) / KB:.1f} KB över"))
    else:
        rows.append(("Sökning till första träff ≤ 150 KB gzip", "n/a", "n/a",
                     search.get("reason") or browser.get("reason", "ingen mätning")))
    val = results.get("validator") or {}
    lc = results.get("linkchecker") or {}
    v = val.get("seconds")
    if v is not None:
        rows.append((f"Validator {big} lektioner ≤ 2 s", _s(v, 2), _ok(v <= 2),
                     "uppfyllt" if v <= 2 else f"{v - 2:.2f} s över ({v / 2:.1f} gånger målet)"))
        if lc.get("seconds"):
            ratio = lc["seconds"] / v
            rows.append(("Validator ≥ 20 × snabbare än linkchecker",
                         f"{ratio:.0f} × ({lc['seconds']:.0f} s mot {v:.2f} s)", _ok(ratio >= 20),
                         "uppfyllt" if ratio >= 20 else f"{20 / ratio:.1f} gånger för långsamt"))
        elif lc.get("lower_bound"):
            ratio = lc["lower_bound"] / v
            rows.append(("Validator ≥ 20 × snabbare än linkchecker",
                         f"> {ratio:.0f} × (linkchecker > {lc['lower_bound']:.0f} s, avbruten)",
                         _ok(ratio >= 20), "uppfyllt (nedre gräns)" if ratio >= 20
                         else "kan inte avgöras: linkchecker avbröts för tidigt"))
        else:
            rows.append(("Validator ≥ 20 × snabbare än linkchecker", "n/a", "n/a",
                         lc.get("reason", "ingen mätning")))
    else:
        rows.append((f"Validator {big} lektioner ≤ 2 s", "n/a", "n/a",
                     val.get("reason") or "ingen mätning"))
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def real_size(results: dict[str, Any]) -> list[str]:
    """The real site as it is, PDFs off: project cold and warm against stock."""
    real = results.get("real")
    if not real:
        return []
    sec, runs, pages, fail = real["seconds"], real["runs"], real["pages"], real["failures"]

    def cell(config: str) -> str:
        if config in fail:
            return f"n/a ({fail[config][:80]})"
        values = ", ".join(f"{v:.1f}" for v in runs.get(config) or [])
        return f"{_s(sec.get(config))} ({values})" if values else "n/a"

    def ratio(a: str, b: str) -> str:
        return f"{sec[a] / sec[b]:.2f}" if sec.get(a) and sec.get(b) else "n/a"

    rows = [["utan `.cache/` (som en ny klon)", cell("project"), cell("stock-i18n"),
             ratio("project", "stock-i18n"), cell("stock"), ratio("project", "stock")],
            ["med förra byggets `.cache/`", cell("project-warm"), cell("stock-i18n"),
             ratio("project-warm", "stock-i18n"), cell("stock"), ratio("project-warm", "stock")]]
    serve = results.get("serve") or {}
    lines = [f"#### Riktiga webbplatsen ({real['n']} lektioner, båda språken, "
             f"{pages.get('project', 'n/a')} HTML-sidor; stock + i18n {pages.get('stock-i18n', 'n/a')}, "
             f"stock {pages.get('stock', 'n/a')}), PDF av, median (körningarna)", "",
             table(["Bygge", "Projekt", "Stock Material + static-i18n, samma docs", "Kvot",
                    "Stock Material, svenska sidorna", "Kvot"], rows), ""]
    for mode in ("real", "real-mkdocs"):
        data = serve.get(mode)
        if data:
            lines.append(f"- {serve_label(data)} på riktiga webbplatsen: en sparad ändring syns "
                         f"efter {serve_value(data)}.")
    return lines + [""]


def serve_label(data: dict[str, Any]) -> str:
    flags = " ".join(data.get("flags") or [])
    if data.get("command", "mkdocs") == "preview":
        return "`make serve` (förhandsvisningen" + (f" {flags}" if flags else "") + ")"
    return f"`mkdocs serve --livereload{' ' + flags if flags else ''}`"


def serve_value(data: dict[str, Any]) -> str:
    """Chromium (write -> the open page shows it) and HTTP, each save's seconds."""
    def runs(key: str) -> str:
        values = data.get(key) or []
        return ", ".join(f"{v:.1f}" for v in values)

    parts = []
    if data.get("browser") is not None:
        parts.append(f"{data['browser']:.1f} s i Chromium (median; {runs('browser_runs')} s)")
    elif data.get("browser_reason"):
        parts.append(f"i Chromium n/a ({data['browser_reason'][:160]})")
    if data.get("reload") is not None:
        parts.append(f"{data['reload']:.1f} s över HTTP ({runs('http_runs')} s)")
    if data.get("reason"):
        parts.append(f"n/a ({data['reason'][:240]})")
    if data.get("load") is not None:
        parts.append(f"load average {data['load']:.1f}")
    return "; ".join(parts) or "n/a"


def report(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    corpora = results.get("corpora", {})
    sizes = sorted(corpora)
    out = [f"### Resultat ({results['started'][:16].replace('T', ' ')}, läge {results['mode']}, "
           f"{results['seconds'] / 60:.1f} min)", ""]
    chromium = (results.get("browser") or {}).get("_chromium")
    out.append(f"Maskin: `nproc` {m.get('nproc')} ({m.get('cpu', '?')}), {m.get('memory_gb')} GB "
               f"minne, Python {m.get('python')}, MkDocs {m.get('mkdocs')}, Material "
               f"{m.get('mkdocs-material')}, mkdocs-static-i18n {m.get('mkdocs-static-i18n')}, "
               f"Chromium {chromium or 'n/a'}, LinkChecker {m.get('linkchecker') or 'n/a'}. "
               f"Kod: {m.get('commit') or 'okänd'}"
               + (f" med ändringar i {m['changed_files']} "
                  f"{'fil' if m['changed_files'] == 1 else 'filer'}" if m.get("changed_files") else "")
               + ". Belastning (load average, 1 min) före/efter: "
               f"{fmt(results.get('load_start'))} / {fmt(results.get('load_end'))}; "
               "annat som körs samtidigt på maskinen gör tiderna längre.")
    out.append("")
    out += real_size(results)
    if not sizes:
        return "\n".join(out + ["Inga mätningar (se felmeddelandet ovan)."])
    notes = []
    for n in sizes:
        info = corpora[n]["info"]
        val = info.get("validator") or {}
        # A replicated corpus (the default) adds copies of the real courses.
        kind = "kopierade" if info.get("replicated") else "syntetiska"
        notes.append(f"{n} = {info['real_lessons']} riktiga + {info['synthetic_lessons']} "
                     f"{kind} ({info['synthetic_courses']} kurser, "
                     f"{info['synthetic_translated_lessons']} översatta), validatorn "
                     f"{val.get('errors', 'n/a')} fel / {val.get('warnings', 'n/a')} varningar")
    out += ["Korpus (lektioner): " + "; ".join(notes) + ".", ""]

    # Build times.
    rows = []
    for n in sizes:
        c = corpora[n]
        sec, pages, les = c["seconds"], c["pages"], c["lesson"]

        def cell(config: str) -> str:
            if config in c["failures"]:
                return f"n/a ({c['failures'][config][:80]})"
            return _s(sec.get(config))

        def rate(config: str) -> str:
            return f"{pages[config] / sec[config]:.0f}" if sec.get(config) and pages.get(config) \
                else "n/a"

        ratio = f"{sec['project'] / sec['stock']:.2f}" if sec.get("project") and sec.get("stock") \
            else "n/a"
        lesson_kb = " / ".join(kb(les[k]["raw"]) if les.get(k) else "n/a"
                               for k in ("project", "stock"))
        rows.append([str(n), f"{pages.get('project', 'n/a')} / {pages.get('stock', 'n/a')}",
                     cell("project"), cell("stock"), rate("project"), rate("stock"), ratio,
                     f"{len(c['runs']['project'])} / {len(c['runs']['stock'])}", lesson_kb])
    big, half = sizes[-1], sizes[-1] // 2
    if half in corpora:
        sp, sh = corpora[big]["seconds"], corpora[half]["seconds"]
        growth = [f"{sp[k] / sh[k]:.2f}" if sp.get(k) and sh.get(k) else "n/a"
                  for k in ("project", "stock")]
        rows.append([f"t({big}) / t({half})", "", growth[0], growth[1], "", "", "", "", ""])
    out += ["#### Byggtid (`mkdocs build` som underprocess, median)", "",
            table(["Lektioner", "HTML-sidor projekt / stock", "Projekt", "Stock",
                   "Projekt sidor/s", "Stock sidor/s", "Projekt / stock", "Körningar",
                   "Lektionssida rå (projekt / stock)"], rows), ""]

    # Goals.
    out += ["#### Mål", "", table(["Mål", "Uppmätt", "", "Marginal"],
                                  [list(r) for r in goals(results)]), ""]

    # Page weight.
    browser = results.get("browser") or {}
    rows = []
    les = corpora[big]["lesson"]
    rows.append(["Lektionssida HTML, rå / gzip"] +
                [f"{kb(les[k]['raw'])} / {kb(les[k]['gz'])}" if les.get(k) else "n/a"
                 for k in ("project", "stock")])

    def bcell(config: str, fn: Callable[[dict], str]) -> str:
        data = browser.get(config) or {}
        if "view" not in data:
            return f"n/a ({data.get('reason') or browser.get('reason') or 'ingen mätning'})"
        return fn(data)

    rows.append(["Första visning, gzip (allt som laddas tills nätet är tyst)"] +
                [bcell(k, lambda d: f"{kb(d['view']['gz'])} ({d['view']['requests']} förfrågningar)")
                 for k in ("project", "stock")])
    for kind, label in (("html", "HTML"), ("css", "CSS"), ("js", "JS"), ("font", "typsnitt"),
                        ("image", "bilder"), ("data", "data (fetch/XHR)"), ("other", "övrigt")):
        if any(((browser.get(k) or {}).get("view") or {}).get("by_type_gz", {}).get(kind)
               for k in ("project", "stock")):
            rows.append([f"  varav {label}"] +
                        [bcell(k, lambda d, kind=kind: kb(d["view"]["by_type_gz"].get(kind, 0)))
                         for k in ("project", "stock")])
    rows.append(["  varav sökindex (i första visningen)"] +
                [bcell(k, lambda d: kb(d["view"]["search_index_gz"])) for k in ("project", "stock")])
    rows.append(["Förfrågningar till tredje part"] +
                [bcell(k, lambda d: f"{len(d['third_party'])}"
                       + (f" ({', '.join(sorted({u.split('/')[2] for u in d['third_party']}))}; "
                          "misslyckas offline)" if d["third_party"] else ""))
                 for k in ("project", "stock")])
    def scell(search: dict[str, Any] | None) -> str:
        if not search:
            return "n/a"
        if search.get("gz") is None:
            return f"n/a ({search.get('reason')})"
        return (f"{kb(search['gz'])} ({search['requests']} förfrågningar; "
                f"+{kb(search['extra_gz'])} efter första visningen)")

    for i, word in enumerate(SEARCH_WORDS):
        rows.append([f"Sökning »{word}« till första träff, gzip från sidladdning"] +
                    [bcell(k, lambda d, i=i, word=word: scell(
                        d["search"] if i == 0 else (d.get("search_more") or {}).get(word)))
                     for k in ("project", "stock")])
    out += [f"#### Sidvikt ({big} lektioner, medianlektionen `{les.get('project', {}).get('path', '?')}`)",
            "", table(["", "Projekt", "Stock"], rows), ""]

    # Tools.
    rows = []
    val, lc, pdf = results.get("validator") or {}, results.get("linkchecker") or {}, \
        results.get("pdf") or {}
    first = f" (första körningen, med bytekod att skriva: {_s(val['first_run'], 2)})" \
        if val.get("first_run") is not None else ""
    rows.append([f"Validator, {big} lektioner (median av 3 kalla körningar, ny process)",
                 f"{_s(val.get('seconds'), 2)}{first}; {val.get('errors', 'n/a')} fel, "
                 f"{val.get('warnings', 'n/a')} varningar"])
    if lc.get("seconds"):
        extra = f"; {lc.get('urls', '?')} URL:er, {lc.get('errors', '?')} fel, " \
                f"{lc.get('warnings', '?')} varningar"
        if lc.get("error_urls"):
            extra += f" ({', '.join(lc['error_urls'][:3])})"
        rows.append(["linkchecker, samma webbplats via http.server", _s(lc["seconds"], 0) + extra])
        if val.get("seconds"):
            rows.append(["Kvot linkchecker / validator", f"{lc['seconds'] / val['seconds']:.0f} ×"])
    else:
        rows.append(["linkchecker, samma webbplats via http.server",
                     f"n/a ({lc.get('reason', 'ingen mätning')})"])
        if lc.get("lower_bound") and val.get("seconds"):
            rows.append(["Kvot linkchecker / validator",
                         f"> {lc['lower_bound'] / val['seconds']:.0f} × (nedre gräns)"])
    longl = results.get("long_lines") or {}
    if longl.get("extra") is not None:
        rows.append([f"Validator, riktiga projektet plus en sida med {longl['lines']} rader à "
                     f"{longl['length'] // 1000} KB (mål: < 1 s per rad)",
                     f"{_s(longl['with_page'], 2)} mot {_s(longl['plain'], 2)} utan sidan: "
                     f"{_s(longl['per_line'], 2)} per rad ({_ok(longl['per_line'] < 1)})"])
    if pdf.get("seconds") is not None:
        rows.append(["PDF, riktiga projektet, tom cache",
                     f"{pdf['written']} av {pdf['files']} filer på {pdf['seconds']:.1f} s = "
                     f"{pdf['per_file']:.2f} s per fil (hela bygget {pdf['wall']:.0f} s)"])
    else:
        rows.append(["PDF, riktiga projektet, tom cache", f"n/a ({pdf.get('reason', 'ingen mätning')})"])
    offline = pdf.get("offline") or {}
    if offline.get("zip_bytes"):
        took = f", offlinestegen {offline['seconds']:.1f} s" if offline.get("seconds") else ""
        rows.append(["Offlinekopia `offline/digitalt-forst.zip`, riktiga projektet",
                     f"{offline['zip_bytes'] / 1048576:.1f} MB ({offline['zip_bytes']} byte){took}"])
        courses = offline.get("courses") or {}
        for lang in sorted({k.split("/")[0] for k in courses}):
            mine = sorted((v["bytes"], v["gzip"], v["files"], k) for k, v in courses.items()
                          if k.startswith(lang + "/"))
            mid = mine[len(mine) // 2]
            rows.append([f"Sparad kurs ({lang}, med sidorna alla kurser delar), {len(mine)} kurser",
                         f"{mine[0][0] / 1048576:.1f}–{mine[-1][0] / 1048576:.1f} MB lagrat, median "
                         f"{mid[0] / 1048576:.1f} MB ({mid[2]} filer, {mid[1] / 1048576:.1f} MB "
                         f"gzip över nätet, `{mid[3]}`)"])
    elif pdf:
        rows.append(["Offlinekopia och sparad kurs", f"n/a ({offline.get('reason', 'ingen mätning')})"])
    serve = results.get("serve") or {}
    for mode_, data in serve.items():
        only = f", bara `{data['locale']}` (`LOCALE={data['locale']}`)" if data.get("locale") else ""
        rows.append([f"{serve_label(data)}{only}, {data.get('n')} lektioner: en sparad lektion syns "
                     f"efter", serve_value(data) + (f" (servern startade på {_s(data.get('startup'), 0)}, "
                                                    "samtidigt med annat arbete)"
                                                    if data.get("startup") else "")])
    out += ["#### Verktyg", "", table(["Mätning", "Resultat"], rows), ""]

    # Profile.
    prof = results.get("profile") or {}
    if prof.get("top"):
        rows = [[f"`{r['function']}`", str(r["calls"]), f"{r['cumtime']:.2f}",
                 f"{100 * r['cumtime'] / prof['total']:.1f} %",
                 f"{1000 * r['cumtime'] / max(r['calls'], 1):.2f}"] for r in prof["top"]]
        alone = "" if prof.get("alone") else (
            " Profileringen kördes samtidigt med serverstarterna och webbläsarmätningen: "
            "jämför andelarna, inte sekunderna.")
        out += [f"#### cProfile: projektbygget, {prof['n']} lektioner ({prof['pages']} HTML-sidor, "
                f"{prof['total']:.1f} s under profilering)", "",
                "De tio dyraste funktionerna i paketet digitaltforst (kumulativ tid, i processen "
                f"med `mkdocs.commands.build.build`).{alone}", "",
                table(["Funktion", "Anrop", "Kumulativ s", "Andel av bygget", "ms per anrop"], rows),
                ""]
        packages = sorted((prof.get("by_package") or {}).items(), key=lambda kv: -kv[1])
        if packages:
            ours = (prof.get("by_package") or {}).get("digitaltforst", 0.0)
            out += [f"Egen tid per paket i samma profil (digitaltforst: "
                    f"{100 * ours / prof['total']:.1f} %): " + ", ".join(
                        f"{name} {100 * sec / prof['total']:.0f} %" for name, sec in packages[:8]
                        if sec / prof["total"] >= 0.005) + ".", ""]
    else:
        out += ["#### cProfile", "", f"n/a ({prof.get('reason', 'ingen mätning')})", ""]
    return "\n".join(out)



