// Builds the national-holiday fixture for kura-calendar's tests.
//
// Usage: node generate.mjs NODE_MODULES_DIR CABINET_OFFICE_PKG PROJECTION_PKG
//
// Sources:
// - `japanese-public-holidays` ships the Cabinet Office's syukujitsu.csv
//   (内閣府「国民の祝日」) unchanged as index.csv: the official list, 1955 to
//   the year after its release. Its names are taken verbatim.
// - `@holiday-jp/holiday_jp` carries the same dates from 1970 and projects
//   them to 2050 by the same rules. It is used only for the years after the
//   official list ends, with its names mapped onto the Cabinet Office's
//   conventions (see normaliseProjectedName).
//
// The two sources are compared on every year they share: any difference in
// dates or (normalised) names aborts, so the fixture never mixes two
// disagreeing readings of the law.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const FIRST_YEAR = 1955;
const LAST_YEAR = 2050;

const [modulesDir, cabinetPkg, projectionPkg] = process.argv.slice(2);
if (!modulesDir || !cabinetPkg || !projectionPkg) {
  console.error("usage: node generate.mjs NODE_MODULES_DIR CABINET_OFFICE_PKG PROJECTION_PKG");
  process.exit(2);
}

// --- the Cabinet Office list ---------------------------------------------
const cabinetCsv = readFileSync(
  path.join(modulesDir, "japanese-public-holidays", "index.csv"),
  "utf8",
);
const official = new Map(); // date -> name
for (const line of cabinetCsv.split(/\r?\n/).slice(1)) {
  if (line.trim() === "") continue;
  const [date, name] = line.split(",");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !name) {
    throw new Error(`unexpected line in the Cabinet Office list: ${JSON.stringify(line)}`);
  }
  official.set(date, name);
}
const officialYears = [...official.keys()].map((d) => Number(d.slice(0, 4)));
const officialFirst = Math.min(...officialYears);
const officialLast = Math.max(...officialYears);
if (officialFirst !== FIRST_YEAR) {
  throw new Error(`the Cabinet Office list starts in ${officialFirst}, expected ${FIRST_YEAR}`);
}

// --- the projection --------------------------------------------------------
const require = createRequire(path.join(modulesDir, "noop.js"));
const projectedRaw = require(path.join(modulesDir, "@holiday-jp", "holiday_jp", "lib", "holidays.js"));

// holiday_jp names a substitute holiday "<holiday> 振替休日"; the Cabinet
// Office calls every substitute and citizen's holiday just "休日".
function normaliseProjectedName(name) {
  return name.endsWith(" 振替休日") ? "休日" : name;
}
const projected = new Map();
for (const [date, h] of Object.entries(projectedRaw)) {
  projected.set(date, normaliseProjectedName(h.name));
}
const projectedYears = [...projected.keys()].map((d) => Number(d.slice(0, 4)));
const projectedFirst = Math.min(...projectedYears);
if (Math.max(...projectedYears) < LAST_YEAR) {
  throw new Error(`the projection ends before ${LAST_YEAR}`);
}

// --- cross-check the shared years --------------------------------------
const inYears = (map, first, last) =>
  new Map([...map].filter(([d]) => {
    const y = Number(d.slice(0, 4));
    return y >= first && y <= last;
  }));
const a = inYears(official, projectedFirst, officialLast);
const b = inYears(projected, projectedFirst, officialLast);
const problems = [];
for (const [d, n] of a) {
  if (!b.has(d)) problems.push(`${d} ${n}: only in the Cabinet Office list`);
  else if (b.get(d) !== n) problems.push(`${d}: Cabinet Office ${n}, projection ${b.get(d)}`);
}
for (const [d, n] of b) if (!a.has(d)) problems.push(`${d} ${n}: only in the projection`);
if (problems.length > 0) {
  throw new Error(`the sources disagree on ${projectedFirst}-${officialLast}:\n${problems.join("\n")}`);
}

// --- write ----------------------------------------------------------------
const rows = [
  ...inYears(official, FIRST_YEAR, officialLast),
  ...inYears(projected, officialLast + 1, LAST_YEAR),
].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));

const today = new Date().toISOString().slice(0, 10);
const out = [
  `# Japanese national holidays ${FIRST_YEAR}-${LAST_YEAR}, generated ${today} by scripts/holidays-fixture/generate.sh`,
  `# ${FIRST_YEAR}-${officialLast}: the Cabinet Office's syukujitsu.csv as shipped in npm ${cabinetPkg} (names verbatim)`,
  `# ${officialLast + 1}-${LAST_YEAR}: projection from npm ${projectionPkg} ("X 振替休日" renamed "休日" as the Cabinet Office does)`,
  `# the two sources were checked to agree on every date and name of ${projectedFirst}-${officialLast}`,
  "date,name",
  ...rows.map(([d, n]) => `${d},${n}`),
];
process.stdout.write(out.join("\n") + "\n");
