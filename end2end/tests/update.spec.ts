import { expect, test } from "../fixtures/clock";
import { spawn, type ChildProcess } from "node:child_process";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../fixtures";

// A deployment of our own: a copy of the build served by a second server, so the test
// can publish a "new version" by rewriting its service worker.
const PORT = Number(process.env.SAMSKAB_E2E_UPDATE_PORT ?? 8091);
let dist: string;
let server: ChildProcess;

test.beforeAll(async ({}, info) => {
  const port = PORT + info.parallelIndex;
  dist = mkdtempSync(join(tmpdir(), "samskab-dist-"));
  cpSync("../dist", dist, { recursive: true });
  server = spawn("../target/release/samskab-server", ["--addr", `127.0.0.1:${port}`, "--dist", dist, "--data", `${dist}-data`, "--log", "warn"], { stdio: "inherit" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the second server did not start");
});

test.afterAll(() => {
  server?.kill();
  rmSync(dist, { recursive: true, force: true });
});

/** Publishes a new version: the same files, a new worker (and its compressed copies). */
function deploy(version: string) {
  const sw = join(dist, "sw.js");
  const worker = readFileSync(sw, "utf8").replace(/const VERSION = "[0-9a-f]+"/, `const VERSION = "${version}"`);
  writeFileSync(sw, worker);
  writeFileSync(`${sw}.br`, brotliCompressSync(worker));
  writeFileSync(`${sw}.gz`, gzipSync(worker));
}

test("a new version is offered as \"Ny version — genindlæs\" and reloads into it", async ({ page }, info) => {
  const base = `http://127.0.0.1:${PORT + info.parallelIndex}`;
  const app = new App(page);
  await app.open(`${base}/`);
  await app.setup.createProgramme("Kolding Kommune", "Bo");
  await app.waitForOfflineReady();
  await expect(page.getByTestId("update-button")).toHaveCount(0);

  deploy("0000000000000001");
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const button = page.getByTestId("update-button");
  await expect(button).toHaveText("Ny version — genindlæs");

  await page.evaluate(() => ((window as any).beforeUpdate = true));
  await Promise.all([page.waitForEvent("load"), button.click()]);
  expect(await page.evaluate(() => (window as any).beforeUpdate)).toBeUndefined();
  await expect(page.getByRole("heading", { level: 1, name: "Program for Kolding Kommune" })).toBeVisible();
  await expect(page.getByTestId("update-button")).toHaveCount(0);
  const version = await page.evaluate(async () => {
    const keys = await caches.keys();
    return keys.filter((k) => k.startsWith("samskab-"));
  });
  expect(version).toEqual(["samskab-0000000000000001"]);
});

test("an app left open finds a new version when it comes to the front", async ({ page }, info) => {
  const app = new App(page);
  await app.open(`http://127.0.0.1:${PORT + info.parallelIndex}/`);
  await app.begin("create");
  await app.waitForOfflineReady();
  deploy("0000000000000002");
  await expect(page.getByTestId("update-button")).toHaveCount(0);
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(page.getByTestId("update-button")).toBeVisible();
});

test("taking an update never loses what is typed but not saved", async ({ page }, info) => {
  const app = new App(page);
  await app.open(`http://127.0.0.1:${PORT + info.parallelIndex}/`);
  await app.setup.createProgramme("Favrskov Kommune", "Jens");
  await app.waitForOfflineReady();
  await app.nav("Parter").click();
  await app.partners.addForm().getByLabel("Slags part").selectOption({ label: "Virksomhed" });
  const name = app.partners.addForm().getByLabel("Navn", { exact: true });
  await name.fill("Alfa IT");
  deploy("0000000000000003");
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const update = page.getByTestId("update-button");
  await expect(update).toBeVisible();
  // The app asks first; "no" keeps the page and the text.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await update.click();
  await expect.poll(() => asked).toContain("Der står tekst, du ikke har gemt");
  await expect(name).toHaveValue("Alfa IT");
  // Saved, the text no longer holds the update back: it reloads into the new version.
  await app.partners.addForm().getByRole("button", { name: "Tilføj" }).click();
  await expect(page.getByTestId("partner-Alfa IT")).toBeVisible();
  await Promise.all([page.waitForEvent("load"), update.click()]);
  await app.nav("Parter").click();
  await expect(page.getByTestId("partner-Alfa IT")).toBeVisible();
});
