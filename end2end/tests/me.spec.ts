import { expect, test } from "../fixtures/clock";
import ICAL from "ical.js";
import { readFileSync } from "node:fs";
import { App } from "../fixtures";

for (const offline of [false, true])
test(`a volunteer sees their next visit and adds their visits to the calendar${offline ? " (offline)" : ""}`, async ({ page, context }) => {
  const app = new App(page);
  await app.start(context, offline);
  await app.setup.createProgramme("Randers Kommune", "Ulla");
  await app.partners.addCareService("Solhaven"); // contact person Karim
  await app.volunteers.add("Anna Berg", "Solhaven");
  await app.visits.plan({
    volunteer: "Anna Berg",
    careService: "Solhaven",
    first: await app.day(2),
    start: "10:00",
    end: "13:00",
    repeats: "Hver anden uge",
    until: await app.day(30),
  });
  await expect(page.getByTestId("upcoming").getByRole("listitem")).toHaveCount(2);

  // On the volunteer's phone: "this is me", remembered across a reload.
  await page.getByRole("link", { name: "Mig" }).click();
  await page.getByRole("button", { name: "Anna Berg" }).click();
  await app.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Hej Anna" })).toBeVisible();
  const next = page.getByTestId("next-visit");
  await expect(next).toContainText("10:00–13:00");
  await expect(next).toContainText("Solhaven");
  await expect(next).toContainText("Meld dig hos Karim");
  await expect(page.getByTestId("my-steps")).toContainText("Ansøgning modtaget");
  await expect(page.getByTestId("my-hours")).toContainText("0 timer denne måned");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Føj alle til kalenderen" }).click()]);
  const text = readFileSync(await download.path(), "utf8");
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
  // Every other week from day 2 to day 30 inclusive: days 2, 16 and 30.
  expect(events).toHaveLength(3);
  for (const event of events) {
    expect(event.summary).toBe("IT-frivillig på Solhaven");
    expect(event.location).toBe("Solhaven");
    expect(event.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("Europe/Copenhagen");
    expect(event.startDate.hour).toBe(10);
    expect(event.endDate.hour).toBe(13);
    expect(event.uid).toMatch(/@samskab$/);
  }
  expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Copenhagen");

  // Importing again gives the same UIDs, so calendars update instead of duplicating.
  const [again] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Føj alle til kalenderen" }).click()]);
  const uids = (t: string) => new ICAL.Component(ICAL.parse(t)).getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"));
  expect(uids(readFileSync(await again.path(), "utf8"))).toEqual(uids(text));

  await page.getByRole("button", { name: "Det er ikke mig" }).click();
  await expect(page.getByText(/Hvem er du\?/)).toBeVisible();
});
