import { expect, test, type Browser, type BrowserContext, type TestInfo } from "@playwright/test";
import { readFileSync } from "node:fs";
import { Samskab, goOffline } from "../fixtures/samskab";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const TABLET = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const MAP_NEEDS = "Kortlæg behov og opgaver til de frivillige";
const APPOINT_CONTACT = "Udpeg en kontaktperson for de IT-frivillige";


async function device(browser: Browser, info: TestInfo, kind: typeof PHONE): Promise<[BrowserContext, Samskab]> {
  const { baseURL, locale, timezoneId } = info.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId, ...kind });
  return [context, new Samskab(await context.newPage())];
}

async function goOnline(context: BrowserContext) {
  await context.unroute("**/*");
  await context.setOffline(false);
}

/** Asks the device to sync now and waits until it has. */
async function syncNow(app: Samskab) {
  await app.page.goto("/indstillinger");
  // The status may still say "synced" from before: wait for this round's pull.
  await Promise.all([
    app.page.waitForResponse((r) => r.url().includes("/api/v1/pull")),
    app.page.getByRole("button", { name: "Synkroniser nu" }).click(),
  ]);
  await expect(app.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\. \d\d:\d\d/);
}

test("a phone and a tablet share a programme, edit offline — the same note too — and agree afterwards", async ({ browser }, info) => {
  // One run drives a phone and a tablet together, so it needs no second project.
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await device(browser, info, TABLET);
  await tablet.open();
  await tablet.createProgramme("Favrskov Kommune", "Jens");
  await tablet.addCareService("Solhaven");

  // The coordinator's tablet puts the programme on the server and invites the leader's phone.
  await tablet.page.goto("/indstillinger");
  await tablet.page.getByTestId("share-button").click();
  await expect(tablet.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\. \d\d:\d\d/);
  await expect(tablet.page.getByTestId("shared-as")).toHaveText("Denne enhed deler programmet som: Koordinator");
  await tablet.page.getByTestId("invite-role").selectOption({ label: "Tilbud (leder eller kontaktperson)" });
  await tablet.page.getByTestId("invite-subject").selectOption({ label: "Solhaven" });
  await tablet.page.getByLabel("Hvis enhed (valgfrit)").fill("Lones telefon");
  await tablet.page.getByTestId("create-invite").click();
  const code = (await tablet.page.getByTestId("invite-code").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(tablet.page.getByRole("img", { name: code })).toBeVisible();

  // The phone opens the QR code's link and joins; the programme arrives.
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await phone.open(`/deltag?kode=${code}`);
  await expect(phone.page.getByTestId("join-code")).toHaveValue(code);
  await phone.page.getByTestId("join-button").click();
  await expect(phone.page.getByTestId("shared-as")).toHaveText("Denne enhed deler programmet som: Tilbud (leder eller kontaktperson)");
  await phone.open("/");
  await expect(phone.page.getByRole("heading", { level: 1, name: "Program for Favrskov Kommune" })).toBeVisible();
  await tablet.page.reload();
  await expect(tablet.page.getByTestId("devices")).toContainText("Lones telefon");

  // The leader's phone may tick Solhaven's tasks, not the municipality's; and what the
  // screens do not lock is refused at once, with nothing stored.
  await phone.page.goto("/faser/1");
  await expect(phone.partnerTasks("Favrskov Kommune").getByRole("checkbox", { name: "Tag initiativ til at starte samarbejdet" })).toBeDisabled();
  await expect(phone.partnerTasks("Solhaven").getByRole("checkbox", { name: MAP_NEEDS })).toBeEnabled();
  await phone.nav("Parter").click();
  const municipality = phone.page.getByTestId("partner-Favrskov Kommune");
  await municipality.getByRole("button", { name: "Redigér" }).click();
  await municipality.getByLabel("Navn", { exact: true }).fill("Favrskov Kommune (ændret)");
  await municipality.getByRole("button", { name: "Gem" }).click();
  await expect(phone.page.getByRole("alert").filter({ hasText: "Det kan denne enhed ikke ændre" })).toBeVisible();
  await phone.page.reload();
  await expect(phone.page.getByTestId("partner-Favrskov Kommune")).toBeVisible();

  // Both lose the network and edit: each ticks a task, and both write advice 1's note.
  await tablet.waitForOfflineReady();
  await phone.waitForOfflineReady();
  await goOffline(tabletContext);
  await goOffline(phoneContext);
  await tablet.tickTask(1, "Solhaven", MAP_NEEDS, { by: "Jens" });
  await phone.tickTask(1, "Solhaven", APPOINT_CONTACT, { by: "Lone" });
  await tablet.tickAdvice("Solhaven", 1, "Fra tabletten: beboerne vil lære at videoringe");
  await phone.tickAdvice("Solhaven", 1, "Fra telefonen: start med tre beboere");
  await expect(phone.page.getByTestId("sync-status")).toContainText(/Offline — \d+ ændringer venter/);

  // Back online: both sync, then the first again to get what the second sent.
  await goOnline(tabletContext);
  await goOnline(phoneContext);
  await syncNow(tablet);
  await syncNow(phone);
  await syncNow(tablet);

  const notes: string[] = [];
  for (const app of [tablet, phone]) {
    await app.page.goto(`/faser/1`);
    const tasks = app.partnerTasks("Solhaven");
    await expect(tasks.getByRole("checkbox", { name: MAP_NEEDS })).toBeChecked();
    await expect(tasks.getByRole("checkbox", { name: APPOINT_CONTACT })).toBeChecked();
    await app.page.goto("/raad");
    await app.page.getByRole("link", { name: "Solhaven" }).click();
    const advice = app.page.getByTestId("advice-1");
    // Whichever note won, the other is kept and shown.
    await expect(advice).toContainText("Fra tabletten: beboerne vil lære at videoringe");
    await expect(advice).toContainText("Fra telefonen: start med tre beboere");
    await expect(advice.getByTestId("note-conflicts")).toBeVisible();
    notes.push((await advice.locator("p.tick-note").textContent())!);
  }
  expect(notes[0], "both devices show the same winner").toBe(notes[1]);

  // The phone takes the other version; after syncing, both show it and no conflict.
  const advice = phone.page.getByTestId("advice-1");
  const other = (await advice.getByTestId("note-conflicts").locator("blockquote").textContent())!;
  await advice.getByRole("button", { name: "Brug denne" }).click();
  await expect(advice.getByTestId("note-conflicts")).toHaveCount(0);
  await syncNow(phone);
  await syncNow(tablet);
  await tablet.page.goto("/raad");
  await tablet.page.getByRole("link", { name: "Solhaven" }).click();
  await expect(tablet.page.getByTestId("advice-1").locator("p.tick-note")).toHaveText(other);
  await expect(tablet.page.getByTestId("advice-1").getByTestId("note-conflicts")).toHaveCount(0);

  // The coordinator revokes the phone; the phone is told, and lets go of the programme.
  await tablet.page.goto("/indstillinger");
  await tablet.page.getByTestId("devices").getByRole("listitem").filter({ hasText: "Lones telefon" }).getByRole("button", { name: "Tilbagekald" }).click();
  await expect(tablet.page.getByTestId("devices")).toContainText("Tilbagekaldt");
  await phone.page.goto("/indstillinger");
  await expect(phone.page.getByTestId("sync-status")).toHaveText("Adgangen er trukket tilbage — programmets data er fjernet fra denne enhed");
  await expect(phone.page.getByText("Solhaven")).toHaveCount(0);

  await phone.noHorizontalScroll();
  await tabletContext.close();
  await phoneContext.close();
});

test("a volunteer's phone joins by code and gets their own visits, and of the others only first names", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await device(browser, info, TABLET);
  await tablet.open();
  await tablet.createProgramme("Randers Kommune", "Ulla");
  await tablet.addCareService("Solhaven"); // contact person Karim
  await tablet.addCareService("Skovbo");
  await tablet.addVolunteer("Anna Berg", "Solhaven", { phone: "11111111" });
  await tablet.addVolunteer("Bo Dahl", "Solhaven", { phone: "22222222" });
  await tablet.addVolunteer("Carl Holm", "Skovbo", { phone: "33333333" });
  const inTwoDays = await tablet.page.evaluate(() => new Date(Date.now() + 2 * 86_400_000).toLocaleDateString("sv-SE"));
  await tablet.planVisit({ volunteer: "Anna Berg", careService: "Solhaven", first: inTwoDays, start: "10:00", end: "12:00", repeats: "Kun én gang" });
  await tablet.page.goto("/indstillinger");
  await tablet.page.getByTestId("share-button").click();
  await expect(tablet.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\./);
  await tablet.page.getByTestId("invite-role").selectOption({ label: "Frivillig" });
  await tablet.page.getByTestId("invite-subject").selectOption({ label: "Anna Berg" });
  await tablet.page.getByTestId("create-invite").click();
  const code = (await tablet.page.getByTestId("invite-code").textContent())!.trim();

  // Anna types the code on her phone's first screen, in lower case without the dash.
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await phone.open();
  await phone.page.getByLabel("Invitationskode").fill(code.replace("-", "").toLowerCase());
  await phone.page.getByTestId("join-button").click();
  await expect(phone.page.getByRole("heading", { level: 1, name: "Program for Randers Kommune" })).toBeVisible();

  // "Mig" is hers at once, with her visit and whom to report to.
  await phone.page.getByRole("link", { name: "Mig" }).click();
  await expect(phone.page.getByRole("heading", { level: 1, name: "Hej Anna" })).toBeVisible();
  const next = phone.page.getByTestId("next-visit");
  await expect(next).toContainText("10:00–12:00");
  await expect(next).toContainText("Meld dig hos Karim");

  // Of the others: Bo (same care service) by first name only, Carl not at all, no numbers.
  await phone.nav("Frivillige").click();
  await expect(phone.page.getByTestId("volunteer-Bo")).toBeVisible();
  await expect(phone.page.getByTestId("volunteer-Anna Berg")).toBeVisible();
  const everything = await phone.page.locator("body").innerText();
  expect(everything).not.toContain("Bo Dahl");
  expect(everything).not.toContain("Carl");
  await phone.page.goto("/indstillinger");
  const [download] = await Promise.all([phone.page.waitForEvent("download"), phone.page.getByTestId("save-backup").click()]);
  const backup = readFileSync(await download.path(), "utf8");
  for (const secret of ["22222222", "33333333", "Bo Dahl", "Carl Holm"]) expect(backup).not.toContain(secret);
  expect(backup).toContain("11111111");

  await tabletContext.close();
  await phoneContext.close();
});
