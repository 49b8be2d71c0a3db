// Self-assessment scoring and course recommendations: pure functions.

export const LEVELS = ["grundläggande", "bred", "utvecklad"];

// answers: {statementId: 1..7}; areaOf: {statementId: area} -> {area: mean}
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

export function band(score) {
  if (score < 3.5) return "low";
  if (score < 5.5) return "mid";
  return "high";
}

// The course level that fits a score: low -> grundläggande, mid -> bred, high -> utvecklad.
export function levelFor(score) {
  return LEVELS[["low", "mid", "high"].indexOf(band(score))];
}

// The n weakest areas (ties: lower area number first).
export function weakestAreas(scores, n = 2) {
  return Object.entries(scores)
    .map(([area, score]) => [Number(area), score])
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, n)
    .map(([area]) => area);
}

// Courses for the weakest areas: same area, closest level first.
export function recommend(scores, courses, n = 2, perArea = 2) {
  return weakestAreas(scores, n).map((area) => {
    const wanted = LEVELS.indexOf(levelFor(scores[area]));
    const matches = courses
      .filter((c) => c.area === area)
      .sort((a, b) => Math.abs(LEVELS.indexOf(a.level) - wanted) - Math.abs(LEVELS.indexOf(b.level) - wanted)
        || a.title.localeCompare(b.title, "sv"));
    return { area, score: scores[area], courses: matches.slice(0, perArea) };
  });
}

export function change(current, previous) {
  if (previous === undefined || previous === null) return null;
  return Math.round((current - previous) * 10) / 10;
}
