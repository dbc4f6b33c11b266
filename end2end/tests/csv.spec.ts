import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { coordinator } from "../fixtures";

// CSV exports (samskab_domain::csv): what a screen shows, as a file a Danish Excel opens
// (UTF-8 with a byte-order mark, ";" between fields), values that would start a formula
// neutralised, contact data only when asked for.

/** Taps the export button and reads the file it saves. */
async function saved(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const bytes = await readFile((await download.path())!);
  return { name: download.suggestedFilename(), text: bytes.toString("utf8") };
}

test("the volunteers, the visits of a week and the results' hours download as CSV, neutralised, contact data only when chosen", async ({ browser }, info) => {
  const [context, app] = await coordinator(browser, info, "Solhaven");
  const page = app.page;
  await app.volunteers.add("=Anna Ærø", "Solhaven", { phone: "11111111", email: "anna@example.dk" });
  const yesterday = await app.day(-1);
  await app.visits.plan({ volunteer: "=Anna Ærø", careService: "Solhaven", first: yesterday, start: "10:00", end: "12:30", repeats: "Kun én gang" });
  const visit = page.getByTestId("unregistered").getByRole("listitem");
  await visit.getByRole("button", { name: "Afholdt" }).click();
  await visit.getByLabel(/^Antal beboere/).fill("3");
  await visit.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByTestId("unregistered")).toHaveCount(0);

  await app.nav("Frivillige").click();
  const plain = await saved(page, page.getByTestId("volunteers-csv"));
  expect(plain.name).toMatch(/^samskab-frivillige-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(plain.text.startsWith("\uFEFFNavn;Stade;")).toBe(true);
  expect(plain.text).toContain(`"'=Anna Ærø";Under opstart;`);
  expect(plain.text).toContain("\r\n");
  expect(plain.text).not.toContain("11111111");
  expect(plain.text).not.toContain("anna@example.dk");
  await page.getByTestId("csv-with-contact").check();
  const withContact = await saved(page, page.getByTestId("volunteers-csv"));
  expect(withContact.text.split("\r\n")[0]).toMatch(/;Telefon;E-mail$/);
  expect(withContact.text).toContain("11111111");
  expect(withContact.text).toContain("anna@example.dk");

  // Besøg's held and cancelled visits: the week shown.
  await app.nav("Besøg").click();
  const today = await app.day(0);
  const week = await app.visits.doneWeekOf(today, yesterday);
  const visits = await saved(page, week.getByTestId("done-visits-csv"));
  expect(visits.text).toContain(`${yesterday};10:00;12:30;"'=Anna Ærø";Solhaven;Afholdt;2,50;3`);

  // The results' hours for the period shown.
  await page.goto("/resultater");
  await page.getByLabel("Fra").fill(yesterday);
  await page.getByLabel("Til og med").fill(yesterday);
  const hours = await saved(page, page.getByTestId("results-hours-csv"));
  expect(hours.name).toBe(`samskab-timer-${yesterday}-${yesterday}.csv`);
  const [header, anna, total] = hours.text.replace("\uFEFF", "").trimEnd().split("\r\n");
  expect(header.split(";")[0]).toBe("Frivillig");
  expect(anna.startsWith(`"'=Anna Ærø";`)).toBe(true);
  expect(anna.endsWith(";2,50;2,50")).toBe(true);
  expect(total.endsWith(";2,50;2,50")).toBe(true);
  await context.close();
});
