import { expect, test } from "@playwright/test";
import { App } from "../fixtures";

test("bad input is refused with a clear message and nothing is half saved", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.begin("create");
  await page.getByRole("button", { name: "Opret" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Ret felterne");
  await expect(page.locator("#municipality-error")).toHaveText("Skal udfyldes.");
  await app.setup.createProgramme("Odense Kommune", "Sara");

  await app.partners.addCareService("Solhaven");
  const form = app.partners.addForm();
  // Same name, other case: refused.
  await app.partners.add("Socialt tilbud", "SOLHAVEN", { careKind: "Værested" });
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

  await app.reload();
  await expect(page.getByTestId("partners-care_service").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("partners-municipality").getByRole("listitem")).toHaveCount(1);
});

test("partners can be edited and removed", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Odense Kommune", "Sara");
  await app.partners.addCareService("Solhaven");
  await app.partners.add("Virksomhed", "Bravo IT");
  await app.partners.add("Frivilligcenter", "Frivilligcenter Odense");
  const row = page.getByTestId("partner-Solhaven");
  await row.getByRole("button", { name: "Redigér" }).click();
  await row.getByLabel(/^Leder/).fill("Birgit");
  await row.getByRole("button", { name: "Gem" }).click();
  await expect(row).toContainText("Leder: Birgit");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("partner-Bravo IT").getByRole("button", { name: "Fjern" }).click();
  await expect(page.getByTestId("partner-Bravo IT")).toHaveCount(0);
  await app.reload();
  await expect(page.getByTestId("partner-Solhaven")).toContainText("Leder: Birgit");
  await expect(page.getByTestId("partners-company")).toContainText("Ingen endnu.");
  await expect(page.getByTestId("partner-Frivilligcenter Odense")).toBeVisible();
});
