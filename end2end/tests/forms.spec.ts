import { expect, test } from "@playwright/test";
import { Samskab } from "../fixtures/samskab";

test("bad input is refused with a clear message and nothing is half saved", async ({ page }) => {
  const app = new Samskab(page);
  await app.open();
  await page.getByRole("button", { name: "Opret" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Ret felterne");
  await expect(page.locator("#municipality-error")).toHaveText("Skal udfyldes.");
  await app.createProgramme("Odense Kommune", "Sara");

  await app.addCareService("Solhaven");
  const form = app.addForm();
  // Same name, other case: refused.
  await app.addPartner("Socialt tilbud", "SOLHAVEN", { careKind: "Værested" });
  await expect(form.getByText("Der er allerede en part med det navn.")).toBeVisible();
  // A care service without a kind: refused.
  await form.getByLabel("Navn", { exact: true }).fill("Skovbo");
  await form.getByLabel("Slags tilbud").selectOption({ label: "Vælg…" });
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByText("Skal udfyldes.")).toBeVisible();
  // Too long a name: refused.
  await form.getByLabel("Navn", { exact: true }).fill("x".repeat(81));
  await form.getByLabel("Slags tilbud").selectOption({ label: "Dagtilbud" });
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByText("For langt.")).toBeVisible();
  // A second municipality: refused.
  await form.getByLabel("Slags part").selectOption({ label: "Kommune" });
  await form.getByLabel("Navn", { exact: true }).fill("Anden Kommune");
  await form.getByRole("button", { name: "Tilføj" }).click();
  await expect(form.getByText("Der kan kun være én af denne slags part.")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("partners-care_service").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("partners-municipality").getByRole("listitem")).toHaveCount(1);
});

test("partners can be edited and removed", async ({ page }) => {
  const app = new Samskab(page);
  await app.open();
  await app.createProgramme("Odense Kommune", "Sara");
  await app.addCareService("Solhaven");
  await app.addPartner("Virksomhed", "Bravo IT");
  await app.addPartner("Frivilligcenter", "Frivilligcenter Odense");
  const row = page.getByTestId("partner-Solhaven");
  await row.getByRole("button", { name: "Redigér" }).click();
  await row.getByLabel(/^Leder/).fill("Birgit");
  await row.getByRole("button", { name: "Gem" }).click();
  await expect(row).toContainText("Leder: Birgit");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("partner-Bravo IT").getByRole("button", { name: "Fjern" }).click();
  await expect(page.getByTestId("partner-Bravo IT")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("partner-Solhaven")).toContainText("Leder: Birgit");
  await expect(page.getByTestId("partners-company")).toContainText("Ingen endnu.");
  await expect(page.getByTestId("partner-Frivilligcenter Odense")).toBeVisible();
});
