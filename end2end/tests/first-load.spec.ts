import { expect, test, type Page, type TestInfo } from "@playwright/test";
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
  await page.locator("#first-paint").getByRole("button", { name: "Opret et program" }).click();
  release();
  await expect(page.getByLabel("Invitationskode")).toBeFocused();
  await expect(page.getByTestId("welcome")).toHaveCount(0);
  await context.close();
});

test("a device that holds data, or opens an invite's link, or reads English, is not painted the Danish welcome", async ({ browser }, info) => {
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
  await fresh.page.evaluate(() => localStorage.setItem("samskab.lang", JSON.stringify("en")));
  await fresh.page.goto("/");
  await expect(fresh.page.locator("#first-paint")).toBeHidden();
  held();
  await expect(fresh.page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Samskab");
  await other.close();
  await context.close();
});
