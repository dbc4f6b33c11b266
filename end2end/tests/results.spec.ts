import type { Locator } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { coordinator } from "../fixtures";
import { joinedAs, programme } from "../fixtures/roles";

// Results at a glance (/resultater): the numbers a coordinator is measured by, for a
// period, and a care service's own; computed in the domain (results.rs), shown as
// charts with their tables.

/** A table row's cells, by its row header. */
function row(table: Locator, header: string): Locator {
  return table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name: header, exact: true }) });
}

test("the coordinator sees volunteers, visits, hours and residents for a period, per care service and company, and the partners' open tasks", async ({ browser }, info) => {
  const [context, app] = await coordinator(browser, info, "Solhaven", "Skovbo");
  const page = app.page;
  await app.partners.add("Virksomhed", "Bravo IT");
  await app.volunteers.add("Anna Berg", "Solhaven", { phone: "11111111", company: "Bravo IT" });
  await app.volunteers.add("Bo Dahl", "Skovbo");
  const [yesterday, tomorrow, later] = [await app.day(-1), await app.day(1), await app.day(3)];
  const once = (volunteer: string, careService: string, first: string) =>
    app.visits.plan({ volunteer, careService, first, start: "10:00", end: "12:30", repeats: "Kun én gang" });
  await once("Anna Berg", "Solhaven", yesterday);
  const visit = page.getByTestId("unregistered").getByRole("listitem");
  await visit.getByRole("button", { name: "Afholdt" }).click();
  await visit.getByLabel(/^Antal beboere/).fill("4");
  await visit.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByTestId("unregistered")).toHaveCount(0);
  await once("Bo Dahl", "Skovbo", tomorrow);
  await app.visits.cancel(page.getByTestId("upcoming").getByRole("listitem").first(), "Syg", "Lone");
  await once("Bo Dahl", "Skovbo", later);
  await app.advice.tick("Solhaven", 1, "");

  await app.nav("Overblik").click();
  await page.getByTestId("results-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Resultater");
  // Exactly the days of these visits, whatever month today is in.
  await page.getByLabel("Fra").fill(yesterday);
  await page.getByLabel("Til og med").fill(later);

  const volunteers = page.getByTestId("results-volunteers");
  await expect(row(volunteers, "Under opstart").getByRole("cell")).toHaveText(["2"]);
  await expect(row(volunteers, "I alt").getByRole("cell")).toHaveText(["2"]);
  await expect(volunteers.getByRole("img")).toHaveAttribute("aria-label", /Under opstart: 2/);

  const visits = page.getByTestId("results-visits");
  // Planned, held, cancelled, hours, residents.
  await expect(row(visits, "I alt").getByRole("cell")).toHaveText(["1", "1", "1", "2,5", "4"]);
  await expect(page.getByTestId("results-residents-total")).toHaveText("4");
  const careServices = page.getByTestId("results-care-services");
  await expect(row(careServices, "Solhaven").getByRole("cell")).toHaveText(["0", "1", "0", "2,5", "4"]);
  await expect(row(careServices, "Skovbo").getByRole("cell")).toHaveText(["1", "0", "1", "0", "0"]);
  const companies = page.getByTestId("results-companies");
  await expect(row(companies, "Bravo IT").getByRole("cell")).toHaveText(["0", "1", "0", "2,5", "4"]);
  await expect(row(companies, "Ingen").getByRole("cell")).toHaveText(["1", "0", "1", "0", "0"]);

  const advice = page.getByTestId("results-advice");
  await expect(row(advice, "Solhaven").getByRole("cell")).toHaveText(["1 af 10"]);
  await expect(row(advice, "Skovbo").getByRole("cell")).toHaveText(["0 af 10"]);
  await expect(advice.getByRole("row").filter({ hasText: /^1\. / }).getByRole("cell")).toHaveText(["1 af 2"]);
  // The weakest are said in words, not only by colour: every piece but the first.
  await expect(advice.getByRole("rowheader").filter({ hasText: "svagest" })).toHaveCount(9);

  // A cell of the matrix opens to the partner's open tasks in that phase.
  const matrix = page.getByTestId("results-matrix");
  const solhaven = row(matrix, "Solhaven");
  await expect(solhaven.getByRole("cell").first().locator("summary")).toHaveAttribute("aria-label", /^Solhaven, fase 1: 0 af \d+$/);
  await solhaven.getByRole("cell").first().locator("summary").click();
  await expect(solhaven.getByRole("cell").first().getByRole("listitem").first()).toBeVisible();
  await expect(row(matrix, "Bravo IT")).toHaveCount(1);

  // A period that ends before it starts is refused, said at the field, and shows nothing.
  await page.getByLabel("Til og med").fill(await app.day(-5));
  await expect(page.getByTestId("results-to")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Perioden kan ikke slutte, før den begynder (én dag er nok).")).toBeVisible();
  await expect(visits).toHaveCount(0);
  await page.getByLabel("Til og med").fill(later);
  await expect(row(visits, "I alt").getByRole("cell")).toHaveText(["1", "1", "1", "2,5", "4"]);
  // Outside the period, nothing.
  await page.getByLabel("Fra").fill(await app.day(10));
  await page.getByLabel("Til og med").fill(await app.day(12));
  await expect(row(visits, "I alt").getByRole("cell")).toHaveText(["0", "0", "0", "0", "0"]);

  await app.noHorizontalScroll();
  await page.getByTestId("lang-switch").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results");
  await expect(page.getByRole("heading", { name: "Volunteers by stage" })).toBeVisible();
  await context.close();
});

test("a care service sees its own results only; a company cannot open them", async ({ browser }, info) => {
  const p = await programme(browser, info);
  const errors: string[] = [];
  const leader = await joinedAs(browser, info, p, "careService", "Solhaven", errors);
  await leader.page.getByTestId("results-link").click();
  await expect(leader.page.getByRole("heading", { level: 1 })).toHaveText("Resultater");
  await expect(leader.page.getByText("Jeres tal for en periode")).toBeVisible();
  const matrix = leader.page.getByTestId("results-matrix");
  await expect(matrix.getByRole("rowheader")).toHaveText(["Solhaven"]);
  await expect(leader.page.getByTestId("results-advice").getByRole("rowheader", { name: "Skovbo" })).toHaveCount(0);
  await expect(leader.page.getByTestId("results-care-services")).toHaveCount(0);
  // Bo visits Skovbo, not Solhaven: Anna is Solhaven's one volunteer.
  await expect(row(leader.page.getByTestId("results-volunteers"), "I alt").getByRole("cell")).toHaveText(["1"]);
  await leader.noHorizontalScroll();

  const company = await joinedAs(browser, info, p, "company", "Bravo IT", errors);
  await company.goto("/resultater");
  await expect(company.page.getByText("Denne side hører ikke til din rolle")).toBeVisible();
  await expect(company.page.getByTestId("results-visits")).toHaveCount(0);
  expect(errors).toEqual([]);
});
