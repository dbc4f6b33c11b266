import type { BrowserContext } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { App } from "../fixtures";

async function setUp(app: App, context: BrowserContext, offline = false) {
  await app.start(context, offline);
  await app.setup.createProgramme("Viborg Kommune", "Karen");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Anna Berg", "Solhaven");
  await app.nav("Besøg").click();
}

/** Anna's visits at Solhaven. */
async function plan(app: App, first: string, start: string, end: string, repeats: string, until = "") {
  await app.visits.plan({ volunteer: "Anna Berg", careService: "Solhaven", first, start, end, repeats, until });
}

for (const offline of [false, true])
test(`a leader plans a recurring visit, is warned of a double booking, and records visits${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context, offline);
  const upcoming = page.getByTestId("upcoming");
  await expect(upcoming).toContainText("Ingen planlagte besøg.");

  // Weekly, starting tomorrow, for three weeks: 3 visits.
  await plan(app, await app.day(1), "10:00", "12:00", "Hver uge", await app.day(15));
  await expect(upcoming.getByRole("listitem")).toHaveCount(3);
  // Read as a person says it: the near day by name, the others with their weekday.
  await expect(upcoming.getByRole("listitem").first()).toContainText(/^I morgen, (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d+\. /);
  await expect(upcoming.getByRole("listitem").nth(1)).toContainText(/^(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d+\. /i);

  // The same volunteer, tomorrow 11-13: a double booking, saved only on request.
  await plan(app, await app.day(1), "11:00", "13:00", "Kun én gang");
  const warning = page.getByTestId("double-booking");
  await expect(warning).toContainText("Anna Berg er allerede booket på samme tid");
  await expect(upcoming.getByRole("listitem")).toHaveCount(3);
  await warning.getByRole("button", { name: "Gem alligevel" }).click();
  await expect(upcoming.getByRole("listitem")).toHaveCount(4);

  // A coming visit is not yet "held"; cancelling asks to be sure first.
  const first = upcoming.getByRole("listitem").first();
  await expect(first.getByRole("button", { name: "Afholdt" })).toHaveCount(0);
  await first.getByRole("button", { name: "Aflys" }).click();
  await expect(first.getByLabel("Hvem aflyser")).toHaveValue("Karen");
  await first.getByRole("button", { name: "Behold besøget" }).click();
  await expect(upcoming.getByRole("listitem")).toHaveCount(4);
  // Who is required.
  await first.getByRole("button", { name: "Aflys" }).click();
  await first.getByLabel("Hvem aflyser").fill(" ");
  await first.getByRole("button", { name: "Aflys besøget" }).click();
  await expect(first.getByText("Skal udfyldes.")).toBeVisible();
  await expect(upcoming.getByRole("listitem")).toHaveCount(4);
  await first.getByRole("button", { name: "Behold besøget" }).click();
  await app.visits.cancel(first, "Anna er syg", "Karen");
  await expect(upcoming.getByRole("listitem")).toHaveCount(3);
  // The coordinator is reminded of it, with who and why.
  await page.getByTestId("reminders-link").click();
  await expect(page.getByTestId("reminders")).toContainText(/Karen har aflyst i morgen, \S+ \d+\. \S+ 10:00–12:00: Anna Berg på Solhaven\. Grund: Anna er syg/);
  await app.nav("Besøg").click();

  // A visit yesterday waits to be recorded as held.
  await plan(app, await app.day(-1), "10:00", "12:30", "Kun én gang");
  const unregistered = page.getByTestId("unregistered");
  const visit = unregistered.getByRole("listitem");
  await visit.getByRole("button", { name: "Afholdt" }).click();
  await expect(visit.getByLabel("Timer brugt")).toHaveValue("2,5");
  await visit.getByLabel(/^Antal beboere/).fill("4");
  await visit.getByLabel(/^Hvad blev der lavet/).fill("Skype med familien");
  await visit.getByRole("button", { name: "Gem" }).click();
  await expect(unregistered).toHaveCount(0);

  await app.reload();
  await expect(page.getByTestId("upcoming").getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("unregistered")).toHaveCount(0);

  // Held and cancelled visits stay findable by week on Besøg, with what came of them.
  const today = await app.day(0);
  const lastWeek = await app.visits.doneWeekOf(today, await app.day(-1));
  const held = lastWeek.getByTestId(`done-${await app.day(-1)}`);
  await expect(held).toContainText("Afholdt: 2,5 timer, 4 beboere");
  await expect(held).toContainText("Skype med familien");
  const nextWeek = await app.visits.doneWeekOf(await app.day(-1), await app.day(1));
  const cancelled = nextWeek.getByTestId(`done-${await app.day(1)}`);
  await expect(cancelled).toContainText("Aflyst af Karen");
  await expect(cancelled).toContainText("Anna er syg");
  // A month of them, with its totals.
  await page.getByTestId("done-visits").getByRole("button", { name: "Måned" }).click();
  await expect(page.getByTestId("done-period")).toHaveText(/^(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}$/);

  // And on her page, with what was recorded.
  await app.volunteers.open("Anna Berg");
  const list = page.getByTestId("held-visits");
  await expect(list).toContainText(/I går, .*Afholdt: 2,5 timer, 4 beboere · Skype med familien/);
});

test("bad visit plans and records are refused", async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context);
  await plan(app, await app.day(1), "13:00", "10:00", "Kun én gang");
  await expect(page.getByTestId("plan-visit").getByText("Sluttidspunktet skal ligge efter starttidspunktet.")).toBeVisible();
  await plan(app, await app.day(1), "06:00", "19:00", "Kun én gang");
  await expect(page.getByTestId("plan-visit").getByText("For langt.")).toBeVisible();
  await expect(page.getByTestId("upcoming")).toContainText("Ingen planlagte besøg.");

  await plan(app, await app.day(-1), "10:00", "12:00", "Kun én gang");
  const visit = page.getByTestId("unregistered").getByRole("listitem");
  await visit.getByRole("button", { name: "Afholdt" }).click();
  await visit.getByLabel(/^Antal beboere/).fill("mange");
  await visit.getByRole("button", { name: "Gem" }).click();
  await expect(visit.getByText("Skriv et gyldigt tal.")).toBeVisible();
  await app.reload();
  await expect(page.getByTestId("unregistered").getByRole("listitem")).toHaveCount(1);
});

test("one visit of a series is moved, and the planned activity is shown", async ({ page, context }) => {
  const app = new App(page);
  await setUp(app, context);
  await app.visits.plan({
    volunteer: "Anna Berg",
    careService: "Solhaven",
    first: await app.day(1),
    start: "10:00",
    end: "12:00",
    repeats: "Hver uge",
    until: await app.day(15),
    activity: "IT-café i fællesstuen",
  });
  const upcoming = page.getByTestId("upcoming");
  await expect(upcoming.getByRole("listitem")).toHaveCount(3);
  await expect(upcoming.getByRole("listitem").first()).toContainText("IT-café i fællesstuen");

  const first = page.getByTestId(`visit-Anna Berg-${await app.day(1)}`);
  await first.getByRole("button", { name: "Flyt" }).click();
  await first.getByLabel("Ny dato").fill(await app.day(2));
  await first.getByLabel("Fra kl.").fill("15:00");
  await first.getByLabel("Til kl.").fill("14:00");
  await first.getByRole("button", { name: "Gem" }).click();
  await expect(first.getByText("Sluttidspunktet skal ligge efter starttidspunktet.")).toBeVisible();
  await first.getByLabel("Til kl.").fill("16:30");
  await first.getByRole("button", { name: "Gem" }).click();

  const moved = page.getByTestId(`visit-Anna Berg-${await app.day(2)}`);
  await expect(moved).toContainText("15:00–16:30");
  await expect(moved).toContainText("Flyttet fra");
  await expect(upcoming.getByRole("listitem")).toHaveCount(3);
  await app.reload();
  await expect(page.getByTestId(`visit-Anna Berg-${await app.day(2)}`)).toContainText("15:00–16:30");
  await expect(page.getByTestId(`visit-Anna Berg-${await app.day(8)}`)).toContainText("10:00–12:00");
});

test("a volunteer not yet cleared is not booked unless the coordinator allows it, and is never on the residents' board", async ({ page, context }) => {
  const app = new App(page);
  await app.start(context, false);
  await app.setup.createProgramme("Viborg Kommune", "Karen");
  await app.partners.addCareService("Solhaven");
  await app.volunteers.add("Eva Holm", "Solhaven", { phone: "12345678", cleared: false });
  const eva = "Eva Holm (mangler straffeattest eller tavshedserklæring)";
  const day = await app.day(2);
  await app.visits.plan({ volunteer: eva, careService: "Solhaven", first: day, start: "14:00", end: "16:00", repeats: "Kun én gang" });
  const form = page.getByTestId("plan-visit");
  await expect(form).toContainText("Den frivillige kan først få besøg, når straffeattesten er set og vurderet");
  await expect(page.getByTestId("upcoming")).toContainText("Ingen planlagte besøg.");
  // The coordinator allows it, knowingly: booked, and recorded with her name.
  await form.getByLabel("Tillad alligevel (registreres med dit navn)").check();
  await form.getByRole("button", { name: "Planlæg besøg" }).click();
  await expect(page.getByTestId(`visit-Eva Holm-${day}`)).toBeVisible();
  await expect(page.getByTestId(`visit-Eva Holm-${day}`).getByTestId("allowed-uncleared")).toHaveText(
    "Booket før straffeattest og tavshedserklæring var på plads – tilladt af Karen",
  );
  await app.settled();
  // Still not on the board the residents see.
  await app.nav("Parter").click();
  await page.getByTestId("partner-Solhaven").getByRole("link", { name: "Tavle til fællesstuen" }).click();
  await expect(page.getByTestId(`kiosk-${day}`)).toContainText("Ingen besøg");
  await expect(page.getByTestId("kiosk")).not.toContainText("Eva");
});
