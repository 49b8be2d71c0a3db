"""The browser's QR encoder (overrides/assets/js/qrcode.js) against segno, the
library that makes the build's QR codes: the same text, version, level and
mask must give the same modules."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import segno

from conftest import ROOT

SCRIPT = """
import { qrMatrix } from "%s";
const out = {};
for (const text of JSON.parse(process.argv[2])) for (const mask of [0, 1, 2, 3, 4, 5, 6, 7])
  out[text + "|" + mask] = qrMatrix(text, mask).map((row) => row.map(Number).join(""));
console.log(JSON.stringify(out));
""" % (ROOT / "overrides/assets/js/qrcode.js").as_uri()

TEXTS = ["DF1-3A60C-5", "DF1-00000-0", "DF1-CCCCC-Z", "A", "HELLO WORLD", "12345678901234567890"]


def test_every_mask_matches_segno_module_for_module(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node saknas (make test behöver Node 20).")
    script = tmp_path / "qr.mjs"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([node, str(script), json.dumps(TEXTS)], capture_output=True, text=True,
                          check=True)
    ours = json.loads(done.stdout)
    assert len(ours) == len(TEXTS) * 8
    for key, rows in ours.items():
        text, mask = key.rsplit("|", 1)
        qr = segno.make(text, error="m", version=1, mask=int(mask), mode="alphanumeric",
                        boost_error=False)
        theirs = ["".join(str(int(bool(m))) for m in row) for row in qr.matrix]
        assert rows == theirs, key
