import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App, PHONE, TABLET, device } from "../fixtures";

// (The service worker's own script is fetched outside the page, so it is not seen here; the
// server tests serve it in each encoding.)
test("a first visit gets the app compressed, and every file decodes", async ({ page }) => {
  const encodings = new Map<string, string | undefined>();
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (/\.(wasm|js|css|webmanifest)$/.test(path) || path === "/") encodings.set(path, response.headers()["content-encoding"]);
  });
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Hedensted Kommune", "Lis");
  await app.waitForOfflineReady();
  const files = [...encodings.keys()];
  // (The stylesheet is inline in the page.)
  for (const pattern of [/^\/$/, /_bg\.wasm$/, /^\/samskab-[0-9a-f]{16}\.js$/]) {
    const path = files.find((f) => pattern.test(f));
    expect(path, `${pattern} was loaded`).toBeDefined();
    expect(encodings.get(path!), path).toBe("br");
  }
});

// The first paint (index.html): a first visit sees the welcome before the main module has
// come, so its largest text is painted with the page itself (Lighthouse's LCP).

/** A device of the test's kind without a service worker (no readiness change while the test looks). */
function bare(browser: Parameters<typeof device>[0], info: TestInfo) {
  return device(browser, info, info.project.name === "phone" ? PHONE : TABLET, { serviceWorkers: "block" });
}

/** Holds the main module back until `release` is called. */
async function holdMainModule(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/samskab-[0-9a-f]{16}_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** What the page shows: every element with a box, by tag, class, test id, role, own text and place. */
function drawn(page: Page) {
  return page.evaluate(() =>
    [...document.body.querySelectorAll("*")]
      .map((el) => {
        const r = el.getBoundingClientRect();
        const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join("");
        return {
          element: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
          testid: el.getAttribute("data-testid"),
          role: el.getAttribute("role"),
          label: el.getAttribute("aria-label"),
          described: el.getAttribute("aria-describedby"),
          own,
          box: [r.x, r.y, r.width, r.height].map(Math.round),
        };
      })
      .filter((el) => el.box[2] > 0 && el.box[3] > 0),
  );
}

test("a first visit paints the welcome before the main module comes, exactly as the module then draws it", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  const release = await holdMainModule(page);
  await page.goto("/");
  const firstPaint = page.locator("#first-paint");
  await expect(firstPaint.getByRole("heading", { level: 1 })).toHaveText("Velkommen til Samskab");
  await expect(firstPaint.getByText("Ikke klar til offline endnu — bliv på nettet et øjeblik")).toBeVisible();
  const painted = await drawn(page);
  release();
  await expect(firstPaint).toHaveCount(0);
  await expect(page.getByTestId("welcome")).toBeVisible();
  expect(await drawn(page)).toEqual(painted);
  await app.noHorizontalScroll();
  await context.close();
});

test("a tap on the first paint before the main module came opens the chosen form once it has", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  const release = await holdMainModule(page);
  await page.goto("/");
  await page.locator("#first-paint").getByRole("button", { name: "Deltag med en invitationskode" }).click();
  await expect(page.locator("#first-paint").getByRole("status").filter({ hasText: "Henter…" })).toBeVisible();
  // A second tap, of another choice, is not a second start.
  const other = page.locator("#first-paint").getByRole("button", { name: "Opret et program" });
  await expect(other).toHaveAttribute("aria-disabled", "true");
  await other.click({ force: true });
  release();
  await expect(page.getByLabel("Invitationskode")).toBeFocused();
  await expect(page.getByTestId("welcome")).toHaveCount(0);
  await context.close();
});

test("a device that holds data, or opens an invite's link, is not painted the welcome; one that chose English is painted it in English", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  await app.open();
  await app.begin("create");
  await app.setup.createProgramme("Skive Kommune", "Mette");
  await app.settled();
  const release = await holdMainModule(page);
  for (const path of ["/", "/faser"]) {
    await page.goto(path);
    await expect(page.locator("#first-paint")).toBeHidden();
  }
  release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Faser");

  const [other, fresh] = await bare(browser, info);
  const held = await holdMainModule(fresh.page);
  await fresh.page.goto("/deltag?kode=abc");
  await expect(fresh.page.locator("#first-paint")).toBeHidden();
  await fresh.page.evaluate(() => localStorage.setItem("samskab.language", JSON.stringify("en")));
  await fresh.page.goto("/");
  await expect(fresh.page.locator("#first-paint").getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  held();
  await expect(fresh.page.locator("#first-paint")).toHaveCount(0);
  await expect(fresh.page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  await other.close();
  await context.close();
});

test("a device in English gets the app in English, its first paint too, exactly as the module draws it, until its user chooses Danish", async ({ browser }, info) => {
  const { baseURL, timezoneId } = info.project.use;
  const kind = info.project.name === "phone" ? PHONE : TABLET;
  const context = await browser.newContext({ ...kind, baseURL, timezoneId, locale: "en-GB", serviceWorkers: "block" });
  // An older version stored the language on every start, chosen or not: not a choice.
  await context.addInitScript(() => {
    if (localStorage.getItem("samskab.lang") === null) localStorage.setItem("samskab.lang", JSON.stringify("da"));
  });
  const page = await context.newPage();
  const release = await holdMainModule(page);
  await page.goto("/");
  const firstPaint = page.locator("#first-paint");
  await expect(firstPaint.getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  await expect(firstPaint.getByRole("button", { name: "Create a programme" })).toBeVisible();
  const painted = await drawn(page);
  release();
  await expect(firstPaint).toHaveCount(0);
  const welcome = page.getByTestId("welcome");
  await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  expect(await drawn(page)).toEqual(painted);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // Not yet a choice: a reload still follows the device.
  await page.reload();
  await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  await page.getByTestId("lang-switch").click();
  await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Velkommen til Samskab");
  await page.reload();
  await expect(welcome.getByRole("heading", { level: 1 })).toHaveText("Velkommen til Samskab");
  await expect(page.locator("#first-paint")).toHaveCount(0);
  await context.close();
});

for (const [part, file] of [
  [/\/samskab-[0-9a-f]{16}_bg\.wasm$/, "the main module"],
  [/\/samskab-[0-9a-f]{16}\.js$/, "its JS"],
  [/\/__wasm_split-[0-9a-f]{16}\.js$/, "the split loader"],
] as const) {
  test(`a first visit whose ${file} cannot be fetched says so and reloads into the app`, async ({ browser }, info) => {
    const [context, app] = await bare(browser, info);
    const page = app.page;
    await page.route(part, (route) => route.abort("internetdisconnected"));
    await page.goto("/");
    await page.locator("#first-paint").getByRole("button", { name: "Opret et program" }).click();
    const failed = page.getByTestId("start-failed");
    await expect(failed).toContainText("Samskab kunne ikke hentes");
    await page.unroute(part);
    await failed.getByRole("button", { name: "Genindlæs / Reload" }).click();
    await expect(page.getByTestId("welcome-create")).toBeVisible();
    await expect(page.locator("#first-paint")).toHaveCount(0);
    await expect(failed).toBeHidden();
    await context.close();
  });
}

test("a device with data whose main module cannot be fetched says so, not a blank page", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  await app.open();
  await app.begin("create");
  await app.setup.createProgramme("Lemvig Kommune", "Ida");
  await app.settled();
  await app.page.route(/\/samskab-[0-9a-f]{16}_bg\.wasm$/, (route) => route.abort("internetdisconnected"));
  await app.page.goto("/");
  await expect(app.page.getByTestId("start-failed")).toBeVisible();
  await expect(app.page.locator("#first-paint")).toBeHidden();
  await context.close();
});

test("the service worker's downloads wait until the main module has started", async ({ browser }, info) => {
  const [context, app] = await device(browser, info, info.project.name === "phone" ? PHONE : TABLET);
  const page = app.page;
  const release = await holdMainModule(page);
  await page.goto("/");
  await expect(page.locator("#first-paint")).toBeVisible();
  // Long enough for a page's load event and a worker's whole precache.
  await page.waitForTimeout(1500);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined)).toBe(false);
  release();
  await app.waitForOfflineReady();
  await context.close();
});

test("keyboard focus on the first paint's button stays on it when the main module draws its own", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  const release = await holdMainModule(page);
  await page.goto("/");
  const firstPaint = page.locator("#first-paint");
  await firstPaint.getByTestId("welcome-create").focus();
  await expect(firstPaint.getByTestId("welcome-create")).toBeFocused();
  release();
  await expect(firstPaint).toHaveCount(0);
  await expect(page.getByTestId("welcome-create")).toBeFocused();
  await context.close();
});

test("a tap on the first paint of a browser that cannot list its databases still opens the form chosen", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  await page.addInitScript(() => {
    delete (IDBFactory.prototype as { databases?: unknown }).databases;
  });
  const release = await holdMainModule(page);
  await page.goto("/");
  await page.locator("#first-paint").getByRole("button", { name: "Deltag med en invitationskode" }).click();
  release();
  await expect(page.getByLabel("Invitationskode")).toBeFocused();
  await context.close();
});

test("a tap on the first paint while the main module looks for the device's data is not lost", async ({ browser }, info) => {
  const [context, app] = await bare(browser, info);
  const page = app.page;
  await page.addInitScript(() => {
    // The module's look for existing data takes a while (as on a slow phone): until the
    // test has tapped.
    const databases = IDBFactory.prototype.databases;
    IDBFactory.prototype.databases = function () {
      const probe = window as { probing?: boolean; endProbe?: () => void };
      probe.probing = true;
      return new Promise((resolve) => (probe.endProbe = () => resolve(databases.call(this))));
    };
  });
  await page.goto("/");
  await page.waitForFunction(() => (window as { probing?: boolean }).probing === true);
  await page.locator("#first-paint").getByRole("button", { name: "Deltag med en invitationskode" }).click();
  await page.evaluate(() => (window as { endProbe?: () => void }).endProbe?.());
  await expect(page.getByLabel("Invitationskode")).toBeFocused();
  await context.close();
});
