import { expect, test } from "../fixtures/clock";
import { PHONE, TABLET, coordinator, device, goOffline, goOnline, inviteVolunteer } from "../fixtures";

const MAP_NEEDS = "Kortlæg behov og opgaver til de frivillige";
const APPOINT_CONTACT = "Udpeg en kontaktperson for de IT-frivillige";

test("a phone and a tablet share a programme, edit offline — the same note too — and agree afterwards", async ({ browser }, info) => {
  // One run drives a phone and a tablet together, so it needs no second project.
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven");

  // The coordinator's tablet puts the programme on the server and invites the leader's phone.
  await tablet.goto("/indstillinger");
  await tablet.settings.share();
  await expect(tablet.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\. \d\d:\d\d/);
  await expect(tablet.page.getByTestId("shared-as")).toHaveText("Denne enhed deler programmet som: Koordinator");
  const code = await tablet.settings.invite("careService", "Solhaven", "Lones telefon");
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(tablet.page.getByRole("img", { name: code })).toBeVisible();

  // The phone opens the QR code's link and joins; the programme arrives.
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await phone.join.open(code);
  await expect(phone.page.getByTestId("join-code")).toHaveValue(code);
  await phone.join.submit();
  await expect(phone.page.getByTestId("shared-as")).toHaveText("Denne enhed deler programmet som: Tilbud (leder eller kontaktperson)");
  await phone.open("/");
  await expect(phone.page.getByRole("heading", { level: 1, name: "Solhaven" })).toBeVisible();
  await tablet.reload();
  await expect(tablet.page.getByTestId("devices")).toContainText("Lones telefon");

  // The leader's phone may tick Solhaven's tasks, not the municipality's; and what the
  // screens do not lock is refused at once, with nothing stored.
  await phone.goto("/faser/1");
  await expect(phone.phase.tasks("Favrskov Kommune").getByRole("checkbox", { name: "Tag initiativ til at starte samarbejdet" })).toBeDisabled();
  await expect(phone.phase.tasks("Solhaven").getByRole("checkbox", { name: MAP_NEEDS })).toBeEnabled();
  await expect(phone.phase.tasks("Favrskov Kommune").getByTestId("locked-why").first()).toHaveText("Markeres af Favrskov Kommune på deres egen enhed.");
  // The partners are the coordinator's to keep: a typed link says so, with no form.
  await expect(phone.nav("Parter")).toHaveCount(0);
  await phone.goto("/parter");
  await expect(phone.page.getByTestId("not-for-role")).toContainText("Denne side hører ikke til din rolle");
  await expect(phone.page.getByRole("button", { name: "Redigér" })).toHaveCount(0);

  // Both lose the network and edit: each ticks a task, and both write advice 1's note.
  await tablet.waitForOfflineReady();
  await phone.waitForOfflineReady();
  await goOffline(tabletContext);
  await goOffline(phoneContext);
  await tablet.phase.tick(1, "Solhaven", MAP_NEEDS, { by: "Jens" });
  await phone.phase.tick(1, "Solhaven", APPOINT_CONTACT, { by: "Lone" });
  await tablet.advice.tick("Solhaven", 1, "Fra tabletten: beboerne vil lære at videoringe");
  await phone.advice.tick("Solhaven", 1, "Fra telefonen: start med tre beboere");
  await expect(phone.page.getByTestId("sync-status")).toContainText(/Offline — \d+ ændringer venter/);

  // Back online: both sync, then the first again to get what the second sent.
  await goOnline(tabletContext);
  await goOnline(phoneContext);
  await tablet.settings.syncNow();
  await phone.settings.syncNow();
  await tablet.settings.syncNow();

  const notes: string[] = [];
  for (const app of [tablet, phone]) {
    await app.goto(`/faser/1`);
    const tasks = app.phase.tasks("Solhaven");
    await expect(tasks.getByRole("checkbox", { name: MAP_NEEDS })).toBeChecked();
    await expect(tasks.getByRole("checkbox", { name: APPOINT_CONTACT })).toBeChecked();
    await app.advice.open("Solhaven");
    const advice = app.advice.item(1);
    // Whichever note won, the other is kept and shown.
    await expect(advice).toContainText("Fra tabletten: beboerne vil lære at videoringe");
    await expect(advice).toContainText("Fra telefonen: start med tre beboere");
    await expect(advice.getByTestId("note-conflicts")).toBeVisible();
    notes.push((await advice.locator("p.tick-note").textContent())!);
  }
  expect(notes[0], "both devices show the same winner").toBe(notes[1]);

  // The phone takes the other version; after syncing, both show it and no conflict.
  const advice = phone.advice.item(1);
  const other = (await advice.getByTestId("note-conflicts").locator("blockquote").textContent())!;
  await advice.getByRole("button", { name: "Brug denne" }).click();
  await expect(advice.getByTestId("note-conflicts")).toHaveCount(0);
  await phone.settings.syncNow();
  await tablet.settings.syncNow();
  await tablet.advice.open("Solhaven");
  await expect(tablet.advice.item(1).locator("p.tick-note")).toHaveText(other);
  await expect(tablet.advice.item(1).getByTestId("note-conflicts")).toHaveCount(0);

  // The coordinator revokes the phone; the phone is told, and lets go of the programme.
  await tablet.goto("/indstillinger");
  await tablet.page.getByTestId("devices").getByRole("listitem").filter({ hasText: "Lones telefon" }).getByRole("button", { name: "Tilbagekald" }).click();
  await expect(tablet.page.getByTestId("devices")).toContainText("Tilbagekaldt");
  await phone.goto("/indstillinger");
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
  await tablet.setup.createProgramme("Randers Kommune", "Ulla");
  await tablet.partners.addCareService("Solhaven"); // contact person Karim
  await tablet.partners.addCareService("Skovbo");
  await tablet.volunteers.add("Anna Berg", "Solhaven", { phone: "11111111" });
  await tablet.volunteers.add("Bo Dahl", "Solhaven", { phone: "22222222" });
  await tablet.volunteers.add("Carl Holm", "Skovbo", { phone: "33333333" });
  const inTwoDays = await tablet.day(2);
  await tablet.visits.plan({ volunteer: "Anna Berg", careService: "Solhaven", first: inTwoDays, start: "10:00", end: "12:00", repeats: "Kun én gang" });
  await tablet.visits.plan({ volunteer: "Bo Dahl", careService: "Solhaven", first: inTwoDays, start: "14:00", end: "15:00", repeats: "Kun én gang" });
  await tablet.visits.plan({ volunteer: "Carl Holm", careService: "Skovbo", first: inTwoDays, start: "14:00", end: "15:00", repeats: "Kun én gang" });
  const code = await inviteVolunteer(tablet, "Anna Berg");

  // Anna types the code on her phone's first screen, in lower case without the dash.
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await phone.open();
  await phone.join.type(code.replace("-", "").toLowerCase());
  await phone.join.submit();
  // Her home is "Mig", with her visit and whom to report to.
  await expect(phone.page.getByRole("heading", { level: 1, name: "Hej Anna" })).toBeVisible();
  const next = phone.page.getByTestId("next-visit");
  await expect(next).toContainText("10:00–12:00");
  await expect(next).toContainText("Meld dig hos Karim");

  // Of the others: Bo (same care service) by first name only on the schedule, Carl not at
  // all, no numbers; and no way to Bo's page.
  await phone.nav("Besøg").click();
  await expect(phone.page.getByTestId(`visit-Anna Berg-${inTwoDays}`)).toBeVisible();
  await expect(phone.page.getByTestId(`visit-Bo-${inTwoDays}`)).toHaveCount(0);
  await phone.page.getByLabel("Kun mine besøg").uncheck();
  const bo = phone.page.getByTestId(`visit-Bo-${inTwoDays}`);
  await expect(bo).toBeVisible();
  await expect(bo.getByRole("button")).toHaveCount(0);
  // Their own visit they may cancel; "held" waits for its day.
  const own = phone.page.getByTestId(`visit-Anna Berg-${inTwoDays}`);
  await expect(own.getByRole("button", { name: "Aflys" })).toBeVisible();
  await expect(own.getByRole("button", { name: "Afholdt" })).toHaveCount(0);
  const everything = await phone.page.locator("body").innerText();
  expect(everything).not.toContain("Bo Dahl");
  expect(everything).not.toContain("Carl");
  const backup = await phone.settings.backup();
  for (const secret of ["22222222", "33333333", "Bo Dahl", "Carl Holm"]) expect(backup).not.toContain(secret);
  expect(backup).toContain("11111111");

  await tabletContext.close();
  await phoneContext.close();
});
