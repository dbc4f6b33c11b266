import { App } from "../fixtures";
import { expect, test } from "../fixtures/clock";

for (const offline of [false, true])
  test(`the coordinator's calendar is made from the programme's start, moved, noted, ticked and reminded of${offline ? " (offline)" : ""}`, async ({ page, context }) => {
    const app = new App(page);
    await app.start(context, offline);
    await app.setup.createProgramme("Favrskov Kommune", "Jens");
    const calendar = app.calendar;
    await calendar.open();
    await expect(page.getByTestId("calendar-frame")).toContainText("0,2 årsværk");
    await expect(page.getByTestId("calendar").getByRole("listitem")).toHaveCount(0);

    // A start ten years off is refused at its field; nothing is made of it.
    const form = page.getByTestId("calendar-start-form");
    await form.getByLabel("Programmets startdato").fill("2099-01-01");
    await form.getByTestId("calendar-start-save").click();
    await expect(form.getByText("Datoen ligger mere end 10 år væk")).toBeVisible();
    await expect(form.getByLabel("Programmets startdato")).toHaveAttribute("aria-invalid", "true");

    // Started ten days ago: the start-up meeting is in four days, the workshop in 32.
    const [start, inFour, in32, in40] = [await app.day(-10), await app.day(4), await app.day(32), await app.day(40)];
    await calendar.setStart(start);
    await expect(page.getByRole("button", { name: "Ret startdato" })).toBeFocused();
    const titles = page.getByTestId("calendar").getByRole("heading", { level: 2 });
    await expect(titles).toHaveText([
      "Opstartsmøde",
      "Fælles udviklingsworkshop",
      "Kick-off",
      "Statusmøde 1",
      "Evaluering til byrådet, år 1",
      "Statusmøde 2",
    ]);
    expect(await calendar.dateOf("startup")).toBe(inFour);
    expect(await calendar.dateOf("workshop")).toBe(in32);
    await expect(page.getByTestId("reminders-link")).toHaveAttribute("aria-label", "Påmindelser: 1");

    // The overview names the next meeting; the reminders link to the calendar.
    await app.nav("Overblik").click();
    await expect(page.getByTestId("next-meeting")).toContainText("Næste: Opstartsmøde");
    await page.getByTestId("reminders-link").click();
    await page.getByTestId("reminders").getByRole("link", { name: /^Opstartsmøde: / }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Koordinatorens kalender");

    // Its form opens on its first field; a bad date is refused there, and nothing is stored.
    const startup = calendar.meeting("startup");
    await startup.getByRole("button", { name: "Redigér Opstartsmøde" }).click();
    await expect(startup.getByLabel("Dato")).toBeFocused();
    await startup.getByLabel("Dato").fill("2099-05-01");
    await startup.getByRole("button", { name: "Gem" }).click();
    await expect(startup.getByText("Datoen ligger mere end 10 år væk")).toBeVisible();
    await startup.getByRole("button", { name: "Annullér" }).click();
    await expect(startup.getByRole("button", { name: "Redigér Opstartsmøde" })).toBeFocused();
    expect(await calendar.dateOf("startup")).toBe(inFour);

    // Moved, held and noted: it says so, keeps its place by date, and leaves the reminders.
    await calendar.edit("startup", "Opstartsmøde", { date: in40, held: true, note: "Spilleregler: 1–2 besøg om måneden" });
    await expect(startup.getByTestId("meeting-status")).toHaveText("Holdt");
    await expect(startup).toContainText("Flyttet fra");
    await expect(startup).toContainText("Spilleregler: 1–2 besøg om måneden");
    await expect(startup.getByRole("button", { name: "Redigér Opstartsmøde" })).toBeFocused();
    expect(await calendar.dateOf("startup")).toBe(in40);
    await expect(titles.first()).toHaveText("Fælles udviklingsworkshop");
    await expect(page.getByTestId("reminders-link")).toHaveAttribute("aria-label", "Påmindelser: 0");

    // A later start moves what was not moved by hand; the moved meeting stays.
    await calendar.setStart(await app.day(-3));
    expect(await calendar.dateOf("workshop")).toBe(await app.day(39));
    expect(await calendar.dateOf("startup")).toBe(in40);

    // All of it kept on the device.
    await app.reload();
    await expect(calendar.meeting("startup").getByTestId("meeting-status")).toHaveText("Holdt");
    expect(await calendar.dateOf("workshop")).toBe(await app.day(39));
  });

test("an overdue meeting says so and stays among the reminders until it is held", async ({ page, context }) => {
  const app = new App(page);
  await app.start(context, false);
  await app.setup.createProgramme("Favrskov Kommune", "Jens");
  await app.calendar.open();
  // Started 20 days ago: the start-up meeting was six days ago.
  await app.calendar.setStart(await app.day(-20));
  const startup = app.calendar.meeting("startup");
  await expect(startup.getByTestId("meeting-status")).toHaveText("Overskredet");
  await app.page.getByTestId("reminders-link").click();
  await expect(app.page.getByTestId("reminders")).toContainText("Opstartsmøde");
  await expect(app.page.getByTestId("reminders")).toContainText("overskredet");
  await app.calendar.open();
  await app.calendar.edit("startup", "Opstartsmøde", { held: true });
  await expect(startup.getByTestId("meeting-status")).toHaveText("Holdt");
  await expect(app.page.getByTestId("reminders-link")).toHaveAttribute("aria-label", "Påmindelser: 0");
});
