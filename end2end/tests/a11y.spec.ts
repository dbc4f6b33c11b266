import AxeBuilder from "@axe-core/playwright";
import type { Browser, TestInfo } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import type { App } from "../fixtures";
import { joinedAs, programme, type Programme } from "../fixtures/roles";
import type { ROLE } from "../fixtures/settings";

// Every page of every role, found as a user finds them (by following the app's own
// links from the role's home), on a phone and a tablet: no serious or critical axe
// finding, no sideways scrolling, no console error.

test.describe.configure({ timeout: 300_000 });

/** At most this many pages per role (the crawl follows every link a page offers). */
const MAX_PAGES = 40;

/** Same-origin paths linked from the page: the menu, the header and the page's own links. */
async function links(app: App): Promise<string[]> {
  return app.page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
}

/** One page of each kind: /frivillige/<id> stands for every volunteer's page. */
const kind = (path: string) =>
  path
    .split("/")
    .map((part) => (/\d/.test(part) && part.length >= 8 ? ":id" : part))
    .join("/");

async function crawl(app: App, errors: string[]): Promise<string[]> {
  const seen = new Set<string>(["/"]);
  const queue = ["/"];
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const path = queue.shift()!;
    await app.goto(path);
    await expect(app.page.getByRole("heading", { level: 1 }), path).toBeVisible();
    const axe = await new AxeBuilder({ page: app.page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      .analyze();
    const serious = axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(serious, `axe on ${path}`).toEqual([]);
    await app.noHorizontalScroll();
    expect(errors, `console errors on ${path}`).toEqual([]);
    visited.push(path);
    for (const next of await links(app)) {
      const key = kind(next.split("#")[0]);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next.split("#")[0]);
      }
    }
  }
  return visited;
}

/** What a programme in use holds beyond the plan: a held visit, a cancelled one, a ticked task and advice, the calendar. */
async function inUse(p: Programme) {
  const { tablet } = p;
  const yesterday = await tablet.day(-1);
  await tablet.visits.plan({ volunteer: "Anna Berg", careService: "Solhaven", first: yesterday, start: "10:00", end: "12:00", repeats: "Kun én gang", activity: "Videoopkald" });
  const held = tablet.page.getByTestId("unregistered").getByRole("listitem");
  await held.getByRole("button", { name: "Afholdt" }).click();
  await held.getByLabel(/^Antal beboere/).fill("3");
  await held.getByRole("button", { name: "Gem" }).click();
  await expect(tablet.page.getByTestId("unregistered")).toHaveCount(0);
  const tomorrow = await tablet.day(1);
  await tablet.visits.plan({ volunteer: "Bo Dahl", careService: "Skovbo", first: tomorrow, start: "10:00", end: "12:00", repeats: "Kun én gang" });
  await tablet.visits.cancel(tablet.page.getByTestId(`visit-Bo Dahl-${tomorrow}`), "Bo er syg");
  await tablet.advice.tick("Solhaven", 1, "Aftalt på personalemødet");
  // A calendar with a meeting due, one held and noted.
  await tablet.calendar.open();
  await tablet.calendar.setStart(await tablet.day(-10));
  await tablet.calendar.edit("kickoff", "Kick-off", { held: true, note: "Godt fremmøde" });
  await tablet.settings.open();
  await tablet.settings.syncNow();
  // An invite waiting to be used, so the coordinator's settings list one.
  await tablet.settings.invite("volunteer", "Bo Dahl");
}

const roles: [keyof typeof ROLE | "coordinator", string][] = [
  ["coordinator", ""],
  ["careService", "Solhaven"],
  ["volunteerCentre", "Frivilligcenter Favrskov"],
  ["company", "Bravo IT"],
  ["volunteer", "Anna Berg"],
];

for (const [role, subject] of roles)
  test(`every page a ${role} reaches passes axe, fits the screen and logs no error`, async ({ browser }: { browser: Browser }, info: TestInfo) => {
    const errors: string[] = [];
    const p = await programme(browser, info);
    await inUse(p);
    let app: App;
    if (role === "coordinator") {
      app = p.tablet;
      app.page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${app.page.url()}: ${m.text()}`);
      });
    } else {
      app = await joinedAs(browser, info, p, role, subject, errors);
    }
    const visited = await crawl(app, errors);
    // The crawl reached more than the menu: the role's own sub-pages too.
    expect(visited.length, visited.join(" ")).toBeGreaterThan(3);
    info.annotations.push({ type: "pages", description: visited.join(" ") });
  });
