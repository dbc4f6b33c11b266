import type { BrowserContext, TestInfo } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App, PHONE, TABLET, device, inviteVolunteer } from "../fixtures";

// A first visit's welcome comes with the main module alone (src/start.rs); the app comes
// in a chunk of its own with the first tap, and what a first start does not need before
// its first change in chunks of theirs (src/chunks.rs): storing a change, syncing and
// joining, checking a backup, the heavy pages. Each chunk is fetched when it is first
// needed; one that cannot be fetched says so, loses nothing, and is fetched again the
// next time.

/** A device of the test's kind without a service worker: the page's own requests, so the test can see and fail them. */
function bare(browser: Parameters<typeof device>[0], info: TestInfo) {
  return device(browser, info, info.project.name === "phone" ? PHONE : TABLET, { serviceWorkers: "block" });
}

/** The chunks (`split_…`) the device fetches from now on, by name. */
function chunksOf(context: BrowserContext): string[] {
  const chunks: string[] = [];
  context.on("request", (request) => {
    const chunk = /\/(split_[a-z_]+)-[0-9a-f]{16}\.wasm$/.exec(new URL(request.url()).pathname);
    if (chunk) chunks.push(chunk[1]);
  });
  return chunks;
}

const chunk = (name: string) => new RegExp(`/split_${name}-[0-9a-f]{16}\\.wasm$`);

test("a first visit shows the welcome from the main module alone; the app comes with the first tap, at the chosen form", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const chunks = chunksOf(context);
  await app.open();
  const page = app.page;
  const welcome = page.getByTestId("welcome");
  await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Velkommen til Samskab");
  for (const choice of ["Opret et program", "Deltag med en invitationskode", "Gendan fra en sikkerhedskopi"]) {
    await expect(welcome.getByRole("button", { name: choice })).toBeVisible();
  }
  await page.waitForLoadState("networkidle");
  expect(chunks, "what the welcome fetched").toEqual([]);
  await welcome.getByRole("button", { name: "Opret et program" }).click();
  await expect(page.getByLabel("Kommunens navn")).toBeFocused();
  await expect(welcome).toHaveCount(0);
  expect(chunks).toContain("split_app");
  // Filling in the form fetches the code that stores the programme, before "Opret".
  await page.getByLabel("Kommunens navn").fill("Viborg Kommune");
  await expect.poll(() => chunks).toContain("split_store_changes");

  await app.setup.createProgramme("Viborg Kommune", "Ole");
  // A device that does not share never fetches the code that talks to the server.
  await app.nav("Faser").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Faser");
  expect(chunks).not.toContain("split_sync");
  expect(chunks).not.toContain("split_restore");
  // The next start opens the app at once: a device with data gets no welcome.
  await app.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Faser");
  await expect(welcome).toHaveCount(0);
  await context.close();
});

test("the welcome's choice that cannot fetch the app says so and keeps the welcome; the next tap opens it at its form", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  const page = app.page;
  await context.route(chunk("app"), (route) => route.abort("internetdisconnected"));
  await page.getByTestId("welcome-join").click();
  await expect(page.getByTestId("welcome-error")).toContainText("Appen kunne ikke hentes: enheden er uden net, eller der er kommet en ny version. Prøv igen, når der er net; hjælper det ikke, så genindlæs.");
  await expect(page.getByTestId("welcome")).toBeVisible();
  await context.unroute(chunk("app"));
  await page.getByTestId("welcome-join").click();
  await expect(page.getByTestId("join-code")).toBeFocused();
  await page.waitForLoadState("networkidle");
  await expect(page.locator(".shell")).toHaveCount(1);
  await expect(page.getByTestId("join")).toHaveCount(1);

  await context.close();

  // In English, the third choice: the backup's file field.
  const [other, next] = await bare(browser, info);
  await next.open();
  await next.page.getByTestId("lang-switch").click();
  await next.page.getByRole("button", { name: "Restore from a backup" }).click();
  await expect(next.page.getByLabel("Restore from file")).toBeFocused();
  await other.close();
});

test("a browser that cannot list its databases opens the app at once", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await context.addInitScript(() => {
    delete (IDBFactory.prototype as { databases?: unknown }).databases;
  });
  await app.open();
  await expect(app.page.getByRole("heading", { name: "Opret jeres program" })).toBeVisible();
  await expect(app.page.getByTestId("welcome")).toHaveCount(0);
  await context.close();
});

test("a welcome left open in one tab while another creates the programme opens that programme", async ({ browser }, info) => {
  const [context, first] = await bare(browser, info);
  await first.open();
  const second = new App(await context.newPage());
  await second.open();
  await expect(second.page.getByTestId("welcome")).toBeVisible();
  await first.setup.createProgramme("Viborg Kommune", "Ole");
  await second.page.getByTestId("welcome-create").click();
  await expect(second.page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await expect(second.page.getByLabel("Kommunens navn")).toHaveCount(0);
  await context.close();
});

test("a device whose local storage was cleared but whose database was kept opens its programme, not the welcome", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  await app.settled();
  await app.page.evaluate(() => localStorage.clear());
  await app.reload();
  await expect(app.page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await expect(app.page.getByTestId("welcome")).toHaveCount(0);
  await context.close();
});

test("an invite's link on a first visit says it is loading while the app comes, then offers to join", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(chunk("app"), async (route) => {
    await held;
    await route.continue();
  });
  await app.goto("/deltag?kode=ABCD-EFGH");
  await expect(app.page.getByRole("status").filter({ hasText: "Henter…" })).toBeVisible();
  await expect(app.page.getByTestId("welcome")).toHaveCount(0);
  release();
  await expect(app.page.getByTestId("join-code")).toHaveValue("ABCD-EFGH");
  await expect(app.page.getByRole("status").filter({ hasText: "Henter…" })).toHaveCount(0);
  await context.close();
});

test("a start whose app cannot be fetched says so in Danish and reloads into the app", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  await context.route(chunk("app"), (route) => route.abort("internetdisconnected"));
  await app.reload();
  const failed = app.page.getByTestId("chunk-failed");
  await expect(failed).toContainText("Denne side kunne ikke hentes");
  await context.unroute(chunk("app"));
  await Promise.all([app.page.waitForEvent("load"), failed.getByRole("button", { name: "Genindlæs" }).click()]);
  await expect(app.page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await context.close();
});

test("a change whose code cannot be fetched is not made, says so, and keeps what was typed", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  const page = app.page;
  await context.route(chunk("store_changes"), (route) => route.abort("internetdisconnected"));
  await app.begin("create");
  await page.getByLabel("Kommunens navn").fill("Viborg Kommune");
  await page.getByLabel("Koordinatorens navn").fill("Ole");
  await page.getByRole("button", { name: "Opret" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Ændringen blev ikke gemt: den del af appen, der gemmer, kunne ikke hentes");
  await expect(page.getByLabel("Kommunens navn")).toHaveValue("Viborg Kommune");
  await expect(page.getByLabel("Koordinatorens navn")).toHaveValue("Ole");

  // With the network back, the same tap makes it, for good.
  await context.unroute(chunk("store_changes"));
  await page.getByRole("button", { name: "Opret" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await app.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await context.close();
});

test("an untick whose code cannot be fetched leaves the box ticked, as it is stored", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  const task = "Tag initiativ til at starte samarbejdet";
  await app.phase.tick(1, "Viborg Kommune", task);
  // A new start: the code that stores a change is not fetched yet, and cannot be.
  await context.route(chunk("store_changes"), (route) => route.abort("internetdisconnected"));
  await app.reload();
  const box = app.phase.tasks("Viborg Kommune").getByRole("checkbox", { name: task });
  await box.click();
  await expect(app.page.getByTestId("form-error").filter({ hasText: "Ændringen blev ikke gemt" })).toBeVisible();
  await expect(box).toBeChecked();
  await context.unroute(chunk("store_changes"));
  await box.click();
  await expect(box).not.toBeChecked();
  await app.reload();
  await expect(box).not.toBeChecked();
  await context.close();
});

test("a second tap on \"Opret\" while the code that stores it is on its way makes no second programme", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  // Slow mobile data: the chunk takes a second and a half.
  await context.route(chunk("store_changes"), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await app.open();
  const page = app.page;
  await app.begin("create");
  await page.getByLabel("Kommunens navn").fill("Viborg Kommune");
  await page.getByLabel("Koordinatorens navn").fill("Ole");
  const create = page.getByRole("button", { name: "Opret" });
  await create.click();
  await create.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await app.nav("Parter").click();
  await expect(page.getByTestId("partner-Viborg Kommune")).toHaveCount(1);
  await context.close();
});

test("joining while the code that talks to the server cannot be fetched says so; the next try joins", async ({ browser }, info) => {
  const [coordinatorContext, coordinator] = await device(browser, info, TABLET);
  await coordinator.open();
  await coordinator.setup.createProgramme("Favrskov Kommune", "Jens");
  await coordinator.partners.addCareService("Solhaven");
  await coordinator.volunteers.add("Anna Berg", "Solhaven");
  const code = await inviteVolunteer(coordinator, "Anna Berg");

  const [context, phone] = await bare(browser, info);
  await context.route(chunk("sync"), (route) => route.abort("internetdisconnected"));
  await phone.join.open(code);
  await phone.join.submit();
  await expect(phone.page.getByTestId("join")).toContainText("Den del af appen, der taler med serveren, kunne ikke hentes");
  await expect(phone.page.getByTestId("join-code")).toHaveValue(code);

  await context.unroute(chunk("sync"));
  await phone.join.submit();
  await expect(phone.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\./);
  await context.close();
  await coordinatorContext.close();
});

test("a backup chosen while the code that checks it cannot be fetched says so; the next file is checked", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  await context.route(chunk("restore"), (route) => route.abort("internetdisconnected"));
  await app.restore.choose("noter.json", '{"not": "a backup"}');
  const report = app.page.getByTestId("restore-report");
  await expect(report).toContainText("Intet er gendannet: den del af appen, der gendanner, kunne ikke hentes");
  await expect(app.page.getByTestId("restore-confirm")).toHaveCount(0);

  await context.unroute(chunk("restore"));
  await app.restore.choose("noter.json", '{"not": "a backup"}');
  await expect(report).toHaveText("Filen er ikke en sikkerhedskopi fra Samskab. Intet er gendannet.");
  await context.close();
});
