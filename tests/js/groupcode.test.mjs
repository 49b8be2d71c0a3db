// The anonymous group code ("Dela med gruppen"): format, round trip, check
// character, rejections, and that nothing but the five areas goes in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALPHABET, checkCharacter, decode, encode, normalize, parseLines, roundToHalf } from "../../overrides/assets/js/groupcode.js";

const SCALE = [1, 7];
const scores = { 1: 2.4, 2: 6, 3: 3.8, 4: 1, 5: 7 };

test("a code is DF, the version, five area characters and a check character", () => {
  const code = encode(scores, SCALE);
  assert.match(code, /^DF1-[0-9A-Z]{5}-[0-9A-Z]$/);
  assert.equal(code.length, 11);
  // 2.4 -> 2.5 -> step 3; 6 -> 10 -> A; 3.8 -> 4 -> 6; 1 -> 0; 7 -> 12 -> C
  assert.equal(code.slice(4, 9), "3A60C");
});

test("round trip: decoding gives the area results rounded to halves", () => {
  const decoded = decode(encode(scores, SCALE), SCALE);
  assert.equal(decoded.ok, true);
  assert.deepEqual(decoded.scores, { 1: 2.5, 2: 6, 3: 4, 4: 1, 5: 7 });
  for (const [area, value] of Object.entries(scores)) assert.equal(decoded.scores[area], roundToHalf(value));
  // every value of the scale survives the trip
  for (let v = 1; v <= 7; v += 0.5) {
    const all = { 1: v, 2: v, 3: v, 4: v, 5: v };
    assert.deepEqual(decode(encode(all, SCALE), SCALE).scores, all);
  }
});

test("nothing but the five areas goes in: extra fields change nothing", () => {
  const withMore = { ...scores, 6: 3, name: "Anna Andersson", date: "2026-12-02T08:00:00Z", answers: { "sak-sms": 1 } };
  assert.equal(encode(withMore, SCALE), encode(scores, SCALE));
  const decoded = decode(encode(withMore, SCALE), SCALE);
  assert.deepEqual(Object.keys(decoded).sort(), ["code", "ok", "scores"]);
  assert.deepEqual(Object.keys(decoded.scores), ["1", "2", "3", "4", "5"]);
});

test("a missing area gives no code", () => {
  assert.equal(encode({ 1: 5, 2: 5, 3: 5, 4: 5 }, SCALE), null);
  assert.equal(encode({ 1: 5, 2: 5, 3: 5, 4: 5, 5: Number.NaN }, SCALE), null);
});

test("every single changed character is caught by the check character", () => {
  const samples = [scores, { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 }, { 1: 7, 2: 6.5, 3: 1.5, 4: 4, 5: 3 }];
  for (const sample of samples) {
    const code = encode(sample, SCALE);
    for (const i of [2, 4, 5, 6, 7, 8, 10]) {
      for (const ch of ALPHABET) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        const result = decode(changed, SCALE);
        assert.equal(result.ok, false, `${changed} (from ${code}) was accepted`);
      }
    }
  }
});

test("two neighbouring area characters swapped are caught", () => {
  const code = encode({ 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 }, SCALE);
  const body = code.slice(4, 9);
  for (let i = 0; i < 4; i += 1) {
    const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
    assert.equal(decode(`DF1-${swapped}-${code[10]}`, SCALE).ok, false, swapped);
  }
});

test("malformed codes are rejected with a reason", () => {
  const code = encode(scores, SCALE);
  assert.equal(decode("", SCALE).reason, "format");
  assert.equal(decode("hej", SCALE).reason, "format");
  assert.equal(decode(code.slice(0, -1), SCALE).reason, "format"); // no check character
  assert.equal(decode(code + "7", SCALE).reason, "format"); // one too many
  assert.equal(decode("XX1-3A60C-5", SCALE).reason, "format");
  assert.equal(decode("DF1-3A6#C-5", SCALE).reason, "format");
  const v2body = "3A60C";
  assert.equal(decode(`DF2-${v2body}-${checkCharacter("2" + v2body)}`, SCALE).reason, "version");
  // a value beyond 7 (step 13 = D) with a correct check character
  assert.equal(decode(`DF1-D0000-${checkCharacter("1D0000")}`, SCALE).reason, "range");
});

test("what people type: lower case, spaces, no hyphens, O for 0, I and L for 1", () => {
  const code = encode({ 1: 1, 2: 1.5, 3: 5, 4: 1, 5: 1 }, SCALE); // has 0 and 1 in it
  const typed = code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
  assert.equal(decode(typed, SCALE).code, code);
  assert.equal(normalize(" df1-abc "), "DF1-ABC");
});

test("lines: blanks skipped, duplicates and malformed lines reported with their line", () => {
  const a = encode({ 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 }, SCALE);
  const b = encode({ 1: 6, 2: 5, 3: 4, 4: 3, 5: 2 }, SCALE);
  const text = [a, "", b, a.toLowerCase(), "DF1-8C6A4-K", "inte en kod"].join("\n");
  const { codes, problems } = parseLines(text, SCALE);
  assert.deepEqual(codes.map((c) => [c.line, c.code]), [[1, a], [3, b]]);
  assert.deepEqual(problems.map((p) => [p.line, p.reason, p.first]), [
    [4, "duplicate", 1], [5, "check", undefined], [6, "format", undefined]]);
});

test("a scale too long for one character per area is refused", () => {
  assert.throws(() => encode(scores, [0, 16]));
  assert.match(encode({ 1: 0, 2: 15, 3: 7.5, 4: 1, 5: 2 }, [0, 15]), /^DF1-0Y/);
});

test("identical codes count separately when the facilitator says two people share a result", () => {
  const a = encode({ 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 }, SCALE);
  const b = encode({ 1: 6, 2: 5, 3: 4, 4: 3, 5: 2 }, SCALE);
  const { codes, problems } = parseLines([a, b, a].join("\n"), SCALE, { countDuplicates: true });
  assert.deepEqual(codes.map((c) => c.line), [1, 2, 3]);
  assert.deepEqual(problems, []);
});
