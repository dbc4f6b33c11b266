import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Samskab } from "../fixtures/samskab";

// A deployment of our own: a copy of the build served by a second server, so the test
// can publish a "new version" by rewriting its service worker.
const PORT = 8091;
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

test("a new version is offered as \"Ny version — genindlæs\" and reloads into it", async ({ page }, info) => {
  const base = `http://127.0.0.1:${PORT + info.parallelIndex}`;
  const app = new Samskab(page);
  await app.open(`${base}/`);
  await app.createProgramme("Kolding Kommune", "Bo");
  await app.waitForOfflineReady();
  await expect(page.getByTestId("update-button")).toHaveCount(0);

  // Deploy: same files, new worker version.
  const sw = join(dist, "sw.js");
  writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "0000000000000001"'));
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
