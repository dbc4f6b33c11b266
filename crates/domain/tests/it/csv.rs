//! CSV export: the writer's escaping, neutralisation and number format, and the four
//! exports (tasks, volunteers, visits, hours), each filtered as its screen is. Every
//! expected file is written out by hand; a strict RFC 4180 reader below reads each one
//! back and checks the byte-order mark, CRLF and the number of fields.

use chrono::{NaiveDate, NaiveTime};
use samskab_domain::ProgrammeState;
use samskab_domain::csv::{
    BOM, Cell, ContactData, Format, HoursFilter, Separator, TaskFilter, VisitFilter,
    VolunteerFilter, Writer, hours, hours_text, neutralise, tasks, visits, volunteers,
};
use samskab_domain::entities::{TaskTickInput, untick_task};
use samskab_domain::homes::employees;
use samskab_domain::model::{self, Lang, PHASES, PartnerKind};
use samskab_domain::onboarding::{Status, Step};
use samskab_domain::results::{self, ReportPeriod, StageBucket};
use samskab_domain::schedule::{Recurrence, TimeSlot};
use samskab_domain::scope::{Access, Role};
use samskab_domain::visits::{CancelInput, HeldInput, Period, VisitInput, move_to};
use samskab_domain::volunteers::{VolunteerInput, set_status};

use crate::common::Fixture;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A tiny, strict RFC 4180 reader: the file starts with the byte-order mark, every
/// record ends with CRLF, a quote opens a field only at its start and closes it only
/// before a separator or the record's end, and every record has as many fields as the
/// header.
fn read(text: &str, separator: char) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix(BOM)
        .expect("the file starts with a byte-order mark");
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = body.chars().peekable();
    // At the start of a field, where a quote may open it.
    let mut fresh = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if fresh => {
                loop {
                    match chars.next().expect("a quoted field is closed") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
                assert!(
                    matches!(chars.peek(), Some(&next) if next == separator || next == '\r'),
                    "a closing quote ends the field: {text:?}"
                );
                fresh = false;
            }
            '"' => panic!("a quote inside an unquoted field: {text:?}"),
            c if c == separator => {
                record.push(std::mem::take(&mut field));
                fresh = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF: {text:?}");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                fresh = true;
            }
            '\n' => panic!("LF without CR outside quotes: {text:?}"),
            c => {
                field.push(c);
                fresh = false;
            }
        }
    }
    assert!(
        record.is_empty() && field.is_empty(),
        "the last record ends with CRLF: {text:?}"
    );
    let width = records.first().expect("a header").len();
    for r in &records {
        assert_eq!(r.len(), width, "every record as wide as the header: {r:?}");
    }
    records
}

fn rows(records: &[Vec<String>]) -> Vec<Vec<&str>> {
    records
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

/// The values the attacks and odd texts are written as, and read back as.
/// (value, as written, as read back)
const TEXTS: &[(&str, &str, &str)] = &[
    (
        r#"=HYPERLINK("http://evil","x")"#,
        r#""'=HYPERLINK(""http://evil"",""x"")""#,
        r#"'=HYPERLINK("http://evil","x")"#,
    ),
    ("+1+1", r#""'+1+1""#, "'+1+1"),
    ("@SUM(A1)", r#""'@SUM(A1)""#, "'@SUM(A1)"),
    ("-2+3", r#""'-2+3""#, "'-2+3"),
    // A dash alone and plain negative numbers are values, not formulas: left as they
    // are (the comma only quotes it).
    ("-", "-", "-"),
    ("-5", "-5", "-5"),
    ("-2,5", r#""-2,5""#, "-2,5"),
    ("-2.5", "-2.5", "-2.5"),
    // ...but not a dash before anything else.
    ("- 5", r#""'- 5""#, "'- 5"),
    ("--5", r#""'--5""#, "'--5"),
    ("-5e3", r#""'-5e3""#, "'-5e3"),
    // Tab and CR first (OWASP), and an `=` behind spaces or a zero-width space.
    ("\tSUM", "\"'\tSUM\"", "'\tSUM"),
    ("\r=1", "\"'\r=1\"", "'\r=1"),
    ("  =1+1", r#""'  =1+1""#, "'  =1+1"),
    ("\u{200B}=1+1", "\"'\u{200B}=1+1\"", "'\u{200B}=1+1"),
    ("\n@x", "\"'\n@x\"", "'\n@x"),
    // A bidi override is removed, and the `=` it hid is neutralised.
    ("\u{202E}=1+1", r#""'=1+1""#, "'=1+1"),
    ("Anna \u{2066}Hansen\u{2069}", "Anna Hansen", "Anna Hansen"),
    ("Lone\u{202E}nesnaH", "LonenesnaH", "LonenesnaH"),
    // Other control characters are removed.
    ("a\u{0}b\u{7}c", "abc", "abc"),
    // A note with a quote, a comma, a semicolon, a newline and a CRLF.
    (
        "Sagde \"hej\", tak; linje\nCRLF\r\nslut",
        "\"Sagde \"\"hej\"\", tak; linje\nCRLF\r\nslut\"",
        "Sagde \"hej\", tak; linje\nCRLF\r\nslut",
    ),
    (
        "Søren Ærøskøbing på Åbo",
        "Søren Ærøskøbing på Åbo",
        "Søren Ærøskøbing på Åbo",
    ),
    // Only whitespace, and whitespace at the ends: quoted, so nothing trims it.
    ("   ", r#""   ""#, "   "),
    (" x ", r#"" x ""#, " x "),
    ("", "", ""),
    // A quote or an @ further in is harmless.
    ("'citat", "'citat", "'citat"),
    ("lone@solhaven.dk", "lone@solhaven.dk", "lone@solhaven.dk"),
    // An international phone number starts with +: neutralised like any other text.
    ("+4520304050", r#""'+4520304050""#, "'+4520304050"),
];

#[test]
fn the_writer_quotes_neutralises_and_strips_as_promised() {
    for separator in [Separator::Semicolon, Separator::Comma] {
        let sep = separator.as_char();
        let mut csv = Writer::new(separator, ["Nr", "Værdi"]);
        let mut expected = format!("{BOM}Nr{sep}Værdi\r\n");
        for (i, (value, written, _)) in TEXTS.iter().enumerate() {
            csv.row([Cell::Count(i as u64), Cell::text(*value)]);
            expected.push_str(&format!("{i}{sep}{written}\r\n"));
        }
        let text = csv.finish();
        assert_eq!(text, expected, "{separator:?}");
        let records = read(&text, sep);
        assert_eq!(records.len(), TEXTS.len() + 1);
        for ((value, _, back), record) in TEXTS.iter().zip(&records[1..]) {
            assert_eq!(record[1], *back, "{value:?}");
            assert_eq!(neutralise(value), *back, "{value:?}");
        }
    }
}

#[test]
fn numbers_dates_and_times_have_one_format_each() {
    let at = date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap();
    let nine = NaiveTime::from_hms_opt(9, 5, 0).unwrap();
    let write = |separator| {
        let mut csv = Writer::new(separator, ["Timer", "Antal", "Dato", "Kl", "Tidspunkt"]);
        csv.row([
            Cell::Hours(90),
            Cell::Count(3),
            Cell::Date(date(2026, 3, 2)),
            Cell::Time(nine),
            Cell::DateTime(at),
        ]);
        csv.row([
            Cell::Hours(0),
            Cell::Count(0),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
        csv.finish()
    };
    assert_eq!(
        write(Separator::Semicolon),
        "\u{FEFF}Timer;Antal;Dato;Kl;Tidspunkt\r\n\
         1,50;3;2026-03-02;09:05;2026-03-29 02:30\r\n\
         0,00;0;;;\r\n"
    );
    assert_eq!(
        write(Separator::Comma),
        "\u{FEFF}Timer,Antal,Dato,Kl,Tidspunkt\r\n\
         1.50,3,2026-03-02,09:05,2026-03-29 02:30\r\n\
         0.00,0,,,\r\n"
    );
    // Two decimals from whole minutes, half up: 20 min = 0.333 h, 100 min = 1.667 h,
    // 1 min = 0.0167 h.
    for (minutes, da, en) in [
        (1, "0,02", "0.02"),
        (20, "0,33", "0.33"),
        (30, "0,50", "0.50"),
        (45, "0,75", "0.75"),
        (80, "1,33", "1.33"),
        (100, "1,67", "1.67"),
        (125, "2,08", "2.08"),
        (720, "12,00", "12.00"),
    ] {
        assert_eq!(hours_text(minutes, Separator::Semicolon), da);
        assert_eq!(hours_text(minutes, Separator::Comma), en);
    }
    // The defaults: Danish headers, `;` and a decimal comma.
    assert_eq!(Format::default(), Format::new(Lang::Da));
    assert_eq!(Format::new(Lang::En).separator, Separator::Semicolon);
    assert_eq!(Separator::default().decimal_mark(), ',');
}

const TASKS_DA: &str = "Fase;Part;Type;Opgave;Udført;Af;Tidspunkt;Note\r\n";
const VOLUNTEERS_DA: &str =
    "Navn;Stade;Næste skridt;Sociale tilbud;Virksomhed;IT-kompetencer og interesser";
const VISITS_DA: &str =
    "Dato;Fra kl.;Til kl.;Frivillig;Socialt tilbud;Status;Timer;Beboere;Aktivitet;Bemærkning\r\n";

#[test]
fn an_empty_programme_exports_the_headers_alone() {
    let da = Format::default();
    let empty = ProgrammeState::default();
    assert_eq!(
        tasks(&empty, TaskFilter::default(), da),
        format!("{BOM}{TASKS_DA}")
    );
    assert_eq!(
        tasks(
            &empty,
            TaskFilter::default(),
            Format {
                lang: Lang::En,
                separator: Separator::Comma
            }
        ),
        format!("{BOM}Phase,Partner,Kind,Task,Done,By,When,Note\r\n")
    );
    // The municipality alone: no volunteer, visit or hour.
    let state = Fixture::programme().state();
    assert_eq!(
        volunteers(&state, VolunteerFilter::default(), ContactData::Leave, da),
        format!("{BOM}{VOLUNTEERS_DA}\r\n")
    );
    assert_eq!(
        volunteers(&state, VolunteerFilter::default(), ContactData::Include, da),
        format!("{BOM}{VOLUNTEERS_DA};Telefon;E-mail\r\n")
    );
    let march = VisitFilter::period(Period::Month, date(2026, 3, 15), None, None);
    assert_eq!(visits(&state, march, None, da), format!("{BOM}{VISITS_DA}"));
    let period = ReportPeriod::new(date(2026, 1, 1), date(2026, 2, 28)).unwrap();
    let filter = HoursFilter {
        period,
        company: None,
        care_service: None,
    };
    assert_eq!(
        hours(&state, filter, da),
        format!("{BOM}Frivillig;Virksomhed;Stade;Timer 2026-01;Timer 2026-02;Timer i alt\r\n")
    );
}

fn tick(f: &mut Fixture, partner: &str, task: &str, note: &str) {
    let edits = TaskTickInput {
        by: "Lone".into(),
        // 08:30 UTC on the day summer time starts: 10:30 in Copenhagen.
        at: "2026-03-29T08:30:00Z".into(),
        note: note.into(),
    }
    .tick(partner, task)
    .unwrap();
    f.apply(edits);
}

#[test]
fn tasks_are_exported_as_the_phase_page_shows_them() {
    let (mut f, home, company) = Fixture::new();
    tick(
        &mut f,
        &home,
        "p3.care_service.hold_interview",
        "Sagde \"ja\", kom; tirsdag\nkl. 10",
    );
    // Ticked and unticked: the page shows neither who nor the note.
    tick(
        &mut f,
        &home,
        "p3.care_service.make_agreement",
        "Skjult note",
    );
    f.apply(untick_task(&home, "p3.care_service.make_agreement"));
    let state = f.state();
    let phase3 = model::phase(3);
    let filter = TaskFilter {
        phase: phase3,
        partner: Some(&home),
    };
    let text = tasks(&state, filter, Format::default());
    assert_eq!(
        text,
        format!(
            "{BOM}{TASKS_DA}\
             3. Ansættelse;Solhaven;Socialt tilbud;Lav samarbejdsaftalen med de IT-frivillige;Nej;;;\r\n\
             3. Ansættelse;Solhaven;Socialt tilbud;Forbered og hold samtalen (en borger og lederen deltager);Ja;Lone;2026-03-29 10:30;\"Sagde \"\"ja\"\", kom; tirsdag\nkl. 10\"\r\n\
             3. Ansættelse;Solhaven;Socialt tilbud;Indhent straffeattest;Nej;;;\r\n\
             3. Ansættelse;Solhaven;Socialt tilbud;Få underskrevet erklæring om tavshedspligt;Nej;;;\r\n\
             3. Ansættelse;Solhaven;Socialt tilbud;Introducér den frivillige;Nej;;;\r\n"
        )
    );
    assert!(!text.contains("Skjult"));
    let records = read(&text, ';');
    assert_eq!(records[2][7], "Sagde \"ja\", kom; tirsdag\nkl. 10");

    // In English, RFC 4180's comma.
    let en = Format {
        lang: Lang::En,
        separator: Separator::Comma,
    };
    let text = tasks(&state, filter, en);
    assert!(text.starts_with(
        "\u{FEFF}Phase,Partner,Kind,Task,Done,By,When,Note\r\n\
         3. Hiring,Solhaven,Care service,Make the collaboration agreement with the IT volunteers,No,,,\r\n\
         3. Hiring,Solhaven,Care service,Prepare and hold the interview (a citizen and the leader take part),Yes,Lone,2026-03-29 10:30,\"Sagde \"\"ja\"\", kom; tirsdag\nkl. 10\"\r\n\
         3. Hiring,Solhaven,Care service,Obtain the criminal record certificate,No,,,\r\n"
    ));
    read(&text, ',');

    // The phase page: every partner on the device, municipality first, then by kind
    // and name: Aarhus Kommune's 2 tasks, Solhaven's 5, Bravo IT's 2.
    let text = tasks(
        &state,
        TaskFilter {
            phase: phase3,
            partner: None,
        },
        Format::default(),
    );
    let records = read(&text, ';');
    let partners: Vec<&str> = records[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        partners,
        [
            "Aarhus Kommune",
            "Aarhus Kommune",
            "Solhaven",
            "Solhaven",
            "Solhaven",
            "Solhaven",
            "Solhaven",
            "Bravo IT",
            "Bravo IT",
        ]
    );
    // A company's own tasks, every phase: phase by phase, in the model's order.
    let text = tasks(
        &state,
        TaskFilter {
            phase: None,
            partner: Some(&company),
        },
        Format::default(),
    );
    let records = read(&text, ';');
    let expected: Vec<String> = PHASES
        .iter()
        .flat_map(|p| p.tasks_for(PartnerKind::Company))
        .map(|t| t.text.da.to_owned())
        .collect();
    let exported: Vec<String> = records[1..].iter().map(|r| r[3].clone()).collect();
    assert_eq!(exported, expected);
    assert!(
        records[1..]
            .iter()
            .all(|r| r[4] == "Nej" && r[1] == "Bravo IT")
    );

    // A note from an older device with a CR in it, and a bidi override: written safely.
    let mut odd = state.clone();
    let key = (home.clone(), "p3.care_service.hold_interview".to_owned());
    odd.task_ticks.get_mut(&key).unwrap().note = "=1+1\r\nlinje 2".into();
    odd.task_ticks.get_mut(&key).unwrap().by = "Lone\u{202E}nesnaH".into();
    let text = tasks(&odd, filter, Format::default());
    assert!(text.contains(";Ja;LonenesnaH;2026-03-29 10:30;\"'=1+1\r\nlinje 2\"\r\n"));
    let records = read(&text, ';');
    assert_eq!(records[2][5], "LonenesnaH");
    assert_eq!(records[2][7], "'=1+1\r\nlinje 2");
}

#[allow(clippy::too_many_arguments)]
fn add_volunteer(
    f: &mut Fixture,
    name: &str,
    phone: &str,
    email: &str,
    homes: &[&str],
    company: Option<&str>,
    skills: &str,
) -> String {
    let id = f.new_id();
    let edits = VolunteerInput {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        care_services: homes.iter().map(|h| h.to_string()).collect(),
        company: company.map(str::to_owned),
        skills: skills.into(),
        ..Default::default()
    }
    .edits(&id, None, &f.state())
    .unwrap();
    f.apply(edits);
    id
}

fn steps_until(f: &mut Fixture, volunteer: &str, last: Step) {
    for step in Step::ALL.into_iter().take_while(|s| *s <= last) {
        f.done(volunteer, step, "2026-01-02");
    }
}

#[test]
fn volunteers_are_exported_as_the_board_shows_them_and_contact_data_only_when_asked() {
    let (mut f, home, company) = Fixture::new();
    let other = f.add_partner(PartnerKind::CareService, "Åhaven");
    add_volunteer(
        &mut f,
        r#"=HYPERLINK("http://evil","x")"#,
        "12345678",
        "",
        &[&home],
        None,
        "Tablets, Skype; musik",
    );
    let plus = add_volunteer(
        &mut f,
        "+1+1",
        "",
        "plus@example.dk",
        &[&home],
        Some(&company),
        "",
    );
    steps_until(&mut f, &plus, Step::TrialReviewed);
    let at = add_volunteer(&mut f, "@SUM(A1)", "87654321", "", &[&home], None, "");
    f.apply(set_status(&at, Status::Paused));
    let minus = add_volunteer(&mut f, "-2+3", "11223344", "", &[&home], None, "");
    f.apply(set_status(&minus, Status::Left));
    let soren = add_volunteer(
        &mut f,
        "Søren Ærø-Åberg",
        "+45 20 30 40 50",
        "søren@æble.dk",
        &[&home, &other],
        None,
        "",
    );
    steps_until(&mut f, &soren, Step::Screened);
    let mut state = f.state();
    // A skills field of spaces only (an older device's; the form trims them).
    state
        .volunteers
        .iter_mut()
        .find(|v| v.id == soren)
        .unwrap()
        .skills = "   ".into();

    let da = Format::default();
    let text = volunteers(&state, VolunteerFilter::default(), ContactData::Leave, da);
    // The board's columns in order (under onboarding, active, paused, left), each by
    // name.
    assert_eq!(
        text,
        format!(
            "{BOM}{VOLUNTEERS_DA}\r\n\
             \"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";Under opstart;Ansøgning modtaget;Solhaven;;\"Tablets, Skype; musik\"\r\n\
             Søren Ærø-Åberg;Under opstart;Samtale holdt (en beboer og lederen deltog);\"Solhaven, Åhaven\";;\"   \"\r\n\
             \"'+1+1\";Aktiv;;Solhaven;Bravo IT;\r\n\
             \"'@SUM(A1)\";På pause;;Solhaven;;\r\n\
             \"'-2+3\";Stoppet;;Solhaven;;\r\n"
        )
    );
    for contact in [
        "12345678",
        "87654321",
        "11223344",
        "4520304050",
        "plus@",
        "æble",
    ] {
        assert!(!text.contains(contact), "{contact} left out");
    }
    assert_eq!(
        rows(&read(&text, ';')),
        [
            vec![
                "Navn",
                "Stade",
                "Næste skridt",
                "Sociale tilbud",
                "Virksomhed",
                "IT-kompetencer og interesser"
            ],
            vec![
                r#"'=HYPERLINK("http://evil","x")"#,
                "Under opstart",
                "Ansøgning modtaget",
                "Solhaven",
                "",
                "Tablets, Skype; musik"
            ],
            vec![
                "Søren Ærø-Åberg",
                "Under opstart",
                "Samtale holdt (en beboer og lederen deltog)",
                "Solhaven, Åhaven",
                "",
                "   "
            ],
            vec!["'+1+1", "Aktiv", "", "Solhaven", "Bravo IT", ""],
            vec!["'@SUM(A1)", "På pause", "", "Solhaven", "", ""],
            vec!["'-2+3", "Stoppet", "", "Solhaven", "", ""],
        ]
    );

    // Asked for: phone (as stored) and e-mail, in two more columns.
    let text = volunteers(&state, VolunteerFilter::default(), ContactData::Include, da);
    assert_eq!(
        rows(&read(&text, ';'))
            .into_iter()
            .map(|r| r[..1].iter().chain(&r[6..]).copied().collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        [
            vec!["Navn", "Telefon", "E-mail"],
            vec![r#"'=HYPERLINK("http://evil","x")"#, "12345678", ""],
            vec!["Søren Ærø-Åberg", "'+4520304050", "søren@æble.dk"],
            vec!["'+1+1", "", "plus@example.dk"],
            vec!["'@SUM(A1)", "87654321", ""],
            vec!["'-2+3", "11223344", ""],
        ]
    );

    // One column of the board; one care service's volunteers; in English.
    let active = VolunteerFilter {
        stage: Some(StageBucket::Active),
        care_service: None,
    };
    assert_eq!(
        volunteers(&state, active, ContactData::Leave, Format::new(Lang::En)),
        format!(
            "{BOM}Name;Stage;Next step;Care services;Company;IT skills and interests\r\n\
             \"'+1+1\";Active;;Solhaven;Bravo IT;\r\n"
        )
    );
    let at_other = VolunteerFilter {
        stage: None,
        care_service: Some(&other),
    };
    let records = read(&volunteers(&state, at_other, ContactData::Leave, da), ';');
    assert_eq!(records.len(), 2);
    assert_eq!(records[1][0], "Søren Ærø-Åberg");

    // A name with a bidi override (refused by the form, possible from an older device).
    let mut odd = state.clone();
    odd.volunteers
        .iter_mut()
        .find(|v| v.id == soren)
        .unwrap()
        .name = "Søren \u{202E}grebÅ".into();
    let records = read(&volunteers(&odd, at_other, ContactData::Leave, da), ';');
    assert_eq!(records[1][0], "Søren grebÅ");
}

fn plan(
    f: &mut Fixture,
    volunteer: &str,
    home: &str,
    first: &str,
    (start, end): (&str, &str),
    recurrence: Recurrence,
    activity: &str,
) -> String {
    let id = f.new_id();
    let plan = VisitInput {
        volunteer: volunteer.into(),
        care_service: home.into(),
        first: first.into(),
        start: start.into(),
        end: end.into(),
        recurrence: Some(recurrence),
        activity: activity.into(),
        ..Default::default()
    }
    .plan(&id, &f.state(), date(2025, 1, 1), date(2027, 12, 31))
    .unwrap();
    f.apply(plan.edits);
    id
}

fn held(
    f: &mut Fixture,
    series: &str,
    original: NaiveDate,
    hours: &str,
    residents: &str,
    note: &str,
) {
    let edits = HeldInput {
        hours: hours.into(),
        residents: residents.into(),
        note: note.into(),
    }
    .edits(series, original)
    .unwrap();
    f.apply(edits);
}

/// Anna (Bravo IT) visits Solhaven every Monday in March 2026 from 10 to 12: held on the
/// 2nd, cancelled on the 9th, the 23rd moved to Tuesday the 24th 13-15. Bo visits
/// Solhaven once, on Wednesday the 18th 9:00-10:30 (held), and Åhaven on Friday the 20th.
struct Visits {
    f: Fixture,
    home: String,
    other: String,
    anna: String,
    bo: String,
}

fn march() -> Visits {
    let (mut f, home, company) = Fixture::new();
    let other = f.add_partner(PartnerKind::CareService, "Åhaven");
    let anna = add_volunteer(
        &mut f,
        "Anna Berg",
        "12345678",
        "",
        &[&home],
        Some(&company),
        "",
    );
    let bo = add_volunteer(
        &mut f,
        "Bo Dahl",
        "23456789",
        "",
        &[&home, &other],
        None,
        "",
    );
    f.clear(&anna);
    f.clear(&bo);
    let weekly = plan(
        &mut f,
        &anna,
        &home,
        "2026-03-02",
        ("10:00", "12:00"),
        Recurrence::Weekly,
        "Hjælp med tablets; Skype",
    );
    held(
        &mut f,
        &weekly,
        date(2026, 3, 2),
        "2,5",
        "3",
        "Godt; \"super\", tak",
    );
    let edits = CancelInput {
        by: "Lone".into(),
        reason: "Syg, feber".into(),
    }
    .edits(&weekly, date(2026, 3, 9), chrono::Utc::now())
    .unwrap();
    f.apply(edits);
    f.apply(move_to(
        &weekly,
        date(2026, 3, 23),
        date(2026, 3, 24),
        TimeSlot::parse("13:00", "15:00").unwrap(),
    ));
    let once = plan(
        &mut f,
        &bo,
        &home,
        "2026-03-18",
        ("09:00", "10:30"),
        Recurrence::Once,
        "",
    );
    held(&mut f, &once, date(2026, 3, 18), "1,5", "2", "Bo's note");
    plan(
        &mut f,
        &bo,
        &other,
        "2026-03-20",
        ("14:00", "15:00"),
        Recurrence::Once,
        "=cmd|' /C calc'!A0",
    );
    Visits {
        f,
        home,
        other,
        anna,
        bo,
    }
}

const ANNA_02: &str = "2026-03-02;10:00;12:00;Anna Berg;Solhaven;Afholdt;2,50;3;\"Hjælp med tablets; Skype\";\"Godt; \"\"super\"\", tak\"\r\n";
const ANNA_09: &str = "2026-03-09;10:00;12:00;Anna Berg;Solhaven;Aflyst;;;\"Hjælp med tablets; Skype\";\"Syg, feber\"\r\n";
const ANNA_16: &str =
    "2026-03-16;10:00;12:00;Anna Berg;Solhaven;Planlagt;;;\"Hjælp med tablets; Skype\";\r\n";
const BO_18: &str = "2026-03-18;09:00;10:30;Bo Dahl;Solhaven;Afholdt;1,50;2;;Bo's note\r\n";
const BO_20: &str = "2026-03-20;14:00;15:00;Bo Dahl;Åhaven;Planlagt;;;\"'=cmd|' /C calc'!A0\";\r\n";
const ANNA_24: &str =
    "2026-03-24;13:00;15:00;Anna Berg;Solhaven;Planlagt;;;\"Hjælp med tablets; Skype\";\r\n";
// After summer time began on the 29th: still 10:00 in Copenhagen.
const ANNA_30: &str =
    "2026-03-30;10:00;12:00;Anna Berg;Solhaven;Planlagt;;;\"Hjælp med tablets; Skype\";\r\n";

#[test]
fn visits_are_exported_per_week_or_month_as_the_visits_page_filters_them() {
    let Visits {
        f,
        home,
        other,
        anna,
        bo,
    } = march();
    let state = f.state();
    let da = Format::default();
    let month = VisitFilter::period(Period::Month, date(2026, 3, 15), None, None);
    let text = visits(&state, month, None, da);
    assert_eq!(
        text,
        format!("{BOM}{VISITS_DA}{ANNA_02}{ANNA_09}{ANNA_16}{BO_18}{BO_20}{ANNA_24}{ANNA_30}")
    );
    let records = read(&text, ';');
    assert_eq!(records[1][9], "Godt; \"super\", tak");
    assert_eq!(records[5][8], "'=cmd|' /C calc'!A0");

    // The same counts as the results for the same month.
    let period = ReportPeriod::new(date(2026, 3, 1), date(2026, 3, 31)).unwrap();
    let counted = results::visits(&state, period, None).all.total;
    let status = |s: &str| records.iter().filter(|r| r[5] == s).count();
    assert_eq!(
        (status("Planlagt"), status("Afholdt"), status("Aflyst")),
        (counted.planned, counted.held, counted.cancelled)
    );
    assert_eq!(counted.held_minutes, 150 + 90);
    assert_eq!(
        visits(&state, VisitFilter::report(period, None), None, da),
        text
    );

    // A week (Monday 16th to Sunday 22nd); one care service; "" is every one.
    let week = VisitFilter::period(Period::Week, date(2026, 3, 18), Some(&home), None);
    assert_eq!(
        visits(&state, week, None, da),
        format!("{BOM}{VISITS_DA}{ANNA_16}{BO_18}")
    );
    let week = VisitFilter::period(Period::Week, date(2026, 3, 18), Some(""), None);
    assert_eq!(
        visits(&state, week, None, da),
        format!("{BOM}{VISITS_DA}{ANNA_16}{BO_18}{BO_20}")
    );
    let at_other = VisitFilter::report(period, Some(&other));
    assert_eq!(
        visits(&state, at_other, None, da),
        format!("{BOM}{VISITS_DA}{BO_20}")
    );

    // Bo's phone: his own visits in full; a colleague's held visit is "held", nothing
    // more, as the list shows it; a cancellation's reason as the list shows it.
    let bo_phone = Access::new(Role::Volunteer, Some(bo.clone())).unwrap();
    let text = visits(&state, month, Some(&bo_phone), da);
    assert_eq!(
        text,
        format!(
            "{BOM}{VISITS_DA}\
             2026-03-02;10:00;12:00;Anna Berg;Solhaven;Afholdt;;;\"Hjælp med tablets; Skype\";\r\n\
             {ANNA_09}{ANNA_16}{BO_18}{BO_20}{ANNA_24}{ANNA_30}"
        )
    );
    assert!(!text.contains("super"));
    // "Only my visits".
    let mine = VisitFilter::period(Period::Month, date(2026, 3, 15), None, Some(&bo));
    assert_eq!(
        visits(&state, mine, Some(&bo_phone), da),
        format!("{BOM}{VISITS_DA}{BO_18}{BO_20}")
    );
    // A care service's tablet sees its volunteers' held visits in full.
    let tablet = Access::new(Role::CareService, Some(home.clone())).unwrap();
    let mine = VisitFilter::period(Period::Week, date(2026, 3, 2), None, Some(&anna));
    assert_eq!(
        visits(&state, mine, Some(&tablet), da),
        format!("{BOM}{VISITS_DA}{ANNA_02}")
    );

    // In English with commas.
    let en = Format {
        lang: Lang::En,
        separator: Separator::Comma,
    };
    let text = visits(&state, mine, None, en);
    assert_eq!(
        text,
        "\u{FEFF}Date,Start,End,Volunteer,Care service,Status,Hours,Residents,Activity,Note\r\n\
         2026-03-02,10:00,12:00,Anna Berg,Solhaven,Held,2.50,3,\"Hjælp med tablets; Skype\",\"Godt; \"\"super\"\", tak\"\r\n"
    );
    read(&text, ',');
}

/// Anna and Carl work at Bravo IT; Bo has no company. Anna visits Solhaven on Mondays in
/// January and February 2026 (held 5 Jan 2 h, 12 Jan 1.5 h, 2 Feb 0.75 h, 9 Feb 1.33
/// h = 80 min); Bo visits Åhaven on 20 January (3 h). Carl has left, with no visits.
struct Hours {
    f: Fixture,
    other: String,
    company: String,
    bo: String,
}

fn winter() -> Hours {
    let (mut f, home, company) = Fixture::new();
    let other = f.add_partner(PartnerKind::CareService, "Åhaven");
    let anna = add_volunteer(
        &mut f,
        "Anna Berg",
        "12345678",
        "",
        &[&home],
        Some(&company),
        "",
    );
    let carl = add_volunteer(
        &mut f,
        "Carl Ek",
        "34567890",
        "",
        &[&home],
        Some(&company),
        "",
    );
    f.apply(set_status(&carl, Status::Left));
    let bo = add_volunteer(&mut f, "Bo Dahl", "23456789", "", &[&other], None, "");
    f.clear(&anna);
    f.clear(&bo);
    let weekly = plan(
        &mut f,
        &anna,
        &home,
        "2026-01-05",
        ("10:00", "12:00"),
        Recurrence::Weekly,
        "",
    );
    for (day, hours) in [
        (date(2026, 1, 5), "2"),
        (date(2026, 1, 12), "1,5"),
        (date(2026, 2, 2), "0,75"),
        (date(2026, 2, 9), "1,33"),
    ] {
        held(&mut f, &weekly, day, hours, "1", "");
    }
    let once = plan(
        &mut f,
        &bo,
        &other,
        "2026-01-20",
        ("09:00", "12:00"),
        Recurrence::Once,
        "",
    );
    held(&mut f, &once, date(2026, 1, 20), "3", "2", "");
    Hours {
        f,
        other,
        company,
        bo,
    }
}

#[test]
fn hours_are_exported_per_volunteer_per_month_with_totals() {
    let Hours {
        f,
        other,
        company,
        bo,
    } = winter();
    let state = f.state();
    let da = Format::default();
    let period = ReportPeriod::new(date(2026, 1, 1), date(2026, 2, 28)).unwrap();
    let all = HoursFilter {
        period,
        company: None,
        care_service: None,
    };
    // Anna: January 120 + 90 = 210 min = 3,50; February 45 + 80 = 125 min = 2,08; in
    // all 335 min = 5,58. Bo: 180 min = 3,00. Totals: 390 min = 6,50, 125 min = 2,08,
    // 515 min = 8,58. Carl has no hours: not a row here.
    let text = hours(&state, all, da);
    assert_eq!(
        text,
        "\u{FEFF}Frivillig;Virksomhed;Stade;Timer 2026-01;Timer 2026-02;Timer i alt\r\n\
         Anna Berg;Bravo IT;Under opstart;3,50;2,08;5,58\r\n\
         Bo Dahl;;Under opstart;3,00;0,00;3,00\r\n\
         I alt;;;6,50;2,08;8,58\r\n"
    );
    read(&text, ';');
    // The same minutes as the results.
    assert_eq!(
        results::visits(&state, period, None).all.total.held_minutes,
        515
    );

    // In English with commas.
    let en = Format {
        lang: Lang::En,
        separator: Separator::Comma,
    };
    assert_eq!(
        hours(&state, all, en),
        "\u{FEFF}Volunteer,Company,Stage,Hours 2026-01,Hours 2026-02,Total hours\r\n\
         Anna Berg,Bravo IT,Onboarding,3.50,2.08,5.58\r\n\
         Bo Dahl,,Onboarding,3.00,0.00,3.00\r\n\
         Total,,,6.50,2.08,8.58\r\n"
    );

    // One care service's own.
    let at_other = HoursFilter {
        care_service: Some(&other),
        ..all
    };
    assert_eq!(
        hours(&state, at_other, da),
        "\u{FEFF}Frivillig;Virksomhed;Stade;Timer 2026-01;Timer 2026-02;Timer i alt\r\n\
         Bo Dahl;;Under opstart;3,00;0,00;3,00\r\n\
         I alt;;;3,00;0,00;3,00\r\n"
    );

    // A company's home in February: every employee (Carl, who left, too), month by
    // month through the year; the month and the year are its table's two numbers.
    let today = date(2026, 2, 10);
    let text = hours(&state, HoursFilter::company_year(&company, today), da);
    let months: String = (1..=12).map(|m| format!(";Timer 2026-{m:02}")).collect();
    let ten_zeros = ";0,00".repeat(10);
    assert_eq!(
        text,
        format!(
            "{BOM}Frivillig;Virksomhed;Stade{months};Timer i alt\r\n\
             Anna Berg;Bravo IT;Under opstart;3,50;2,08{ten_zeros};5,58\r\n\
             Carl Ek;Bravo IT;Stoppet;0,00;0,00{ten_zeros};0,00\r\n\
             I alt;;;3,50;2,08{ten_zeros};5,58\r\n"
        )
    );
    let records = read(&text, ';');
    for (employee, record) in employees(&state, &company, today).iter().zip(&records[1..]) {
        assert_eq!(record[0], employee.volunteer.name);
        let hours = |h: f64| hours_text((h * 60.0).round() as u64, Separator::Semicolon);
        assert_eq!(record[4], hours(employee.hours_this_month));
        assert_eq!(record[15], hours(employee.hours_this_year));
    }

    // Held visits of a volunteer this device does not hold: counted, under no name.
    let mut without_bo = state.clone();
    without_bo.volunteers.retain(|v| v.id != bo);
    assert_eq!(
        hours(&without_bo, all, da),
        "\u{FEFF}Frivillig;Virksomhed;Stade;Timer 2026-01;Timer 2026-02;Timer i alt\r\n\
         Anna Berg;Bravo IT;Under opstart;3,50;2,08;5,58\r\n\
         (ukendt frivillig);;;3,00;0,00;3,00\r\n\
         I alt;;;6,50;2,08;8,58\r\n"
    );
    // A company with no employees: the header alone, no totals.
    let text = hours(
        &state,
        HoursFilter::company_year("no-such-company", today),
        da,
    );
    assert_eq!(
        text,
        format!("{BOM}Frivillig;Virksomhed;Stade{months};Timer i alt\r\n")
    );
}
