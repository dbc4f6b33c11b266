import { App } from "../fixtures";
import { expect, test } from "../fixtures/clock";

for (const offline of [false, true])
  test(`the follow-up questions are answered per partner in dated rounds, side by side, and a care service's talks are kept as counts${offline ? " (offline)" : ""}`, async ({ page, context }) => {
    const app = new App(page);
    await app.start(context, offline);
    await app.setup.createProgramme("Favrskov Kommune", "Jens");
    await app.partners.addCareService("Solhaven");
    const evaluation = app.evaluation;
    await evaluation.open();
    await expect(evaluation.rounds("Favrskov Kommune")).toContainText("Ingen svar endnu.");
    const solhaven = evaluation.rounds("Solhaven");

    // The form opens on its day; a round with no answer, or dated ahead, is refused.
    await solhaven.getByRole("button", { name: "Ny runde" }).click();
    const form = solhaven.getByTestId("round-form");
    await expect(form.getByLabel("Dato")).toBeFocused();
    await form.getByLabel("Dato").fill(await app.day(1));
    await form.getByRole("button", { name: "Gem" }).click();
    await expect(form.getByLabel("Dato")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel(/^Hvad er det vigtigste/)).toHaveAttribute("aria-invalid", "true");
    await form.getByRole("button", { name: "Annullér" }).click();
    await expect(solhaven.getByRole("button", { name: "Ny runde" })).toBeFocused();
    await expect(solhaven).toContainText("Ingen svar endnu.");

    // Half a year ago, and today: the new round beside the last, a question per row.
    const [halfYearAgo, today] = [await app.day(-182), await app.day(0)];
    await evaluation.answer("Solhaven", halfYearAgo, { 1: "Start småt", 5: "Besøg fra Ældre Sagen" }, "Lone");
    await evaluation.answer("Solhaven", today, { 1: "Faste tider virker", 3: "Spørg beboerrådet" });
    const table = solhaven.getByRole("table");
    await expect(table.getByRole("columnheader")).toHaveCount(3);
    const lesson = table.getByRole("row", { name: /Hvad er det vigtigste/ });
    await expect(lesson.getByRole("cell")).toHaveText(["Faste tider virker", "Start småt"]);
    await expect(table.getByRole("columnheader").nth(2)).toContainText("svaret af Lone");
    await expect(evaluation.rounds("Favrskov Kommune")).toContainText("Ingen svar endnu.");

    // Today's round again opens with its answers and changes that round; it is not doubled.
    await solhaven.getByRole("button", { name: "Ny runde" }).click();
    await expect(solhaven.getByTestId("round-form").getByLabel(/^Hvad er det vigtigste/)).toHaveValue("Faste tider virker");
    await solhaven.getByRole("button", { name: "Annullér" }).click();
    await evaluation.answer("Solhaven", today, { 2: "Fortsæt med to besøg om måneden" });
    await expect(table.getByRole("columnheader")).toHaveCount(3);
    await expect(table.getByRole("row", { name: /fortsætte bedst/ }).getByRole("cell").first()).toHaveText("Fortsæt med to besøg om måneden");
    await expect(lesson.getByRole("cell").first()).toHaveText("Faste tider virker");

    // A talk: who took part as numbers; nobody, or a count that is no count, is refused.
    const talks = evaluation.talks("Solhaven");
    await evaluation.talk("Solhaven", { date: today, residents: "0", note: "Ingen kom" });
    await expect(talks.getByText("Skriv et tal")).toHaveCount(0);
    const talkForm = talks.getByTestId("talk-form");
    await expect(talkForm.getByLabel("Antal beboere")).toHaveAttribute("aria-invalid", "true");
    await talkForm.getByLabel("Antal medarbejdere").fill("500");
    await talkForm.getByRole("button", { name: "Gem" }).click();
    await expect(talkForm.getByLabel("Antal medarbejdere")).toHaveAttribute("aria-invalid", "true");
    await talkForm.getByRole("button", { name: "Annullér" }).click();
    await evaluation.talk("Solhaven", { date: today, residents: "4", volunteers: "2", staff: "1", note: "Beboerne ønsker videoopkald med familien" });
    await expect(talks.getByRole("listitem")).toHaveCount(1);
    await expect(talks).toContainText("Beboere: 4 · frivillige: 2 · medarbejdere: 1");
    await expect(talks).toContainText("Beboerne ønsker videoopkald med familien");
    // A second talk that day would overwrite the first: refused at its day.
    await evaluation.talk("Solhaven", { date: today, residents: "2", note: "Om eftermiddagen" });
    await expect(talkForm.getByText("Der er allerede en samtale den dag")).toBeVisible();
    await talkForm.getByRole("button", { name: "Annullér" }).click();
    await expect(talks.getByRole("listitem")).toHaveCount(1);

    // Kept on the device.
    await app.reload();
    await expect(lesson.getByRole("cell")).toHaveText(["Faste tider virker", "Start småt"]);
    await expect(talks).toContainText("Beboere: 4");
  });
