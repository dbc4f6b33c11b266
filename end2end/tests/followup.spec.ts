import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App } from "../fixtures";

async function withAnna(app: App, context: BrowserContext, offline: boolean) {
  await app.start(context, offline);
  await app.setup.createProgramme("Odder Kommune", "Inge");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg", "Solhaven");
}

const bell = (page: Page) => page.getByTestId("reminders-link");

for (const offline of [false, true])
test(`reminders: a visit today, a stuck step, a trial ending and a status meeting due${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await withAnna(app, context, offline);
  await expect(bell(page)).toHaveAttribute("aria-label", "Påmindelser: 0");

  // A visit today, early enough to have begun whenever the test runs (it is recorded as
  // held at the end, which waits for the visit's start).
  const anna = { volunteer: "Anna Berg", careService: "Solhaven", repeats: "Kun én gang" };
  await app.visits.plan({ ...anna, first: await app.day(0), start: "00:00", end: "00:30" });
  await expect(bell(page)).toHaveAttribute("aria-label", "Påmindelser: 1");

  // The application came in 20 days ago and nothing has happened since: stuck.
  await app.volunteers.open("Anna Berg");
  await app.volunteers.completeStep("Ansøgning modtaget", { by: "Lone", on: await app.day(-20) });
  await expect(bell(page)).toHaveAttribute("aria-label", "Påmindelser: 2");

  await bell(page).click();
  const list = page.getByTestId("reminders");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem").first()).toHaveText("I dag 00:00–00:30: Anna Berg på Solhaven");
  await expect(list.getByRole("listitem").nth(1)).toContainText("Anna Berg: Venter siden");
  await expect(list.getByRole("listitem").nth(1)).toContainText("Screenet af frivilligcentret");

  // A one-month trial that started 20 days ago (after the interview and the agreement)
  // ends within 14 days; reviewing it, from two weeks before its end, clears that.
  await list.getByRole("link", { name: /Venter siden/ }).click();
  await page.getByTestId("trial-months").selectOption("1");
  for (const step of ["Samtale holdt (en beboer og lederen deltog)", "Samarbejdsaftale indgået", "Prøveperiode startet"])
    await app.volunteers.completeStep(step, { by: "Lone", on: await app.day(-20) });
  await expect(page.getByTestId("trial-end")).toContainText("Prøveperioden slutter");
  await bell(page).click();
  await expect(list).toContainText("Prøveperioden slutter");
  await page.goBack();
  await app.volunteers.completeStep("Prøveperioden evalueret", { by: "Lone" });
  await bell(page).click();
  await expect(list).not.toContainText("Prøveperioden slutter");

  // Bo's trial was reviewed six months ago (less ten days): a status meeting is due;
  // holding it clears it.
  await app.volunteers.add("Bo Dahl", "Solhaven");
  await app.volunteers.open("Bo Dahl");
  for (const [step, days] of [
    ["Ansøgning modtaget", -300],
    ["Samtale holdt (en beboer og lederen deltog)", -300],
    ["Samarbejdsaftale indgået", -300],
    ["Prøveperiode startet", -265],
    ["Prøveperioden evalueret", -172],
  ] as const)
    await app.volunteers.completeStep(step, { by: "Lone", on: await app.day(days) });
  await expect(page.getByTestId("next-status-meeting")).toContainText("Næste statusmøde senest");
  await bell(page).click();
  await expect(list).toContainText("Statusmøde skal holdes senest");
  await page.goBack();
  await page.getByRole("button", { name: "Statusmøde holdt" }).click();
  await expect(page.getByText(/Sidste statusmøde:/)).toBeVisible();
  await bell(page).click();
  await expect(list).not.toContainText("Statusmøde");

  // Recording today's visit as held takes it off the list.
  await app.nav("Besøg").click();
  const visit = page.getByTestId(`visit-Anna Berg-${await app.day(0)}`);
  await visit.getByRole("button", { name: "Afholdt" }).click();
  await visit.getByLabel(/^Antal beboere/).fill("3");
  await visit.getByRole("button", { name: "Gem" }).click();
  await bell(page).click();
  await expect(list).not.toContainText("I dag");
  await app.noHorizontalScroll();
});

test("a volunteer's photo is made small, shown on the board, and can be removed", async ({ page, context }) => {
  const app = new App(page);
  await withAnna(app, context, false);
  await page.getByRole("link", { name: "Anna Berg" }).click();

  // A 600x400 PNG, as a phone's camera would give a (much larger) JPEG.
  const png = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 600;
    canvas.height = 400;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#c0392b";
    ctx.fillRect(0, 0, 600, 400);
    return canvas.toDataURL("image/png").split(",")[1];
  });
  const picker = page.getByLabel(/^Vælg foto/);
  await picker.setInputFiles({ name: "not-a-photo.png", mimeType: "image/png", buffer: Buffer.from("hello") });
  await expect(page.getByText("Filen kunne ikke bruges som foto.")).toBeVisible();
  await expect(page.getByTestId("volunteer-photo")).toHaveCount(0);

  await picker.setInputFiles({ name: "anna.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
  const photo = page.getByRole("img", { name: "Foto af Anna Berg" });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight, img.src.slice(0, 23)])).toEqual([
    160,
    160,
    "data:image/jpeg;base64,",
  ]);
  await expect(page.getByText("Filen kunne ikke bruges som foto.")).toHaveCount(0);

  // On the common-room board, with the first name.
  await app.visits.plan({ volunteer: "Anna Berg", careService: "Solhaven", first: await app.day(1), start: "10:00", end: "11:00", repeats: "Kun én gang" });
  await app.nav("Parter").click();
  await page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen – Solhaven", exact: true }).click();
  await expect(page.getByTestId(`kiosk-${await app.day(1)}`).locator("img.kiosk-photo")).toHaveCount(1);

  await page.goBack();
  await app.volunteers.open("Anna Berg");
  await page.getByRole("button", { name: "Fjern foto" }).click();
  await expect(page.getByTestId("volunteer-photo")).toHaveCount(0);
  await app.reload();
  await expect(page.getByTestId("volunteer-photo")).toHaveCount(0);
});
