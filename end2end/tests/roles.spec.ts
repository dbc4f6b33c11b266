import type { Browser, TestInfo } from "@playwright/test";
import { expect, test } from "../fixtures/clock";
import { readFileSync } from "node:fs";
import { App } from "../fixtures";
import { coordinator, newDevice } from "../fixtures/devices";
import { joinedAs, programme, type Programme } from "../fixtures/roles";
import type { ROLE } from "../fixtures/settings";

// Each role's own app, on the project's device (a phone or a tablet), joined by a code the
// coordinator's tablet made: its home, its navigation and nothing more, and a clear
// message where a typed link leads outside it.

// Each test sets up a programme on the coordinator's tablet and joins a second device.
test.describe.configure({ timeout: 120_000 });

/** Console errors of the role's device. */
let errors: string[] = [];
const joined = (browser: Browser, info: TestInfo, p: Programme, role: keyof typeof ROLE, subject: string) =>
  joinedAs(browser, info, p, role, subject, errors);
test.beforeEach(() => {
  errors = [];
});
test.afterEach(() => {
  expect(errors, "console errors").toEqual([]);
});

/** The menu holds exactly `links`; each opens a page with a heading that does not scroll sideways. */
async function expectNavigation(app: App, links: string[]) {
  const nav = app.page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link");
  await expect(nav).toHaveCount(links.length);
  for (const [i, name] of links.entries()) await expect(nav.nth(i)).toHaveAccessibleName(name);
  for (const link of links) {
    await app.nav(link).click();
    await expect(app.page.getByRole("heading", { level: 1 }), link).toBeVisible();
    await expect(app.page.getByTestId("not-for-role"), link).toHaveCount(0);
    await app.noHorizontalScroll();
  }
  await app.nav(links[0]).click();
}

/** Each path shows the role's "not for you" message and no form, and the way home works. */
async function expectRefused(app: App, paths: string[]) {
  for (const path of paths) {
    await app.goto(path);
    await expect(app.page.getByTestId("not-for-role"), path).toContainText("Denne side hører ikke til din rolle");
    await expect(app.page.locator("main form"), path).toHaveCount(0);
  }
  await app.page.getByRole("link", { name: "Til forsiden" }).click();
  await expect(app.page.getByTestId("not-for-role")).toHaveCount(0);
}

test("a care service's device opens on its own service: tasks now, advice, volunteers, this week, reminders and its board", async ({ browser }, info) => {
  const p = await programme(browser, info);
  const leader = await joined(browser, info, p, "careService", "Solhaven");
  const page = leader.page;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Solhaven");
  await expectNavigation(leader, ["Vores tilbud", "Faser", "Gode råd", "Frivillige", "Besøg", "Opsætning"]);
  await expect(page.getByTestId("own-tasks")).toContainText("Fase 1 · Forberedelse");
  await expect(page.getByTestId("own-tasks")).toContainText("Kortlæg behov og opgaver til de frivillige");
  await expect(page.getByTestId("own-progress").getByTestId("progress")).toHaveCount(5);
  await expect(page.getByTestId("our-advice")).toContainText("0 af 10");
  await expect(page.getByTestId("our-volunteers")).toContainText("Aktive: 0 · under opstart: 1");
  await expect(page.getByTestId("our-week")).toContainText("Anna Berg");
  await expect(page.getByTestId("our-week")).not.toContainText("Bo");

  // Its own details, which it keeps itself: what its volunteers are told.
  const details = page.getByTestId("our-details");
  await expect(details.locator("address")).toHaveText("Solvej 4\n8450 Hammel");
  await details.getByRole("button", { name: "Redigér" }).click();
  await details.getByLabel(/^Telefon/).fill("86 12 34 99");
  await details.getByRole("button", { name: "Gem" }).click();
  await expect(details.getByRole("link", { name: "+45 86 12 34 99" })).toBeVisible();

  // The tablet asks once who uses it, and every tick then says so.
  const ask = page.getByTestId("name-prompt");
  await ask.getByRole("button", { name: "Gem" }).click();
  await expect(ask.getByText("Skal udfyldes.")).toBeVisible();
  await ask.getByLabel("Dit navn").fill("Lone Leder");
  await ask.getByRole("button", { name: "Gem" }).click();
  await expect(ask).toHaveCount(0);
  await leader.advice.open("Solhaven");
  const advice = leader.advice.item(1);
  await advice.getByRole("checkbox").click();
  await expect(advice.getByLabel("Hvem")).toHaveValue("Lone Leder");
  await advice.getByRole("button", { name: "Markér som udført" }).click();
  await expect(advice).toContainText("af Lone Leder");

  // The coordinator cancels Anna's visit; the leader is told who and why.
  await p.tablet.nav("Besøg").click();
  await p.tablet.visits.cancel(p.tablet.page.getByTestId(`visit-Anna Berg-${p.today}`), "Anna er syg");
  await p.tablet.settings.syncNow();
  await leader.settings.syncNow();
  await leader.open("/");
  await expect(page.getByTestId("our-week")).not.toContainText("Anna Berg");
  await page.getByTestId("reminders-link").click();
  await expect(page.getByTestId("reminders")).toContainText(/Jens har aflyst i dag, .*: Anna Berg på Solhaven\. Grund: Anna er syg/);
  await leader.nav("Besøg").click();
  await expect(page.getByTestId("done-visits").getByTestId(`done-${p.today}`)).toContainText("Aflyst af Jens");

  await leader.nav("Vores tilbud").click();
  await page.getByTestId("board-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Solhaven");

  // Its own evaluation: its rounds and talks, no other partner's; both reach the coordinator.
  await leader.evaluation.open();
  await expect(page.getByTestId(/^rounds-/)).toHaveCount(1);
  await leader.evaluation.answer("Solhaven", p.today, { 1: "Faste tider virker" }, "Lone");
  await leader.evaluation.talk("Solhaven", { date: p.today, residents: "3", staff: "1", note: "Flere videoopkald" });
  await expect(leader.evaluation.talks("Solhaven")).toContainText("Beboere: 3");
  await leader.settings.syncNow();
  await p.tablet.settings.syncNow();
  await p.tablet.evaluation.open();
  await expect(p.tablet.evaluation.rounds("Solhaven").getByRole("cell").first()).toHaveText("Faste tider virker");
  await expect(p.tablet.evaluation.talks("Solhaven")).toContainText("Flere videoopkald");
  await expect(p.tablet.evaluation.rounds("Skovbo")).toContainText("Ingen svar endnu.");
  await expectRefused(leader, ["/parter", `/tavle/${p.skovbo}`, "/kalender"]);
});

test("the volunteer centre's device opens on recruitment: every care service's volunteers by stage, its own tasks and the network", async ({ browser }, info) => {
  const p = await programme(browser, info);
  const centre = await joined(browser, info, p, "volunteerCentre", "Frivilligcenter Favrskov");
  const page = centre.page;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rekruttering");
  await expectNavigation(centre, ["Rekruttering", "Frivillige", "Faser", "Opsætning"]);
  const applied = page.getByTestId("column-Applied");
  await expect(applied.getByTestId("pipeline-Anna Berg")).toContainText("Solhaven");
  await expect(applied.getByTestId("pipeline-Bo Dahl")).toContainText("Skovbo");
  await expect(page.getByTestId("column-Active")).not.toContainText("Anna");
  await expect(page.getByTestId("own-tasks")).toContainText("Fase 1");
  await expect(page.getByTestId("network")).toBeVisible();
  // It recruits: adding a volunteer is its form.
  await centre.nav("Frivillige").click();
  await expect(page.getByTestId("add-volunteer")).toBeVisible();
  await expectRefused(centre, ["/parter", "/besoeg", "/raad", `/tavle/${p.solhaven}`, "/kalender"]);
});

test("a company's device opens on its employees who volunteer, with their hours, and sees no one else", async ({ browser }, info) => {
  const p = await programme(browser, info);
  const company = await joined(browser, info, p, "company", "Bravo IT");
  const page = company.page;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bravo IT");
  await expectNavigation(company, ["Medarbejdere", "Faser", "Opsætning"]);
  const anna = page.getByTestId("employee-Anna Berg");
  await expect(anna).toContainText("Under opstart");
  await expect(page.getByTestId("employees-total")).toContainText("0");
  await expect(page.locator("body")).not.toContainText("Bo Dahl");
  await expect(page.getByTestId("own-tasks")).toContainText("Fase 1");
  await expectRefused(company, ["/frivillige", "/besoeg", "/raad", "/parter", p.bo, "/kalender"]);
});

test("a volunteer's phone is theirs: Mig, their visits, Mere — nothing of the programme's management", async ({ browser }, info) => {
  const p = await programme(browser, info);
  const anna = await joined(browser, info, p, "volunteer", "Anna Berg");
  const page = anna.page;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hej Anna");
  await expectNavigation(anna, ["Mig", "Besøg", "Mere"]);
  await expect(page.getByTestId("next-visit")).toContainText("23:00–23:45");
  // Where to go and whom to call: the address as text (no network needed), a map, the phone.
  const next = page.getByTestId("next-visit");
  await expect(next.locator("address")).toHaveText("Solvej 4\n8450 Hammel");
  await expect(next.getByRole("link", { name: "Kort over Solhaven" })).toBeVisible();
  await expect(next.getByRole("link", { name: "+45 86 12 34 56" })).toHaveAttribute("href", "tel:86123456");
  await expect(next).toContainText("Meld dig hos Karim");
  await expect(page.getByRole("button", { name: "Det er ikke mig" })).toHaveCount(0);
  await expect(page.getByRole("banner").getByRole("link", { name: "Mig" })).toHaveCount(0);

  // Besøg: her own, with what she may do to it, and no planning.
  await anna.nav("Besøg").click();
  const visit = page.getByTestId(`visit-Anna Berg-${p.today}`);
  // "Held" from the visit's time on (it starts at 23:00).
  const started = await page.evaluate(() => new Date().getHours() >= 23);
  await expect(visit.getByRole("button", { name: "Afholdt" })).toHaveCount(started ? 1 : 0);
  await expect(visit.getByRole("button", { name: "Aflys" })).toBeVisible();
  await expect(visit.getByRole("button", { name: "Flyt" })).toHaveCount(0);
  await expect(page.getByTestId("plan-visit")).toHaveCount(0);

  // Mere: her profile (read, with nothing to manage) and her data.
  await anna.nav("Mere").click();
  await page.getByTestId("my-profile").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anna Berg");
  await expect(page.getByRole("button", { name: "Redigér" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Slet|Fjern/ })).toHaveCount(0);
  await expect(page.getByTestId("onboarding").getByRole("checkbox").first()).toBeDisabled();
  await expect(page.getByTestId("onboarding").getByTestId("locked-why").first()).toHaveText("Markeres af tilbuddet eller frivilligcentret.");
  await anna.nav("Mere").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-mine").click()]);
  const data = readFileSync(await download.path(), "utf8");
  expect(data).toContain("11111111");
  expect(data).not.toContain("22222222");

  await expectRefused(anna, ["/faser", "/faser/1", "/raad", "/frivillige", "/parter", p.bo, `/tavle/${p.solhaven}`, "/kalender", "/evaluering"]);
});

test("a lost invite code is replaced in one tap: the new code joins, the old one is refused", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the coordinator's tablet and two new devices");
  const [, tablet] = await coordinator(browser, info, "Solhaven");
  await tablet.volunteers.add("Anna Berg", "Solhaven");
  await tablet.settings.open();
  await tablet.settings.share();
  const lost = await tablet.settings.invite("volunteer", "Anna Berg");
  await expect(tablet.page.getByTestId("invite-once")).toContainText("Koden vises kun nu");
  const row = tablet.page.getByTestId("invites").getByRole("listitem");
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Ny kode" }).click();
  await expect(tablet.page.getByTestId("invite-code")).not.toHaveText(lost);
  const fresh = (await tablet.page.getByTestId("invite-code").textContent())!.trim();
  await expect(row).toHaveCount(2);
  await expect(row.filter({ hasText: "Tilbagekaldt" })).toHaveCount(1);

  const stranger = new App(await (await newDevice(browser, info)).newPage());
  await stranger.open();
  await stranger.join.type(lost);
  await stranger.join.submit();
  await expect(stranger.page.getByRole("alert").filter({ hasText: "Koden virker ikke" })).toBeVisible();

  const anna = new App(await (await newDevice(browser, info)).newPage());
  await anna.open();
  await anna.join.type(fresh);
  await anna.join.submit();
  await expect(anna.page.getByRole("heading", { level: 1 })).toHaveText("Hej Anna");
});
