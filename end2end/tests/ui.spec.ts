import { expect, test } from "../fixtures/clock";
import { App } from "../fixtures";

test("the language switch works and is remembered", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Aalborg Kommune", "Ida");
  await page.getByTestId("lang-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Programme for Aalborg Kommune" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await app.goto("/faser/3");
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await app.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Hiring" })).toBeVisible();
  await page.getByTestId("lang-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Ansættelse" })).toBeVisible();
});

test("nothing scrolls sideways, on any page", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.noHorizontalScroll();
  await app.setup.createProgramme("Ringkøbing-Skjern Kommune med et meget langt navn", "Anne-Marie Kristiansen-Østergaard");
  await app.partners.addCareService("Bostedet ved Fjorden og Engene i Vestjylland");
  await app.partners.add("Virksomhed", "Vestjysk Teknologi og Rådgivning A/S");
  const solhaven = "Bostedet ved Fjorden og Engene i Vestjylland";
  const id = await page.getByTestId(`partner-${solhaven}`).count();
  expect(id).toBe(1);
  for (const path of ["/", "/faser", "/faser/1", "/faser/3", "/faser/5", "/raad", "/parter", "/frivillige", "/besoeg", "/mig", "/indstillinger", "/findes-ikke"]) {
    await app.goto(path);
    await expect(page.locator("main")).not.toBeEmpty();
    await app.noHorizontalScroll();
  }
  await app.advice.open(solhaven);
  await expect(app.advice.item(10)).toBeVisible();
  await app.noHorizontalScroll();
  // Every navigation label is readable in full.
  const clipped = await page.locator(".nav-text").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
  expect(clipped).toEqual([]);
});

test("the app is installable: manifest, icons and a service worker", async ({ page, request }) => {
  const app = new App(page);
  await app.open();
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: "Samskab", lang: "da", display: "standalone", start_url: "/" });
  const purposes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(purposes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) expect((await request.get(icon.src)).headers()["content-type"]).toBe("image/png");
  await app.waitForOfflineReady();
  // The worker precaches the hashed build files.
  const sw = await (await request.get("/sw.js")).text();
  expect(sw).toMatch(/samskab-[0-9a-f]+_bg\.wasm/);
});

test("each piece of advice explains what it means in practice", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Esbjerg Kommune", "Ole");
  await app.partners.addCareService("Havbo");
  await app.advice.open("Havbo");
  const first = app.advice.item(1);
  await first.getByText("Sådan gør I").click();
  await expect(first.getByText("byd på en kop kaffe")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(10);

  // A note alone does not tick the advice off.
  const second = app.advice.item(2);
  await second.getByRole("button", { name: /Note/ }).click();
  await second.getByLabel(/^Note/).fill("Intro aftalt til næste uge");
  await second.getByRole("button", { name: "Gem" }).click();
  await expect(second.getByText("Intro aftalt til næste uge")).toBeVisible();
  await expect(second.getByRole("checkbox")).not.toBeChecked();

  // A tick says who made it; the coordinator's device suggests the coordinator.
  await first.getByRole("checkbox").click();
  await expect(first.getByLabel("Hvem")).toHaveValue("Ole");
  await first.getByLabel("Hvem").fill("Ole Jensen");
  await first.getByRole("button", { name: "Markér som udført" }).click();
  await expect(first).toContainText(/Klaret i dag, .* af Ole Jensen/);
  // The number stays on the line of the title's first word.
  const gap = await first.locator(".advice-number").evaluate((number) => {
    const title = number.nextSibling!;
    const range = document.createRange();
    range.setStart(title, 0);
    range.setEnd(title, 1);
    return Math.abs(range.getClientRects()[0].top - number.getBoundingClientRect().top);
  });
  expect(gap).toBeLessThan(4);
});

test("the reminder bell is a drawn icon with a name, not an emoji a phone may lack", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Aalborg Kommune", "Ida");
  const bell = page.getByRole("link", { name: "Påmindelser: 0" });
  await expect(bell.locator("svg")).toHaveCount(1);
  expect(await bell.innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
});

test("on a tablet the sync line sits beside the menu, uncovered, and stays in sight while scrolling", async ({ page }, info) => {
  test.skip(info.project.name !== "tablet", "the side menu is a tablet's");
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Favrskov Kommune", "Jens");
  await app.settings.open();
  await app.settings.share();
  // A tablet held sideways: the phase page is taller than the screen.
  await page.setViewportSize({ width: 1180, height: 700 });
  await app.goto("/faser/1");
  const line = page.getByTestId("sync-status");
  await expect(line).toContainText("Synkroniseret");
  // Whatever is drawn at the line's own corners is the line (nothing lies over it).
  const uncovered = () =>
    line.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [
        [box.left + 4, box.top + 4],
        [box.right - 4, box.bottom - 4],
      ].every(([x, y]) => el.contains(document.elementFromPoint(x, y)));
    });
  expect(await uncovered()).toBe(true);
  await page.mouse.wheel(0, 800);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
  await expect(line).toBeInViewport();
  expect(await uncovered()).toBe(true);
});

test("the overview says why to start, and each phase opens with what it is about", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Thisted Kommune", "Bo");
  const why = page.getByTestId("why");
  await expect(why).toHaveAttribute("open", "");
  await expect(why).toContainText("1–2 gange om måneden");
  await expect(why).toContainText("omvendt integration");
  // Put away by a tap, and kept away while the page changes around it.
  await why.locator("summary").click();
  await expect(why).not.toHaveAttribute("open", "");
  await app.goto("/faser/3");
  await expect(page.getByTestId("phase-intro")).toContainText("samarbejdsaftale");
  await page.getByTestId("lang-switch").click();
  await expect(page.getByTestId("phase-intro")).toContainText("collaboration agreement");
  await app.goto("/");
  await expect(why.getByRole("heading", { level: 2 })).toHaveText("Why IT volunteers?");
});
