import { chromium } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { App } from "../fixtures";

// Offline you can trust: what browsers really do to the device's storage.

/** Whether the stored snapshot is of the latest write (`meta`'s two generations agree). */
async function snapshotIsCurrent(app: App): Promise<boolean> {
  return app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open("samskab");
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const read = (key: string) =>
      new Promise<unknown>((done, fail) => {
        const get = db.transaction("meta").objectStore("meta").get(key);
        get.onsuccess = () => done(get.result);
        get.onerror = () => fail(get.error);
      });
    const [generation, snapshot] = [await read("generation"), await read("snapshot_seen_generation")];
    db.close();
    return generation !== undefined && generation === snapshot;
  });
}

test("two tabs of one device see each other's changes, and neither hides the other's for good", async ({ context }) => {
  const first = new App(await context.newPage());
  await first.open();
  await first.setup.createProgramme("Favrskov Kommune", "Jens");
  // The second tab opens before either adds anything.
  const second = new App(await context.newPage());
  await second.open();
  await expect(second.page.getByRole("heading", { level: 1, name: "Program for Favrskov Kommune" })).toBeVisible();

  await first.partners.add("Virksomhed", "Alfa IT");
  await second.partners.add("Virksomhed", "Bravo IT");
  // Each shows the other's without a reload.
  for (const tab of [first, second]) {
    await tab.nav("Parter").click();
    await expect(tab.page.getByTestId("partner-Alfa IT")).toBeVisible();
    await expect(tab.page.getByTestId("partner-Bravo IT")).toBeVisible();
  }
  // Once a snapshot of the latest write is saved, a new tab starts with both.
  await expect.poll(() => snapshotIsCurrent(first), { timeout: 15_000 }).toBe(true);
  const third = new App(await context.newPage());
  await third.open("/parter");
  await expect(third.page.getByTestId("partner-Alfa IT")).toBeVisible();
  await expect(third.page.getByTestId("partner-Bravo IT")).toBeVisible();
  // And so does the first tab, read afresh.
  await first.reload();
  await expect(first.page.getByTestId("partner-Bravo IT")).toBeVisible();
});

for (const [what, change, message] of [
  ["opens a newer version of the database (an update)", "upgrade", "Samskab er opdateret i en anden fane"],
  ["deletes the database", "delete", "Samskabs data på denne enhed er slettet i en anden fane"],
] as const) {
  test(`an open tab never blocks another that ${what}, and says to reload`, async ({ context }) => {
    const open = new App(await context.newPage());
    await open.open();
    await open.setup.createProgramme("Favrskov Kommune", "Jens");
    await open.partners.add("Virksomhed", "Alfa IT");
    const other = await context.newPage();
    await other.goto("/healthz");
    const outcome = await other.evaluate(
      (change) =>
        new Promise<string>((done) => {
          const request = change === "upgrade" ? indexedDB.open("samskab", 99) : indexedDB.deleteDatabase("samskab");
          request.onblocked = () => done("blocked");
          request.onsuccess = () => {
            if (request.result instanceof IDBDatabase) request.result.close();
            done("done");
          };
          request.onerror = () => done(`error: ${request.error}`);
        }),
      change,
    );
    expect(outcome).toBe("done");
    const error = open.page.getByTestId("storage-error");
    await expect(error).toContainText(message);
    await expect(error.getByRole("button", { name: "Genindlæs" })).toBeVisible();
  });
}

test("'ready without a network' is said only once it is true, and the worker is registered again when the network returns", async ({ context }) => {
  // The first visit cannot fetch the service worker (the network drops at once).
  await context.route("**/sw.js", (route) => route.abort("internetdisconnected"));
  const app = new App(await context.newPage());
  await app.open();
  const readiness = app.page.getByTestId("offline-readiness");
  await expect(readiness).toHaveText("Ikke klar til offline endnu — bliv på nettet et øjeblik");
  await context.setOffline(true);
  await app.page.evaluate(() => window.dispatchEvent(new Event("offline")));
  await expect(app.page.getByTestId("offline-banner")).toContainText("kan ikke startes igen uden net endnu");
  // The network returns: the worker is registered, installs, and takes the page.
  await context.unroute("**/sw.js");
  await context.setOffline(false);
  await app.page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(readiness).toContainText("Klar til brug uden net", { timeout: 30_000 });
  await readiness.getByRole("button", { name: "OK" }).click();
  await expect(readiness).toHaveText("");
  // And now it does start without one, and opens the app.
  await context.setOffline(true);
  await app.reload();
  await expect(app.page.getByRole("heading", { name: "Velkommen til Samskab" })).toBeVisible();
  await app.begin("create");
  await expect(app.page.getByRole("heading", { name: "Opret jeres program" })).toBeVisible();
});

test("a database the browser deleted is noticed, and the backup brings the data back", async ({ context, page }, info) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Favrskov Kommune", "Jens");
  await app.partners.add("Virksomhed", "Alfa IT");
  const backup = await (await app.settings.saveBackup()).path();
  // The browser deletes the database (as clearing site data in part does), not the rest.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", { origin: new URL(info.project.use.baseURL!).origin, storageTypes: "indexeddb" });
  await app.reload();
  const lost = page.getByTestId("data-lost");
  await expect(lost).toContainText("Data, denne enhed havde, er væk");
  await expect(page.getByTestId("create-programme")).toHaveCount(0);
  await app.restore.chooseFile(backup);
  await app.restore.confirm();
  await app.nav("Parter").click();
  await expect(page.getByTestId("partner-Alfa IT")).toBeVisible();
});

test("a full disk gets the right message, and nothing is half saved", async ({}, info) => {
  test.skip(info.project.name !== "tablet", "one browser on a disk of its own is enough");
  // Chromium's profile on a small disk of its own, which the test fills from outside.
  const disk = mkdtempSync("/tmp/samskab-disk-");
  try {
    execSync(`mount -t tmpfs -o size=128m tmpfs ${disk}`, { stdio: "pipe" });
  } catch (error) {
    rmSync(disk, { recursive: true, force: true });
    test.skip(true, `a small disk needs a tmpfs, and this machine cannot mount one: ${String(error).split("\n")[0]}`);
  }
  const { baseURL, locale, timezoneId, viewport, launchOptions } = info.project.use;
  const context = await chromium.launchPersistentContext(`${disk}/profile`, { ...launchOptions, baseURL, locale, timezoneId, viewport });
  try {
    const app = new App(context.pages()[0] ?? (await context.newPage()));
    await app.open();
    await app.setup.createProgramme("Favrskov Kommune", "Jens");
    await app.nav("Parter").click();
    // On the partners page (its code fetched), the disk fills up.
    await expect(app.partners.addForm()).toBeVisible();
    execSync(`dd if=/dev/zero of=${disk}/filler bs=64k 2>/dev/null || true`);
    const form = app.partners.addForm();
    await form.getByLabel("Slags part").selectOption({ label: "Virksomhed" });
    await form.getByLabel("Navn", { exact: true }).fill("Alfa IT");
    await form.getByRole("button", { name: "Tilføj" }).click();
    await expect(form.getByTestId("form-error")).toContainText("Der er ikke mere plads på enheden. Ændringen er ikke gemt, og intet er halvt gemt.");
    // Room again: nothing of the refused change was kept, and the next try is saved.
    rmSync(`${disk}/filler`);
    await app.reload();
    await app.nav("Parter").click();
    await expect(app.page.getByTestId("partner-Alfa IT")).toHaveCount(0);
    await app.partners.add("Virksomhed", "Alfa IT");
    await expect(app.page.getByTestId("partner-Alfa IT")).toBeVisible();
  } finally {
    await context.close();
    execSync(`umount ${disk} && rmdir ${disk}`);
  }
});
