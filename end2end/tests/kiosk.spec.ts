import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App } from "../fixtures";

/** The instant `hh:mm` on `date` (YYYY-MM-DD) in the browser's time zone (Copenhagen). */
const at = (page: Page, date: string, hh: number, mm: number, ss = 0) =>
  page.evaluate(([d, h, m, s]) => {
    const [y, mo, day] = (d as string).split("-").map(Number);
    return new Date(y, mo - 1, day, h as number, m as number, s as number).getTime();
  }, [date, hh, mm, ss] as const);

for (const offline of [false, true])
test(`the common-room board shows the week's visits with first names only${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await app.start(context, offline);
  await app.setup.createProgramme("Skive Kommune", "Per");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg Hansen", "Solhaven");
  await app.volunteers.add("Carl Holm", "Solhaven");
  const [today, tomorrow, inTwoDays] = [await app.day(0), await app.day(1), await app.day(2)];
  const once = { careService: "Solhaven", repeats: "Kun én gang" };
  await app.visits.plan({ ...once, volunteer: "Anna Berg Hansen", first: today, start: "09:00", end: "10:00", activity: "Avisen på tablet" });
  await app.visits.plan({ ...once, volunteer: "Carl Holm", first: today, start: "11:00", end: "12:00", activity: "Wii-bowling" });
  await app.visits.plan({ ...once, volunteer: "Anna Berg Hansen", first: inTwoDays, start: "14:00", end: "16:00" });
  await app.settled();

  // The board is looked at at 11:30 today: Anna's morning visit is over, Carl's is on.
  await page.clock.install({ time: await at(page, today, 11, 30) });
  await app.nav("Parter").click();
  await page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen" }).click();
  const board = page.getByTestId("kiosk");
  await expect(board.getByRole("heading", { level: 1 })).toHaveText("Hvem kommer hvornår · Solhaven");
  await expect(page.getByTestId("kiosk-clock")).toContainText("11:30");
  await expect(page.getByTestId("kiosk-clock")).toContainText(/(Mandag|Tirsdag|Onsdag|Torsdag|Fredag|Lørdag|Søndag) \d+\./);
  const day = (date: string) => page.getByTestId(`kiosk-${date}`);
  const over = day(today).locator("li[data-timing=past]");
  await expect(over).toHaveCount(1);
  await expect(over).toContainText("09:00–10:00 Anna");
  await expect(over).toContainText("Avisen på tablet");
  const now = day(today).locator("li[data-timing=now]");
  await expect(now).toContainText("Nu 11:00–12:00 Carl");
  await expect(now).toContainText("Wii-bowling");
  await expect(day(inTwoDays).locator("li[data-timing=next]")).toContainText("Næste 14:00–16:00 Anna");
  await expect(board.getByText("Næste")).toHaveCount(1);
  // An empty day says so once, and only an empty day.
  await expect(day(tomorrow).getByText("Ingen besøg")).toHaveCount(1);
  await expect(day(today).getByText("Ingen besøg")).toHaveCount(0);
  await expect(board).not.toContainText("Berg");
  await expect(board).not.toContainText("Holm");
  await expect(board).not.toContainText("12345678");
  // Full screen for the residents: no menu, no sync line, no banners.
  await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeHidden();
  await expect(page.getByTestId("sync-status")).toBeHidden();
  await expect(page.locator(".kiosk-day")).toHaveCount(7);
  await app.noHorizontalScroll();

  // Left on overnight, it moves on by itself: after midnight today is tomorrow.
  await page.clock.setSystemTime(await at(page, today, 23, 59, 50));
  await page.clock.runFor(30_000);
  await expect(page.getByTestId("kiosk-clock")).toContainText("00:00");
  await expect(page.locator(".kiosk-day").first()).toHaveAttribute("data-testid", `kiosk-${tomorrow}`);
  await expect(page.locator(".kiosk-day").first().getByRole("heading")).toHaveText("I dag");
  await expect(page.locator(".kiosk-day.today")).toHaveCount(1);
});
