// A manager who has never seen Kura: sign in, find the flow-type reps of
// the latest window and why, switch language, upload a CSV with an error
// and see it reported, sign out. Real headless Chromium via playwright-core.
//
// Run by crates/kura/tests/browser.rs, which starts `kura serve` on a demo
// organisation and passes:
//   KURA_URL, KURA_USER, KURA_PASSWORD, KURA_CHROMIUM, KURA_SCREENSHOTS,
//   KURA_BAD_CSV (a bundle activities.csv with a bad row on line 3)
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const base = env("KURA_URL");
const shots = env("KURA_SCREENSHOTS");
let step = 0;
const snap = async (page, name) => {
  step += 1;
  await page.screenshot({ path: path.join(shots, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
};

const browser = await chromium.launch({
  executablePath: env("KURA_CHROMIUM"),
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const errors = [];
try {
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Any script error or CSP violation on a page fails the journey.
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });

  // 1. Every page needs a session: the overview sends us to sign in.
  await page.goto(`${base}/`);
  assert.match(new URL(page.url()).pathname, /^\/login/);
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  await snap(page, "login-ja");

  // A wrong password is refused with a message, not a crash.
  await page.fill("#name", env("KURA_USER"));
  await page.fill("#password", "not-the-password");
  await page.click("#sign-in");
  await page.waitForSelector("#login-error");
  await snap(page, "login-refused");
  // That page came with its 401, which Chromium logs as a failed load.
  errors.length = 0;

  await page.fill("#name", env("KURA_USER"));
  await page.fill("#password", env("KURA_PASSWORD"));
  await page.click("#sign-in");
  await page.waitForURL(`${base}/`);
  await snap(page, "overview-ja");

  // 2. The overview names the flow-type reps of the latest diagnosis.
  const flowReps = await page.locator("#flow-reps li").allTextContents();
  assert.ok(flowReps.length > 0, "the overview lists flow-type reps");
  assert.ok(await page.locator("#calendar-strip li").count() > 0, "the calendar strip shows coming windows");

  // 3. The diagnosis shows them as flow rows, with the why and the charts.
  await page.click("#open-latest");
  await page.waitForSelector("#diagnosis-table");
  const flowRows = page.locator('#diagnosis-table tr[data-class="flow"]');
  assert.ok(await flowRows.count() > 0, "the diagnosis table has flow-type rows");
  const stories = page.locator("section.story.flow");
  assert.ok(await stories.count() > 0, "flow-type rows have their story");
  const firstStory = await stories.first().innerText();
  assert.match(firstStory, /次の一手/, "a story ends with a next step");
  assert.ok(await page.locator('figure svg[role="img"] title').count() >= 2, "the charts have titles");
  await snap(page, "diagnosis-ja");

  // 4. Switch to English and back: the same page in the other language.
  await page.click('a[hreflang="en"]');
  await page.waitForSelector('html[lang="en"]');
  assert.match(await page.locator("h1").innerText(), /Diagnosis/);
  assert.match(await page.locator("section.story.flow").first().innerText(), /Next:/);
  await snap(page, "diagnosis-en");

  // A flow rep's own page explains them across windows.
  const repLink = page.locator('#diagnosis-table tr[data-class="flow"] a[href^="/reps/"]').first();
  const repId = (await repLink.innerText()).trim();
  await repLink.click();
  await page.waitForSelector("h1");
  assert.match(await page.locator("h1").innerText(), new RegExp(repId));
  await snap(page, "rep-en");

  // 5. Upload a CSV with an error: the line is reported, nothing stored.
  await page.goto(`${base}/import`);
  await page.selectOption('#import-upload select[name="kind"]', "kura:activities");
  await page.setInputFiles('#import-upload input[name="file"]', env("KURA_BAD_CSV"));
  await page.click('#import-upload button[type="submit"]');
  await page.waitForSelector("#import-errors");
  const row = page.locator("#import-errors tbody tr").first();
  const cells = await row.locator("td").allInnerTexts();
  assert.match(cells[0], /activities\.csv/, "the bad row is named by its file");
  assert.equal(cells[1].trim(), "3", "and by its line");
  assert.match(cells[2], /occurred_at/, "and by its column");
  assert.equal(await page.locator("#import-confirm").count(), 0, "a file with errors cannot be confirmed");
  await snap(page, "import-errors-en");

  // 6. Sign out: the session is gone.
  await page.click("#logout");
  await page.waitForURL(/\/login/);
  await page.goto(`${base}/diagnosis`);
  assert.match(new URL(page.url()).pathname, /^\/login/);
  await snap(page, "signed-out");

  assert.deepEqual(errors, [], "no script errors or CSP violations");
  console.log(`browser journey passed: ${step} screenshots in ${shots}`);
} finally {
  await browser.close();
}
