import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App, PHONE, TABLET, device, goOffline } from "../fixtures";

// The app comes in a wasm chunk of its own (src/start.rs), and its heavy pages, the
// settings and the residents' board, in chunks of theirs (src/pages/lazy.rs): each route
// must render by direct link and by clicking through, online and offline after the first
// visit, with no error in the console.

/** Errors the page logs or throws, from now on. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** A programme with a care service and a volunteer; every route's path, and its heading. */
async function programme(app: App): Promise<[string, RegExp][]> {
  await app.open();
  await app.setup.createProgramme("Silkeborg Kommune", "Mona");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg", "Solhaven");
  const page = app.page;
  const volunteer = await page.getByTestId("volunteer-Anna Berg").getByRole("link", { name: "Anna Berg" }).getAttribute("href");
  await app.nav("Parter").click();
  const board = await page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen" }).getAttribute("href");
  const advice = board!.replace("/tavle/", "/raad/");
  return [
    ["/", /Program for Silkeborg Kommune/],
    ["/faser", /Faser/],
    ["/faser/1", /Forberedelse/],
    ["/faser/5", /Opfølgning/],
    ["/raad", /råd/i],
    [advice, /Solhaven/],
    ["/parter", /Parter/],
    ["/frivillige", /Frivillige/],
    [volunteer!, /Anna Berg/],
    ["/besoeg", /Besøg/],
    ["/mig", /^Mig$/],
    [board!, /Solhaven/],
    ["/resultater", /Resultater/],
    ["/paamindelser", /Påmindelser/],
    ["/indstillinger", /Opsætning/],
    ["/deltag", /Opsætning/],
    ["/findes-ikke", /findes ikke/i],
  ];
}

async function rendersEach(app: App, routes: [string, RegExp][]) {
  for (const [path, heading] of routes) {
    await app.goto(path);
    await expect(app.page.getByRole("heading", { level: 1 }), path).toHaveText(heading);
    await expect(app.page.getByTestId("chunk-failed"), path).toHaveCount(0);
  }
}

async function clicksThrough(app: App) {
  const page = app.page;
  await app.goto("/");
  for (const [link, heading] of [
    ["Faser", /Faser/],
    ["Gode råd", /råd/i],
    ["Frivillige", /Frivillige/],
    ["Besøg", /Besøg/],
    ["Parter", /Parter/],
    ["Opsætning", /Opsætning/],
    ["Overblik", /Program for/],
  ] as const) {
    await app.nav(link).click();
    await expect(page.getByRole("heading", { level: 1 }), link).toHaveText(heading);
  }
  await page.getByRole("banner").getByRole("link", { name: "Mig" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Mig$/);
  await page.getByRole("banner").getByRole("link", { name: /Påmindelser/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Påmindelser/);
  await app.nav("Faser").click();
  await page.getByRole("link", { name: /Forberedelse/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Forberedelse/);
}

test("every route renders by direct link and by clicking through, online and then offline", async ({ page, context }) => {
  const errors = errorsOf(page);
  const app = new App(page);
  const routes = await programme(app);
  await rendersEach(app, routes);
  await clicksThrough(app);
  expect(errors, "console errors online").toEqual([]);

  // Offline: every chunk comes from the service worker's precache.
  await app.waitForOfflineReady();
  await goOffline(context);
  const offline = new App(await context.newPage());
  const offlineErrors = errorsOf(offline.page);
  await rendersEach(offline, routes);
  await clicksThrough(offline);
  expect(offlineErrors, "console errors offline").toEqual([]);
});

test("a route whose chunk cannot be fetched says so in Danish, and the app goes on", async ({ browser }, info) => {
  // No service worker: the page's own requests, so the test can fail one.
  const [context, app] = await device(browser, info, info.project.name === "phone" ? PHONE : TABLET, { serviceWorkers: "block" });
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  await context.route(/\/split_settings-[0-9a-f]{16}\.wasm$/, (route) => route.abort("internetdisconnected"));
  await app.nav("Opsætning").click();
  const failed = app.page.getByTestId("chunk-failed");
  await expect(failed).toContainText("Denne side kunne ikke hentes");
  // The router is not dead: other pages still open.
  await app.nav("Overblik").click();
  await expect(app.page.getByRole("heading", { level: 1 })).toHaveText("Program for Viborg Kommune");
  await app.nav("Opsætning").click();
  await expect(failed).toBeVisible();
  // With the network back, "Genindlæs" brings the page.
  await context.unroute(/\/split_settings-[0-9a-f]{16}\.wasm$/);
  await Promise.all([app.page.waitForEvent("load"), failed.getByRole("button", { name: "Genindlæs" }).click()]);
  await expect(app.page.getByRole("heading", { level: 1 })).toHaveText("Opsætning");
  await context.close();
});

test("a chunk that failed is fetched again the next time its page is opened, without a reload", async ({ browser }, info) => {
  const [context, app] = await device(browser, info, info.project.name === "phone" ? PHONE : TABLET, { serviceWorkers: "block" });
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  await app.partners.addCareService("Solhaven");
  const board = app.page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen" });
  const chunk = /\/split_kiosk-[0-9a-f]{16}\.wasm$/;
  await context.route(chunk, (route) => route.abort("internetdisconnected"));
  await board.click();
  await expect(app.page.getByTestId("chunk-failed")).toBeVisible();
  await context.unroute(chunk);
  await app.page.goBack();
  await board.click();
  await expect(app.page.getByRole("heading", { level: 1 })).toHaveText(/Solhaven/);
  await expect(app.page.getByTestId("chunk-failed")).toHaveCount(0);
  await context.close();
});

test("a page opened by its link and its menu item tapped at once shows the page", async ({ page, context }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Viborg Kommune", "Ole");
  // A slow phone: the tap comes while the page's code is still on its way.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  for (let i = 0; i < 3; i++) {
    await page.goto("/indstillinger", { waitUntil: "commit" });
    await app.nav("Opsætning").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opsætning");
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
});
