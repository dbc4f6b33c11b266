import { expect, test } from "../fixtures/clock";
import { readFileSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";
import { App } from "../fixtures";

const STEPS = [
  "Ansøgning modtaget",
  "Screenet af frivilligcentret",
  "Samtale holdt (en beboer og lederen deltog)",
  "Straffeattest set og vurderet",
  "Erklæring om tavshedspligt og underretningspligt underskrevet",
  "Samarbejdsaftale indgået",
  "Introduktion givet",
  "Kontaktperson udpeget",
  "Prøveperiode startet",
  "Prøveperioden evalueret",
];

async function setUp(app: App, context: BrowserContext, offline: boolean) {
  await app.start(context, offline);
  await app.setup.createProgramme("Silkeborg Kommune", "Hanne");
  await app.partners.addCareService("Solhaven");
  await app.partners.add("Virksomhed", "Bravo IT");
  await app.nav("Frivillige").click();
}

for (const offline of [false, true])
test(`a leader adds a volunteer and walks them through onboarding to active${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context, offline);
  const form = page.getByTestId("add-volunteer");
  await form.getByLabel("Navn", { exact: true }).fill("Anna Berg");
  await form.getByLabel("Telefon").fill("+45 12 34 56 78");
  await form.getByRole("checkbox", { name: "Solhaven" }).check();
  await form.getByLabel(/^Kommer fra virksomhed/).selectOption({ label: "Bravo IT" });
  await form.getByLabel(/^IT-kompetencer/).fill("iPad, Skype, Facebook");
  await form.getByRole("button", { name: "Tilføj" }).click();

  // Her page says who she is and where she goes, her number readable and callable.
  await page.getByRole("link", { name: "Anna Berg" }).click();
  const profile = page.getByTestId("volunteer-profile");
  await expect(profile.getByRole("link", { name: "+45 12 34 56 78" })).toHaveAttribute("href", "tel:+4512345678");
  for (const text of ["Solhaven", "Bravo IT", "iPad, Skype, Facebook"]) await expect(profile).toContainText(text);
  await app.nav("Frivillige").click();
  const card = page.getByTestId("volunteer-Anna Berg");
  await expect(page.getByTestId("stage-StageOnboarding").getByTestId("volunteer-Anna Berg")).toBeVisible();
  await expect(card).toContainText("Næste skridt: Ansøgning modtaget");
  await card.getByRole("link", { name: "Anna Berg" }).click();

  const onboarding = page.getByTestId("onboarding");
  await expect(onboarding).toContainText("aldrig dens indhold");
  // A step waits for what must come first, and says what that is.
  const trial = page.getByRole("checkbox", { name: STEPS[8] });
  await expect(trial).toBeDisabled();
  await expect(onboarding.getByRole("listitem").filter({ has: trial }).getByTestId("locked-why")).toHaveText(
    `Først: ${STEPS[3]}, ${STEPS[4]}, ${STEPS[5]}.`,
  );
  for (const step of STEPS.slice(0, 9)) await app.volunteers.completeStep(step, { by: "Lone" });
  await expect(page.getByTestId("trial-end")).toContainText("Prøveperioden slutter");
  // The criminal record keeps no note: its form has none.
  await expect(onboarding.getByRole("listitem").filter({ has: page.getByRole("checkbox", { name: STEPS[3] }) }).locator("textarea")).toHaveCount(0);
  // The trial's review waits for its end (two weeks before), unless it ended early.
  const review = onboarding.getByRole("listitem").filter({ has: page.getByRole("checkbox", { name: STEPS[9] }) });
  await onboarding.getByRole("checkbox", { name: STEPS[9] }).click();
  await review.getByLabel("Hvem").fill("Lone");
  await review.getByRole("button", { name: "Markér som udført" }).click();
  await expect(review).toContainText("For tidligt");
  await expect(onboarding.getByRole("checkbox", { name: STEPS[9] })).not.toBeChecked();
  await review.getByLabel("Prøveperioden sluttede før tid").check();
  await review.getByRole("button", { name: "Markér som udført" }).click();
  await expect(onboarding.getByRole("checkbox", { name: STEPS[9] })).toBeChecked();
  // Undo; dated ahead to the trial's end, it is refused (a step is marked once done),
  // and marked again as ended early.
  await onboarding.getByRole("checkbox", { name: STEPS[9] }).click();
  await expect(onboarding.getByRole("checkbox", { name: STEPS[9] })).not.toBeChecked();
  await onboarding.getByRole("checkbox", { name: STEPS[9] }).click();
  await review.getByLabel("Hvem").fill("Lone");
  await review.getByLabel("Dato").fill(await app.day(92));
  await review.getByLabel("Prøveperioden sluttede før tid").check();
  await review.getByRole("button", { name: "Markér som udført" }).click();
  await expect(review).toContainText("Datoen er ikke kommet endnu");
  await expect(onboarding.getByRole("checkbox", { name: STEPS[9] })).not.toBeChecked();
  await review.getByLabel("Dato").fill(await app.day(0));
  await review.getByRole("button", { name: "Markér som udført" }).click();
  await expect(onboarding.getByRole("checkbox", { name: STEPS[9] })).toBeChecked();

  await app.reload();
  await app.nav("Frivillige").click();
  await expect(page.getByTestId("stage-StageActive").getByTestId("volunteer-Anna Berg")).toBeVisible();

  // Pause, and the board follows.
  await page.getByRole("link", { name: "Anna Berg" }).click();
  await page.getByRole("button", { name: "Sæt på pause" }).click();
  await app.nav("Frivillige").click();
  await expect(page.getByTestId("stage-StagePaused").getByTestId("volunteer-Anna Berg")).toBeVisible();
});

for (const offline of [false, true])
test(`a volunteer's data can be exported and deleted${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context, offline);
  const form = page.getByTestId("add-volunteer");
  await form.getByLabel("Navn", { exact: true }).fill("Bo Ravn");
  await form.getByLabel("E-mail").fill("bo@ravn.dk");
  await form.getByRole("checkbox", { name: "Solhaven" }).check();
  await form.getByRole("button", { name: "Tilføj" }).click();
  await page.getByRole("link", { name: "Bo Ravn" }).click();
  await page.getByTestId("onboarding").getByRole("checkbox", { name: STEPS[0] }).click();
  await page.getByTestId("onboarding").getByLabel("Hvem").fill("Lone");
  await page.getByTestId("onboarding").getByRole("button", { name: "Markér som udført" }).click();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-volunteer").click()]);
  const data = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(data).toMatchObject({ name: "Bo Ravn", email: "bo@ravn.dk", care_services: ["Solhaven"], onboarding: [{ step: "application_received", by: "Lone" }] });

  await app.volunteers.erase();
  await expect(page.getByTestId("volunteer-Bo Ravn")).toHaveCount(0);
  await app.reload();
  await expect(page.getByTestId("volunteer-Bo Ravn")).toHaveCount(0);
  await expect(page.getByText("Ingen frivillige endnu.")).toBeVisible();
});

test("bad volunteer details are refused with clear messages", async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context, false);
  const form = page.getByTestId("add-volunteer");
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByTestId("form-error")).toContainText("Ret felterne");
  await expect(form.getByText("Vælg mindst ét tilbud.")).toBeVisible();
  await form.getByLabel("Navn", { exact: true }).fill("Cai");
  await form.getByLabel("Telefon").fill("12 34");
  await form.getByLabel("E-mail").fill("cai@");
  await form.getByRole("checkbox", { name: "Solhaven" }).check();
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByText(/Ugyldigt telefonnummer/)).toBeVisible();
  await expect(form.getByText("Ugyldig e-mailadresse.")).toBeVisible();
  await app.reload();
  await expect(page.getByText("Ingen frivillige endnu.")).toBeVisible();
});
