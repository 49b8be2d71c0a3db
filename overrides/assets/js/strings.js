// UI strings from the build's one catalogue (l10n/catalogue.yml, keys under
// `js.`), emitted into every page as JSON (#dfs-strings), and the number,
// date and duration formats of the page's language.
import { readJson } from "./dom.js";

export const LANG = (globalThis.document?.documentElement.lang || "sv").startsWith("en") ? "en" : "sv";
const LOCALE = LANG === "sv" ? "sv-SE" : "en-GB";

let table = null;
function strings() {
  if (table === null) table = readJson("dfs-strings") || {};
  return table;
}
// False on a page built without the element (the 404 page).
export const hasStrings = () => Object.keys(strings()).length > 0;
// For tests and pages built without the element.
export function useStrings(values) { table = values; }

// "{n} av {total}" + { n: 1, total: 4 } -> "1 av 4". Unknown names stay as they are.
export function format(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function lookup(key) {
  const value = strings()[`js.${key}`];
  if (value === undefined) console.warn(`[digitaltforst] missing string js.${key}`);
  return value;
}

// t("quiz_right") -> "Rätt!"; t("result_from", { date }) fills in {date}.
export function t(key, values = {}) {
  const value = lookup(key);
  return value === undefined ? key : format(value, values);
}

// A counted noun: forms { one, other } picked by the language's plural rule
// for `count`; {n} is the count unless values give it.
export function counted(key, count, values = {}, lang = LANG) {
  const forms = lookup(key);
  if (forms === undefined) return key;
  if (typeof forms === "string") return format(forms, { n: count, ...values });
  const form = new Intl.PluralRules(lang).select(count);
  return format(forms[form] ?? forms.other, { n: count, ...values });
}

export const fmtDate = (iso) => new Date(iso).toLocaleDateString(LOCALE, { day: "numeric", month: "long", year: "numeric" });

// One decimal; a missing score (partial data) reads as "–".
export const fmtNumber = (n) => (typeof n === "number" && Number.isFinite(n)
  ? n.toLocaleString(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  : t("no_score"));

export function fmtMinutes(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t("minutes", { m });
  return m ? t("hours_minutes", { h, m }) : t("hours", { h });
}
