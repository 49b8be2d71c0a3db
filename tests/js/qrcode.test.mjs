// The browser's QR encoder (qrcode.js): structure that any reader relies on.
// Module-for-module agreement with segno is tested in
// tests/test_self_assessment_qrcode.py; zbarimg reads the rendered code in
// tests/test_self_assessment_groups.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { qrMatrix, qrPath, MAX_LENGTH } from "../../overrides/assets/js/qrcode.js";

test("version 1: 21 × 21 with the three finder patterns and timing lines", () => {
  const m = qrMatrix("DF1-3A60C-5");
  assert.equal(m.length, 21);
  assert.ok(m.every((row) => row.length === 21));
  const finder = [[1, 1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0, 1], [1, 0, 1, 1, 1, 0, 1], [1, 0, 1, 1, 1, 0, 1],
    [1, 0, 1, 1, 1, 0, 1], [1, 0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1, 1]];
  for (const [x0, y0] of [[0, 0], [14, 0], [0, 14]]) {
    for (let y = 0; y < 7; y += 1) for (let x = 0; x < 7; x += 1) assert.equal(m[y0 + y][x0 + x], finder[y][x] === 1);
  }
  for (let i = 8; i <= 12; i += 1) {
    assert.equal(m[6][i], i % 2 === 0);
    assert.equal(m[i][6], i % 2 === 0);
  }
  assert.equal(m[13][8], true); // the dark module
});

test("different texts give different codes; the path has a quiet zone", () => {
  const a = qrMatrix("DF1-3A60C-5").flat().join("");
  const b = qrMatrix("DF1-3A60D-3").flat().join("");
  assert.notEqual(a, b);
  const { size, d } = qrPath(qrMatrix("A"));
  assert.equal(size, 29);
  assert.match(d, /^M4 4h1v1h-1z/); // the top-left module sits inside the 4-module margin
});

test("only what fits version 1-M in alphanumeric mode", () => {
  assert.throws(() => qrMatrix("x"));
  assert.throws(() => qrMatrix("A".repeat(MAX_LENGTH + 1)));
  assert.doesNotThrow(() => qrMatrix("A".repeat(MAX_LENGTH)));
});
