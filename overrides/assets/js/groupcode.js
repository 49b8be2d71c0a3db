// The anonymous group code of a self-assessment result ("Dela med gruppen"):
// the five area results rounded to halves, and a check character. Nothing
// else goes in: no name, no date, no single answer. Pure functions.
//
//   DF1-8C6A4-K
//   │ │ │     └ check character (Luhn mod 32 over the version and the areas)
//   │ │ └ one character per area 1–5: (result − scale min) × 2, in ALPHABET
//   │ └ format version
//   └ "Digitalt först"
//
// ALPHABET is Crockford's base 32 (no I, L, O, U): easy to read aloud and to
// type, and every character is in the QR code's alphanumeric set.
export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const VERSION = "1";
export const AREAS = [1, 2, 3, 4, 5];
const PREFIX = "DF";
const CODE = /^DF([0-9A-Z])-?([0-9A-Z]{5})-?([0-9A-Z])$/;

// Luhn mod N (N = 32): catches every single wrong character and most swaps
// of two neighbours.
export function checkCharacter(text) {
  const n = ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i -= 1) {
    const value = ALPHABET.indexOf(text[i]);
    if (value < 0) throw new Error(`not in the alphabet: ${text[i]}`);
    const addend = factor * value;
    sum += Math.floor(addend / n) + (addend % n);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(n - (sum % n)) % n];
}

// Halves of the scale: 1, 1.5, …, 7 on 1–7.
export const roundToHalf = (score) => Math.round(score * 2) / 2;

// scores: {1: 2.4, 2: 6, …} (any extra keys are ignored) -> "DF1-XXXXX-C";
// null when an area has no result (old, partial data).
export function encode(scores, [min, max]) {
  const steps = (max - min) * 2;
  if (steps >= ALPHABET.length) throw new Error("the scale is too long for the group code");
  let body = "";
  for (const area of AREAS) {
    const score = scores[area] ?? scores[String(area)];
    if (typeof score !== "number" || !Number.isFinite(score)) return null;
    const step = Math.round((Math.min(max, Math.max(min, score)) - min) * 2);
    body += ALPHABET[step];
  }
  return `${PREFIX}${VERSION}-${body}-${checkCharacter(VERSION + body)}`;
}

// What people type: lower case, spaces, O for 0, I or L for 1.
export function normalize(text) {
  return String(text).toUpperCase().replace(/\s+/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

// text -> { ok: true, code, scores: {1: …, 5: …} } or { ok: false, reason }
// with reason "format" (not a group code), "version" (another format),
// "check" (a character is wrong) or "range" (a value outside the scale).
export function decode(text, [min, max]) {
  const match = CODE.exec(normalize(text));
  if (!match) return { ok: false, reason: "format" };
  const [, version, body, check] = match;
  if (version !== VERSION) return { ok: false, reason: "version" };
  if (checkCharacter(version + body) !== check) return { ok: false, reason: "check" };
  const scores = {};
  for (const [i, area] of AREAS.entries()) {
    const step = ALPHABET.indexOf(body[i]);
    if (step > (max - min) * 2) return { ok: false, reason: "range" };
    scores[area] = min + step / 2;
  }
  return { ok: true, code: `${PREFIX}${version}-${body}-${check}`, scores };
}

// Many lines (pasted, typed or scanned) -> the accepted codes and a problem
// per rejected line: { codes: [{ line, code, scores }], problems: [{ line,
// text, reason, first? }] }. Blank lines are skipped; a code seen before is
// rejected as "duplicate" with the line it first appeared on, unless
// `countDuplicates` (two people can have the same rounded results: the
// facilitator, who knows how many took part, says so).
export function parseLines(text, scale, { countDuplicates = false } = {}) {
  const codes = [];
  const problems = [];
  const seen = new Map();
  String(text).split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const value = raw.trim();
    if (!value) return;
    const result = decode(value, scale);
    if (!result.ok) {
      problems.push({ line, text: value, reason: result.reason });
    } else if (seen.has(result.code) && !countDuplicates) {
      problems.push({ line, text: value, reason: "duplicate", first: seen.get(result.code) });
    } else {
      if (!seen.has(result.code)) seen.set(result.code, line);
      codes.push({ line, code: result.code, scores: result.scores });
    }
  });
  return { codes, problems };
}
