import { test } from "node:test";
import assert from "node:assert/strict";
import { counted, fmtMinutes, format, t, useStrings } from "../../overrides/assets/js/strings.js";

test("placeholders are filled in, unknown ones left as they are", () => {
  assert.equal(format("{n} av {total}", { n: 1, total: 4 }), "1 av 4");
  assert.equal(format("{n} och {x}", { n: 2 }), "2 och {x}");
});

test("counted nouns follow the language's plural rule", () => {
  useStrings({ "js.sa_missing": { one: "{n} påstående saknar svar.", other: "{n} påståenden saknar svar." } });
  assert.equal(counted("sa_missing", 1, {}, "sv"), "1 påstående saknar svar.");
  assert.equal(counted("sa_missing", 23, {}, "sv"), "23 påståenden saknar svar.");
  assert.equal(counted("sa_missing", 0, {}, "sv"), "0 påståenden saknar svar.");
});

test("durations read like the build's format_minutes", () => {
  useStrings({ "js.minutes": "{m} min", "js.hours": "{h} h", "js.hours_minutes": "{h} h {m} min" });
  assert.deepEqual([45, 60, 75].map(fmtMinutes), ["45 min", "1 h", "1 h 15 min"]);
  assert.equal(t("missing_key"), "missing_key");
});
