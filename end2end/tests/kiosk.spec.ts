import { expect, test } from "@playwright/test";
import { App } from "../fixtures";

for (const offline of [false, true])
test(`the common-room board shows the week's visits with first names only${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await app.start(context, offline);
  await app.setup.createProgramme("Skive Kommune", "Per");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg Hansen", "Solhaven");
  const inTwoDays = await app.day(2);
  await app.visits.plan({ volunteer: "Anna Berg Hansen", careService: "Solhaven", first: inTwoDays, start: "14:00", end: "16:00", repeats: "Kun én gang" });
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
