import { expect, test } from "../fixtures/clock";
import { readFileSync } from "node:fs";
import { App, newDevice } from "../fixtures";

async function saveBackup(app: App): Promise<string> {
  const download = await app.settings.saveBackup();
  expect(download.suggestedFilename()).toMatch(/^samskab-sikkerhedskopi-\d{4}-\d{2}-\d{2}\.json$/);
  return readFileSync(await download.path(), "utf8");
}

test("a backup restores into a fresh browser, offline, and never overwrites newer data", async ({ page, context, browser }, info) => {
  const app = new App(page);
  await app.start(context, true);
  await app.setup.createProgramme("Favrskov Kommune", "Jens");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg", "Solhaven", { phone: "12345678", cleared: false });
  const backup = await saveBackup(app);
  expect(JSON.parse(backup)).toMatchObject({ format: "samskab-backup", version: 1 });

  // Another device: a fresh browser context, which then loses its network too.
  const other = await newDevice(browser, info);
  const otherPage = await other.newPage();
  const second = new App(otherPage);
  await second.start(other, true);
  await expect(otherPage.getByRole("heading", { name: "Velkommen til Samskab" })).toBeVisible();
  await second.restore.choose("backup.json", backup);
  const report = otherPage.getByTestId("restore-report");
  await expect(report).toContainText("Tilføjer: 1 program, 2 parter, 1 frivillige.");
  await second.restore.confirm();
  await expect(otherPage.getByRole("heading", { level: 1, name: "Program for Favrskov Kommune" })).toBeVisible();
  await second.nav("Frivillige").click();
  await expect(otherPage.getByTestId("volunteer-Anna Berg")).toBeVisible();

  // The second device renames Anna; restoring the older backup keeps the newer name.
  await otherPage.getByRole("link", { name: "Anna Berg" }).click();
  await otherPage.getByRole("button", { name: "Redigér oplysninger" }).click();
  await otherPage.getByLabel("Navn", { exact: true }).fill("Anna Berg Holm");
  await otherPage.getByRole("button", { name: "Gem" }).click();
  await expect(otherPage.getByRole("heading", { level: 1, name: "Anna Berg Holm" })).toBeVisible();
  await second.goto("/indstillinger");
  await second.restore.choose("backup.json", backup);
  await expect(report).toContainText("Filen indeholder intet nyt for denne enhed.");
  await expect(otherPage.getByTestId("restore-confirm")).toHaveCount(0);
  await second.nav("Frivillige").click();
  await expect(otherPage.getByTestId("volunteer-Anna Berg Holm")).toBeVisible();

  // Back on the first device, the second device's backup brings the new name over.
  const newer = await saveBackup(second);
  await app.goto("/indstillinger");
  await app.restore.choose("newer.json", newer);
  await expect(page.getByTestId("restore-report")).toContainText("Opdaterer: 1 frivillige.");
  await app.restore.confirm();
  await expect(page.getByTestId("restore-report")).toHaveText("Sikkerhedskopien er gendannet.");
  await app.nav("Frivillige").click();
  await expect(page.getByTestId("volunteer-Anna Berg Holm")).toBeVisible();
  await other.close();
});

test("a backup file that is truncated, newer, damaged, another programme's or not ours is refused", async ({ page, context, browser }, info) => {
  const app = new App(page);
  await app.start(context, false);
  await app.setup.createProgramme("Norddjurs Kommune", "Lis");
  await app.partners.addCareService("Solhaven");
  const backup = await saveBackup(app);
  const file = JSON.parse(backup);
  const report = page.getByTestId("restore-report");
  const cases: [string, string, string][] = [
    ["halv.json", backup.slice(0, backup.length / 2), "Filen er ufuldstændig"],
    ["noter.json", JSON.stringify({ notes: ["hej"] }), "Filen er ikke en sikkerhedskopi fra Samskab"],
    ["billede.json", "\u0089PNG\r\n", "Filen er ikke en sikkerhedskopi fra Samskab"],
    ["ny.json", JSON.stringify({ ...file, version: 7 }), "nyere version af Samskab (version 7)"],
    [
      "skadet.json",
      JSON.stringify({ ...file, ops: file.ops.map((op: any, i: number) => (i === 2 ? { ...op, kind: "resident" } : op)) }),
      "beskadiget ved ændring nr. 3",
    ],
  ];
  for (const [name, content, message] of cases) {
    await app.restore.choose(name, content);
    await expect(report).toContainText(message);
    await expect(report).toContainText("Intet er gendannet.");
    await expect(page.getByTestId("restore-confirm")).toHaveCount(0);
  }

  // Another programme's backup is refused on a device that has its own.
  const other = await newDevice(browser, info);
  const otherPage = await other.newPage();
  const second = new App(otherPage);
  await second.open();
  await second.setup.createProgramme("Syddjurs Kommune", "Ole");
  await second.goto("/indstillinger");
  await second.restore.choose("backup.json", backup);
  await expect(otherPage.getByTestId("restore-report")).toContainText("hører til et andet program (Norddjurs Kommune)");
  await second.goto("/");
  await expect(otherPage.getByRole("heading", { level: 1, name: "Program for Syddjurs Kommune" })).toBeVisible();
  await other.close();

  await app.goto("/parter");
  await expect(page.getByTestId("partner-Solhaven")).toBeVisible();
  await app.noHorizontalScroll();
});
