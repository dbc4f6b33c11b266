import { expect, test } from "../fixtures/clock";
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

test("a partner has an address with a map link, a phone and an e-mail, each checked, and the actions come after the details", async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Odense Kommune", "Sara");
  await app.partners.addCareService("Solhaven");
  const row = page.getByTestId("partner-Solhaven");
  await row.getByRole("button", { name: "Redigér" }).click();
  await app.partners.fillContact(row, { address: "Solvej 4\n5000 Odense C", phone: "ring til os", email: "solhaven@" });
  await row.getByRole("button", { name: "Gem" }).click();
  await expect(row.getByText("Ugyldigt telefonnummer")).toBeVisible();
  await expect(row.getByText("Ugyldig e-mailadresse.")).toBeVisible();
  await expect(row.locator("address")).toHaveCount(0);
  await app.partners.fillContact(row, { phone: "66 12 34 56", email: "solhaven@odense.dk" });
  await row.getByRole("button", { name: "Gem" }).click();
  // The address as text (it needs no network), a map beside it; the phone to call.
  await expect(row.locator("address")).toHaveText("Solvej 4\n5000 Odense C");
  await expect(row.getByRole("link", { name: "Kort over Solhaven" })).toHaveAttribute("href", "https://www.openstreetmap.org/search?query=Solvej+4+5000+Odense+C");
  await expect(row.getByRole("link", { name: "+45 66 12 34 56" })).toHaveAttribute("href", "tel:66123456");
  await expect(row.getByRole("link", { name: "solhaven@odense.dk" })).toHaveAttribute("href", "mailto:solhaven@odense.dk");
  // The name, then its details, then what can be done to it.
  const order = await row.evaluate((li) => Array.from(li.querySelectorAll("h3, .partner-contact, button")).map((e) => e.tagName + (e.textContent ?? "").slice(0, 8)));
  expect(order[0]).toBe("H3Solhaven");
  expect(order.findIndex((e) => e.startsWith("BUTTONRedigér"))).toBeGreaterThan(order.findIndex((e) => e.startsWith("DIV")));
  // Each partner's actions say whose they are to a screen reader's list of buttons.
  await expect(row.getByRole("button", { name: "Redigér – Solhaven", exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Fjern – Solhaven", exact: true })).toBeVisible();
  await app.reload();
  await expect(page.getByTestId("partner-Solhaven").locator("address")).toHaveText("Solvej 4\n5000 Odense C");
  await app.noHorizontalScroll();
});
