"""The fixed vocabulary of the content: DigComp areas and competences, levels,
kinds of handout and event, municipalities. Keys only; their names in each
language are UI strings (:mod:`digitaltforst.l10n`)."""
from __future__ import annotations

import re

# DigComp 2.2: five areas and the 21 competences in them (1.1–1.3, 2.1–2.6,
# 3.1–3.4, 4.1–4.4, 5.1–5.4). Source: Vuorikari, Kluzer & Punie, "DigComp 2.2:
# The Digital Competence Framework for Citizens", Publications Office of the EU,
# 2022, EUR 31006 EN, JRC128415 (the conceptual reference model, dimension 2).
AREAS = (1, 2, 3, 4, 5)
COMPETENCES = frozenset(f"{area}.{n}" for area, count in {1: 3, 2: 6, 3: 4, 4: 4, 5: 4}.items()
                        for n in range(1, count + 1))
LEVELS = ("grundläggande", "bred", "utvecklad")
HANDOUT_KINDS = ("deltagarblad", "handledarguide", "mall")
EVENT_KINDS = ("utbildningsdag", "workshop", "filialbesok", "natverksmote")
MUNICIPALITIES = ("Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå",
                  "Örnsköldsvik", "Ånge")

LESSON_FILE = re.compile(r"^(\d{2})-[a-z0-9][a-z0-9-]*$")
STABLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
