// Self-assessment scoring and course recommendations: pure functions.

export const LEVELS = ["grundläggande", "bred", "utvecklad"];

// answers: {statementId: a value on the scale}; areaOf: {statementId: area} -> {area: mean}
export function areaScores(answers, areaOf) {
  const sums = {};
  for (const [id, value] of Object.entries(answers)) {
    const area = areaOf[id];
    if (area === undefined) continue;
    sums[area] ??= { total: 0, count: 0 };
    sums[area].total += value;
    sums[area].count += 1;
  }
  const scores = {};
  for (const [area, { total, count }] of Object.entries(sums)) {
    scores[area] = Math.round((total / count) * 10) / 10;
  }
  return scores;
}

// The scale of data/sjalvskattning.yml as it was designed; callers pass the
// page's own scale (#dfs-sa-data), these defaults only keep old calls working.
export const DESIGN_SCALE = [1, 7];

// Bands cut the scale where 3.5 and 5.5 cut 1–7, for any [min, max].
export function band(score, [min, max] = DESIGN_SCALE) {
  const at = (score - min) * 6;
  if (at < 2.5 * (max - min)) return "low";
  if (at < 4.5 * (max - min)) return "mid";
  return "high";
}

// The course level that fits a score: low -> grundläggande, mid -> bred, high -> utvecklad.
export function levelFor(score, scale = DESIGN_SCALE) {
  return LEVELS[["low", "mid", "high"].indexOf(band(score, scale))];
}

// The n weakest areas (ties: lower area number first); areas without a
// score (partial data from an old version) are left out.
export function weakestAreas(scores, n = 2) {
  return Object.entries(scores)
    .filter(([, score]) => typeof score === "number" && Number.isFinite(score))
    .map(([area, score]) => [Number(area), score])
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, n)
    .map(([area]) => area);
}

// Courses for the weakest areas: same area, closest level first.
export function recommend(scores, courses, n = 2, perArea = 2, scale = DESIGN_SCALE) {
  return weakestAreas(scores, n).map((area) => {
    const wanted = LEVELS.indexOf(levelFor(scores[area], scale));
    const matches = courses
      .filter((c) => c.area === area)
      .sort((a, b) => Math.abs(LEVELS.indexOf(a.level) - wanted) - Math.abs(LEVELS.indexOf(b.level) - wanted)
        || a.title.localeCompare(b.title, "sv"));
    return { area, score: scores[area], courses: matches.slice(0, perArea) };
  });
}

export function change(current, previous) {
  if (typeof previous !== "number" || typeof current !== "number") return null;
  return Math.round((current - previous) * 10) / 10;
}
