import { expect, test } from "../fixtures/clock";
import { App } from "../fixtures";

test("without IndexedDB (private mode) the app says so in Danish", async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
  await page.goto("/");
  await expect(page.getByTestId("storage-error")).toContainText("Appen kan ikke gemme data i denne browser");
});

test("a full disk refuses the change with a message and loses nothing", async ({ page }) => {
  // The browser's answer on a full device: IndexedDB refuses writes with QuotaExceededError.
  // (Chromium's quota override does not stop small writes, so the refusal is made at the API.)
  await page.addInitScript(() => {
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (...args: Parameters<typeof add>) {
      if ((window as any).diskFull) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return add.apply(this, args);
    };
  });
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Horsens Kommune", "Pia");
  await app.partners.addCareService("Solhaven");

  await page.evaluate(() => ((window as any).diskFull = true));
  const form = app.partners.addForm();
  await form.getByLabel("Slags part").selectOption({ label: "Virksomhed" });
  await form.getByLabel("Navn", { exact: true }).fill("Bravo IT");
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByTestId("form-error")).toHaveText(/Der er ikke mere plads på enheden/);
  // The form keeps what was typed, and nothing is shown as saved.
  await expect(form.getByLabel("Navn", { exact: true })).toHaveValue("Bravo IT");
  await expect(page.getByTestId("partner-Bravo IT")).toHaveCount(0);

  await page.evaluate(() => ((window as any).diskFull = false));
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(page.getByTestId("partner-Bravo IT")).toBeVisible();
  await app.reload();
  await expect(page.getByTestId("partner-Bravo IT")).toBeVisible();
  await expect(page.getByTestId("partner-Solhaven")).toBeVisible();

  // An untick shows at once; when the disk refuses it, the tick comes back with the message.
  await app.phase.tick(1, "Solhaven", "Udpeg en kontaktperson for de IT-frivillige");
  await page.evaluate(() => ((window as any).diskFull = true));
  const box = app.phase.tasks("Solhaven").getByRole("checkbox", { name: "Udpeg en kontaktperson for de IT-frivillige" });
  await box.click();
  const item = app.phase.tasks("Solhaven").getByTestId("task-p1.care_service.appoint_contact");
  await expect(item.getByTestId("form-error")).toHaveText(/Der er ikke mere plads på enheden/);
  await expect(box).toBeChecked();
  await page.evaluate(() => ((window as any).diskFull = false));
  await app.reload();
  await expect(box).toBeChecked();
});
