import { expect, test } from "../fixtures/clock";
import { App, PHONE, TABLET, coordinator, device, inviteVolunteer, shareWithLeader } from "../fixtures";

// Sync you can trust, driven as users would: an erasure that leaves no trace on a leader's
// phone, a volunteer moved away from a care service's phone, and devices whose clocks are
// days wrong. Each test opens a tablet and a phone itself, so it runs in one project.
const DAY = 86_400_000;
const MAP_NEEDS = "Kortlæg behov og opgaver til de frivillige";

/** Everything the device keeps in IndexedDB (every store of every database) and localStorage. */
async function everythingStored(app: App): Promise<string> {
  return app.page.evaluate(async () => {
    const found: string[] = [JSON.stringify({ ...localStorage })];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const open = indexedDB.open(name!);
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((done, fail) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => done(all.result);
          all.onerror = () => fail(all.error);
        });
        found.push(JSON.stringify(values));
      }
      db.close();
    }
    return found.join("\n");
  });
}

test("a volunteer erased on the coordinator's tablet leaves no trace on the leader's phone", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven");
  await tablet.volunteers.add("Dora Mortensen", "Solhaven", { phone: "44556677", email: "dora@example.dk" });
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await shareWithLeader(tablet, phone, "Solhaven");
  await phone.nav("Frivillige").click();
  await expect(phone.page.getByTestId("volunteer-Dora Mortensen")).toBeVisible();
  expect(await everythingStored(phone), "the phone had her number").toContain("44556677");

  await tablet.volunteers.open("Dora Mortensen");
  await tablet.volunteers.erase();
  await tablet.settings.syncNow();
  expect(await everythingStored(tablet)).not.toContain("44556677");

  await phone.settings.syncNow();
  await phone.nav("Frivillige").click();
  await expect(phone.page.getByTestId("volunteer-Dora Mortensen")).toHaveCount(0);
  for (const stored of [await everythingStored(phone), await phone.settings.backup()]) {
    for (const secret of ["44556677", "Dora Mortensen", "dora@example.dk"]) expect(stored).not.toContain(secret);
  }
  await tabletContext.close();
  await phoneContext.close();
});

test("a care service's phone lets go of a volunteer moved to another care service, and says so", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven", "Skovbo");
  await tablet.volunteers.add("Dora Mortensen", "Solhaven", { phone: "44556677" });
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await shareWithLeader(tablet, phone, "Solhaven");
  // The leader looks at Dora on the phone.
  await phone.volunteers.open("Dora Mortensen");
  await expect(phone.page.getByRole("heading", { level: 1, name: "Dora Mortensen" })).toBeVisible();

  // The coordinator moves her to Skovbo.
  await tablet.volunteers.move("Dora Mortensen", "Solhaven", "Skovbo");
  await tablet.settings.syncNow();

  // The phone syncs where the leader is looking (coming online), and says why she is gone.
  await phone.page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(phone.page.getByTestId("volunteer-gone")).toBeVisible();
  await expect(phone.page.getByTestId("sync-status")).toContainText("flyttet eller slettet");
  for (const stored of [await everythingStored(phone), await phone.settings.backup()]) {
    expect(stored).not.toContain("44556677");
    expect(stored).not.toContain("Dora Mortensen");
  }
  await tabletContext.close();
  await phoneContext.close();
});

test("a volunteer's phone lets go of the schedule of a care service they left, and says so on Besøg", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven", "Skovbo");
  await tablet.volunteers.add("Anna Berg", "Solhaven", { phone: "11111111" });
  await tablet.volunteers.add("Bo Dahl", "Solhaven", { phone: "22222222" });
  const inTwoDays = await tablet.day(2);
  await tablet.visits.plan({ volunteer: "Bo Dahl", careService: "Solhaven", first: inTwoDays, start: "14:00", end: "15:00", repeats: "Kun én gang" });
  const code = await inviteVolunteer(tablet, "Anna Berg");
  const [phoneContext, phone] = await device(browser, info, PHONE);
  await phone.join.byLink(code);
  await expect(phone.page.getByTestId("sync-status")).toContainText(/Synkroniseret kl\./);
  // Anna sees Solhaven's schedule: Bo's visit, by his first name.
  // A volunteer added at Skovbo was never Anna's to see: nothing is said of him.
  await tablet.volunteers.add("Carl Holm", "Skovbo", { phone: "33333333" });
  await tablet.settings.syncNow();
  await phone.settings.syncNow();
  await phone.nav("Besøg").click();
  await phone.page.getByLabel("Kun mine besøg").uncheck();
  await expect(phone.page.getByTestId(`visit-Bo-${inTwoDays}`)).toBeVisible();
  expect(await everythingStored(phone)).toMatch(/"Bo"/);
  await expect(phone.page.getByTestId("gone-notice")).toHaveCount(0);

  // The coordinator moves Anna to Skovbo.
  await tablet.volunteers.move("Anna Berg", "Solhaven", "Skovbo");
  await tablet.settings.syncNow();

  // Her phone syncs while she looks at Besøg: the visit goes, and the page says why.
  await phone.page.evaluate(() => window.dispatchEvent(new Event("online")));
  const notice = phone.page.getByTestId("gone-notice");
  await expect(notice).toContainText("1 besøg er flyttet til en anden frivillig eller et andet tilbud eller slettet");
  await expect(phone.page.getByTestId(`visit-Bo-${inTwoDays}`)).toHaveCount(0);
  await notice.getByRole("button", { name: "OK" }).click();
  await expect(notice).toHaveCount(0);
  // Bo, no longer a colleague, is gone from what the phone holds.
  expect(await everythingStored(phone)).not.toMatch(/"Bo"/);
  await tabletContext.close();
  await phoneContext.close();
});

for (const [what, off] of [["5 days slow", -5 * DAY], ["5 days fast", 5 * DAY]] as const) {
  test(`a tablet whose clock is ${what} still syncs both ways, and an untick beats the tick it saw`, async ({ browser }, info) => {
    test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
    // The coordinator works on the wrong clock before it ever reaches the server.
    const [tabletContext, tablet] = await device(browser, info, TABLET, { clockOff: off });
    await tablet.open();
    await tablet.setup.createProgramme("Favrskov Kommune", "Jens");
    await tablet.partners.addCareService("Solhaven");
    await tablet.phase.tick(1, "Solhaven", MAP_NEEDS);
    const [phoneContext, phone] = await device(browser, info, PHONE);
    await shareWithLeader(tablet, phone, "Solhaven");
    if (off > 0) {
      // Its changes were dated ahead of the server's clock: they were re-made.
      await expect(tablet.page.getByTestId("sync-status")).toContainText("fik nyt tidspunkt");
    }

    // The leader sees the tick and unticks it; the tablet gets the untick.
    await phone.goto("/faser/1");
    const phoneTask = phone.phase.tasks("Solhaven").getByRole("checkbox", { name: MAP_NEEDS });
    await expect(phoneTask).toBeChecked();
    await phoneTask.click();
    await expect(phoneTask).not.toBeChecked();
    await phone.settled();
    await phone.settings.syncNow();
    await tablet.settings.syncNow();
    await tablet.goto("/faser/1");
    const tabletTask = tablet.phase.tasks("Solhaven").getByRole("checkbox", { name: MAP_NEEDS });
    await expect(tabletTask).not.toBeChecked();

    // And the tablet's next tick, made after it saw the untick, beats it everywhere.
    await tablet.phase.tick(1, "Solhaven", MAP_NEEDS);
    await tablet.settings.syncNow();
    await phone.settings.syncNow();
    await phone.goto("/faser/1");
    await expect(phoneTask).toBeChecked();
    await tabletContext.close();
    await phoneContext.close();
  });
}


type PullReply = { ops: { seq: number; op: { stamp: string; kind: string; entity: string } }[] };

/** The page with 3,000 older renamings of the tick's care service to its own name in
 * front (they change nothing on screen), so that storing it takes a while. */
function fattened(page: PullReply): PullReply {
  const tick = page.ops.find((p) => p.op.kind === "task_tick");
  if (!tick) return page;
  const careService = tick.op.entity.split(":")[0];
  const time = BigInt(`0x${tick.op.stamp.split("-")[0]}`);
  const filler = Array.from({ length: 3_000 }, (_, i) => ({
    seq: tick.seq,
    op: {
      stamp: `${(time - BigInt(1_000 + i)).toString(16).padStart(16, "0")}-${"f".repeat(32)}`,
      kind: "partner",
      entity: careService,
      change: { type: "set", field: "name", value: "Solhaven" },
    },
  }));
  return { ...page, ops: [...filler, ...page.ops] };
}

test("a pull that lands while a tick is being stored never hides the tick", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven");
  // No service worker on the phone, so the test can hold its pulls back.
  const [phoneContext, phone] = await device(browser, info, PHONE, { serviceWorkers: "block" });
  const cdp = await phoneContext.newCDPSession(phone.page);
  await shareWithLeader(tablet, phone, "Solhaven");
  const tasks = ["Kortlæg behov og opgaver til de frivillige", "Udpeg en kontaktperson for de IT-frivillige"];
  for (const task of tasks) {
    // The coordinator ticks the task with a note; the leader ticks it too, with another,
    // just as the page with the coordinator's tick is being stored on the phone.
    await tablet.phase.tick(1, "Solhaven", task, { note: "Fra tabletten" });
    await tablet.settings.syncNow();
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    let asked!: () => void;
    const pulling = new Promise<void>((done) => (asked = done));
    await phoneContext.route("**/api/v1/pull*", async (route) => {
      const response = await route.fetch();
      asked();
      await held;
      await route.fulfill({ response, json: fattened(await response.json()) });
    });
    await phone.goto("/faser/1"); // a round starts with the page
    await pulling;
    const section = phone.phase.tasks("Solhaven");
    const box = section.getByRole("checkbox", { name: task });
    const item = section.getByRole("listitem").filter({ has: phone.page.getByRole("checkbox", { name: task }) });
    await expect(box).not.toBeChecked();
    await box.click();
    // A leader's tablet knows no name until one is typed; then it suggests it.
    if (task === tasks[0]) await expect(item.getByLabel("Hvem")).toHaveValue("");
    else await expect(item.getByLabel("Hvem")).toHaveValue("Lone");
    await item.getByLabel("Hvem").fill("Lone");
    await item.getByLabel(/^Note/).fill("Fra telefonen");
    const stored = phone.page.waitForResponse((r) => r.url().includes("/api/v1/pull"));
    // A slow phone: the page takes long to store, and the leader taps meanwhile.
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
    release();
    await item.getByRole("button", { name: "Markér som udført" }).click();
    await stored;
    await phone.settled();
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await phoneContext.unroute("**/api/v1/pull*");
    await expect(box).toBeChecked();
    await expect(item.locator("p.tick-note").first()).toHaveText("Fra telefonen");
    // What the screen shows is what the device holds.
    await phone.reload();
    await expect(box).toBeChecked();
    await expect(item.locator("p.tick-note").first()).toHaveText("Fra telefonen");
  }
  await tabletContext.close();
  await phoneContext.close();
});

test("a leader's new phone restores the old phone's backup: its unsent ticks count as the new phone's own, unless newer ones replaced them", async ({ browser }, info) => {
  test.skip(info.project.name !== "tablet", "the test opens a phone and a tablet itself");
  const [tabletContext, tablet] = await coordinator(browser, info, "Solhaven");
  // The old phone never reaches the server with its pushes (no service worker, so the
  // test can hold them back), then is lost; its backup file is what is left.
  const [oldContext, old] = await device(browser, info, PHONE, { serviceWorkers: "block" });
  await shareWithLeader(tablet, old, "Solhaven");
  await oldContext.route("**/api/v1/push", (route) => route.abort("internetdisconnected"));
  const [kept, replaced] = [MAP_NEEDS, "Udpeg en kontaktperson for de IT-frivillige"];
  await old.phase.tick(1, "Solhaven", kept, { by: "Lone", note: "Fra den gamle telefon" });
  await old.phase.tick(1, "Solhaven", replaced, { by: "Lone", note: "Fra den gamle telefon" });
  await old.settled();
  const file = await old.settings.backup();
  await oldContext.close();
  // Meanwhile the coordinator ticks the second task too, later.
  await tablet.phase.tick(1, "Solhaven", replaced, { note: "Fra tabletten" });
  await tablet.settings.syncNow();

  const [newContext, fresh] = await device(browser, info, PHONE);
  await shareWithLeader(tablet, fresh, "Solhaven");
  await fresh.goto("/indstillinger");
  await fresh.restore.choose("backup.json", file);
  await fresh.restore.confirm();
  // Only the coordinator may send another device's changes on. The new phone makes the
  // first tick again as its own; the second's were replaced by the coordinator's, and
  // re-made they would beat it: they are taken back. It says both.
  const status = fresh.page.getByTestId("sync-status");
  await expect(status).toContainText(/\d+ ændringer fra en anden enhed \(i en gendannet sikkerhedskopi\) er gemt som denne enheds egne/);
  await expect(status).toContainText(/\d+ ændringer blev afvist af serveren og er taget tilbage på denne enhed \(lavet på en anden enhed\)/);
  for (const app of [fresh, tablet]) {
    await app.settings.syncNow();
    await app.goto("/faser/1");
    const section = app.phase.tasks("Solhaven");
    const note = (task: string) =>
      section.getByRole("listitem").filter({ has: app.page.getByRole("checkbox", { name: task }) }).locator("p.tick-note").first();
    await expect(section.getByRole("checkbox", { name: kept })).toBeChecked();
    await expect(note(kept)).toHaveText("Fra den gamle telefon");
    await expect(note(replaced)).toHaveText("Fra tabletten");
  }
  await tabletContext.close();
  await newContext.close();
});
