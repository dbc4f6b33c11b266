import { expect, test, type Page } from "@playwright/test";
import { Samskab } from "../fixtures/samskab";

const day = (page: Page, days: number) =>
  page.evaluate((d) => new Date(Date.now() + d * 86_400_000).toLocaleDateString("sv-SE"), days);

for (const offline of [false, true])
test(`the common-room board shows the week's visits with first names only${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new Samskab(page);
  await app.start(context, offline);
  await app.createProgramme("Skive Kommune", "Per");
  await app.addCareService("Solhaven");
  await app.addVolunteer("Anna Berg Hansen", "Solhaven");
  const inTwoDays = await day(page, 2);
  await app.planVisit({ volunteer: "Anna Berg Hansen", careService: "Solhaven", first: inTwoDays, start: "14:00", end: "16:00", repeats: "Kun én gang" });
  await expect(page.getByTestId("upcoming").getByRole("listitem")).toHaveCount(1);

  await app.nav("Parter").click();
  await page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen" }).click();
  const board = page.getByTestId("kiosk");
  await expect(board.getByRole("heading", { level: 1 })).toHaveText("Hvem kommer hvornår · Solhaven");
  await expect(page.getByTestId(`kiosk-${inTwoDays}`)).toContainText("14:00–16:00 Anna");
  await expect(board).not.toContainText("Berg");
  await expect(board).not.toContainText("12345678");
  await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeHidden();
  await expect(page.locator(".kiosk-day")).toHaveCount(7);
  await app.noHorizontalScroll();
});
