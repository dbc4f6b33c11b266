import { expect, test } from "../fixtures/clock";
import { App, goOffline } from "../fixtures";

const MAP_NEEDS = "Kortlæg behov og opgaver til de frivillige";
const APPOINT_CONTACT = "Udpeg en kontaktperson for de IT-frivillige";
const INVITE = "Indkald til samtale";

async function buildProgramme(app: App) {
  await app.open();
  await app.setup.createProgramme("Aarhus Kommune", "Mette Holm");
  await app.partners.addCareService("Solhaven");
  await app.partners.addCareService("Skovbo", "Dagtilbud");
  await app.phase.tick(1, "Solhaven", MAP_NEEDS, { by: "Lone", note: "Aftalt på personalemødet" });
  await app.phase.tick(1, "Solhaven", APPOINT_CONTACT);
  await app.phase.tick(2, "Skovbo", INVITE);
  for (const n of [1, 2, 5]) await app.advice.tick("Solhaven", n, `Note ${n}`);
}

async function expectProgramme(app: App) {
  const page = app.page;
  await app.open("/");
  const phase1 = page.getByTestId("overview-phase-1");
  // Municipality 4 tasks, two care services 4 each; 2 ticked.
  expect(await app.overview.progress(phase1, "Alle parter")).toBe("2/12");
  expect(await app.overview.progress(phase1, "Solhaven")).toBe("2/4");
  expect(await app.overview.progress(phase1, "Skovbo")).toBe("0/4");
  await expect(phase1.getByRole("progressbar", { name: "Solhaven" })).toHaveAttribute("aria-valuetext", "2 af 4");
  const phase2 = page.getByTestId("overview-phase-2");
  expect(await app.overview.progress(phase2, "Alle parter")).toBe("1/11");
  expect(await app.overview.progress(phase2, "Skovbo")).toBe("1/4");
  const advice = page.getByTestId("overview-advice");
  expect(await app.overview.progress(advice, "Solhaven")).toBe("3/10");
  expect(await app.overview.progress(advice, "Skovbo")).toBe("0/10");

  await app.goto("/faser/1");
  const solhaven = app.phase.tasks("Solhaven");
  await expect(solhaven.getByRole("checkbox", { name: MAP_NEEDS })).toBeChecked();
  await expect(solhaven.getByTestId("task-p1.care_service.map_needs").getByTestId("tick-meta")).toContainText("Udført af Lone");
  await expect(solhaven.getByText("Aftalt på personalemødet")).toBeVisible();
  await expect(app.phase.tasks("Skovbo").getByRole("checkbox", { name: MAP_NEEDS })).not.toBeChecked();
}

test("a programme with two care services keeps its ticks across a reload", async ({ page }) => {
  const app = new App(page);
  await buildProgramme(app);
  await app.reload();
  await expectProgramme(app);
});

test("everything is there offline, and ticks made offline are kept", async ({ page, context }) => {
  const app = new App(page);
  await buildProgramme(app);
  await app.waitForOfflineReady();
  await goOffline(context);
  await app.reload();
  await expectProgramme(app);
  await expect(page.getByTestId("offline-banner")).toBeVisible();

  // Tick while offline, then close and reopen the page without network.
  await app.phase.tick(3, "Skovbo", "Indhent straffeattest");
  const reopened = await context.newPage();
  await app.close();
  const again = new App(reopened);
  await again.open("/faser/3");
  await expect(again.phase.tasks("Skovbo").getByRole("checkbox", { name: "Indhent straffeattest" })).toBeChecked();
});

test("a task can be unticked and the ticks show who and when", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Vejle Kommune", "Jonas");
  await app.partners.addCareService("Lindely");
  await app.phase.tick(1, "Lindely", MAP_NEEDS);
  const section = app.phase.tasks("Lindely");
  await expect(section.getByTestId("task-p1.care_service.map_needs").getByTestId("tick-meta")).toContainText("Udført af Jonas");
  await section.getByRole("checkbox", { name: MAP_NEEDS }).click();
  await expect(section.getByRole("checkbox", { name: MAP_NEEDS })).not.toBeChecked();
  await app.reload();
  await expect(app.phase.tasks("Lindely").getByRole("checkbox", { name: MAP_NEEDS })).not.toBeChecked();
});

test("a task unticked and ticked again at once opens its form", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Vejle Kommune", "Jonas");
  await app.partners.addCareService("Lindely");
  await app.phase.tick(1, "Lindely", MAP_NEEDS);
  const box = app.phase.tasks("Lindely").getByRole("checkbox", { name: MAP_NEEDS });
  // The second tap comes while the untick is still being written.
  await box.evaluate(async (input: HTMLInputElement) => {
    input.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    input.click();
  });
  await app.settled();
  const item = app.phase.tasks("Lindely").getByTestId("task-p1.care_service.map_needs");
  await expect(item.getByLabel("Hvem")).toBeVisible();
  await item.getByRole("button", { name: "Markér som udført" }).click();
  await expect(box).toBeChecked();
});

test("after creating the programme the coordinator sees the next steps, ticked as they are done, and can put them away", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Norddjurs Kommune", "Sofie");
  const steps = page.getByTestId("first-steps");
  await expect(steps.getByRole("listitem")).toHaveCount(4);
  await expect(steps.getByRole("listitem").filter({ hasText: "Mangler" })).toHaveCount(4);
  await app.partners.addCareService("Solhaven");
  await app.nav("Overblik").click();
  const partners = steps.getByRole("listitem").first();
  await expect(partners).toContainText("Udført");
  await expect(partners).toHaveClass(/done/);
  await partners.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parter");
  await app.nav("Overblik").click();
  await steps.getByRole("button", { name: "Skjul" }).click();
  await expect(steps).toHaveCount(0);
  await app.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Program for Norddjurs Kommune" })).toBeVisible();
  await expect(page.getByTestId("first-steps")).toHaveCount(0);
});
