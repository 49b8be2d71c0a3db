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

// -- recommendations by competence (issue 20) ---------------------------------
// Statements name the DigComp 2.2 competences they probe (main one first),
// courses the competences they teach: a course is recommended for the
// statements where the reader feels least sure.

const levelDistance = (course, wanted) => Math.abs(LEVELS.indexOf(course.level) - wanted);
const byTitle = (a, b) => a.title.localeCompare(b.title, "sv");

// The courses that teach a statement's competences, best match first: most
// of its competences, then its main competence, then the level that fits
// the answer, then the course's own main competence, then the title.
export function coursesForStatement(statement, answer, courses, scale = DESIGN_SCALE) {
  const wanted = LEVELS.indexOf(levelFor(answer, scale));
  const wantedCompetences = statement.competences || [];
  return courses
    .map((course) => {
      const taught = course.competences || [];
      const shared = wantedCompetences.filter((c) => taught.includes(c));
      if (!shared.length) return null;
      const main = wantedCompetences.findIndex((c) => taught.includes(c));
      return { course, key: [-shared.length, main, levelDistance(course, wanted), taught.indexOf(wantedCompetences[main])] };
    })
    .filter(Boolean)
    .sort((a, b) => a.key.map((v, i) => v - b.key[i]).find((d) => d !== 0) || byTitle(a.course, b.course))
    .map((x) => x.course);
}

// The statements to act on: those answered in the lowest band that has any
// answer (low, else mid, else high), lowest answer first.
export function weakStatements(answers, statements, scale = DESIGN_SCALE) {
  const answered = statements.filter((s) => typeof answers[s.id] === "number");
  for (const wanted of ["low", "mid", "high"]) {
    const found = answered.filter((s) => band(answers[s.id], scale) === wanted);
    if (found.length) return found.sort((a, b) => answers[a.id] - answers[b.id]);
  }
  return [];
}

// Personal recommendations: for each weak statement its best course that is
// not skipped (done already); statements sharing a course are gathered.
// -> [{ course, statements: [statement…], lowest }], at most `max`.
export function recommendCourses(answers, statements, courses, { scale = DESIGN_SCALE, skip = () => false, max = 4 } = {}) {
  const picked = new Map();
  for (const statement of weakStatements(answers, statements, scale)) {
    const course = coursesForStatement(statement, answers[statement.id], courses, scale).find((c) => !skip(c));
    if (!course) continue;
    if (!picked.has(course.slug)) picked.set(course.slug, { course, statements: [], lowest: answers[statement.id] });
    picked.get(course.slug).statements.push(statement);
  }
  return [...picked.values()]
    .map((r, order) => ({ ...r, order }))
    .sort((a, b) => a.lowest - b.lowest || b.statements.length - a.statements.length || a.order - b.order)
    .slice(0, max)
    .map(({ order, ...r }) => r);
}

// Courses for a group's weak area: the competences its statements probe,
// weighted by how many statements probe each; a course two levels away
// from the group's median (basic for a confident group) comes last.
export function coursesForArea(area, median, statements, courses, { scale = DESIGN_SCALE, max = 3 } = {}) {
  const weight = {};
  for (const s of statements.filter((x) => x.area === area)) {
    for (const c of s.competences || []) weight[c] = (weight[c] || 0) + 1;
  }
  const wanted = LEVELS.indexOf(levelFor(median, scale));
  return courses
    .map((course) => ({ course, score: (course.competences || []).reduce((sum, c) => sum + (weight[c] || 0), 0) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => (levelDistance(a.course, wanted) > 1) - (levelDistance(b.course, wanted) > 1)
      || b.score - a.score || levelDistance(a.course, wanted) - levelDistance(b.course, wanted)
      || byTitle(a.course, b.course))
    .slice(0, max)
    .map((x) => x.course);
}

// -- a group's results (the group page) ---------------------------------------

// The median of numbers (the mean of the middle two for an even count).
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Per area: n, median, lowest, highest and the middle half (quartiles by
// the median of each half; for n = 3 the halves are the outer values).
export function groupSummary(list, areas = [1, 2, 3, 4, 5]) {
  return areas.map((area) => {
    const values = list.map((scores) => scores[area]).filter((v) => typeof v === "number").sort((a, b) => a - b);
    const half = Math.floor(values.length / 2);
    const lower = values.slice(0, half);
    const upper = values.slice(values.length - half);
    return {
      area, n: values.length, median: values.length ? median(values) : null,
      min: values[0] ?? null, max: values.at(-1) ?? null,
      q1: lower.length ? median(lower) : null, q3: upper.length ? median(upper) : null,
    };
  });
}
