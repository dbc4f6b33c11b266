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
  await app.nav("Frivillige").click();
  const form = page.getByTestId("add-volunteer");
  await form.getByLabel("Navn", { exact: true }).fill("Anna Berg Hansen");
  await form.getByLabel("Telefon").fill("12345678");
  await form.getByRole("checkbox", { name: "Solhaven" }).check();
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(page.getByTestId("volunteer-Anna Berg Hansen")).toBeVisible();
  await app.nav("Besøg").click();
  const plan = page.getByTestId("plan-visit");
  await plan.getByLabel("Frivillig").selectOption({ label: "Anna Berg Hansen" });
  await plan.getByLabel("Socialt tilbud").selectOption({ label: "Solhaven" });
  const inTwoDays = await day(page, 2);
  await plan.getByLabel("Dato (første gang)").fill(inTwoDays);
  await plan.getByLabel("Fra kl.").fill("14:00");
  await plan.getByLabel("Til kl.").fill("16:00");
  await plan.getByLabel("Gentages").selectOption({ label: "Kun én gang" });
  await plan.getByRole("button", { name: "Planlæg besøg" }).click();
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
