//! CSV export of tasks, volunteers, visits and hours, for a coordinator who opens them in
//! a spreadsheet.
//!
//! The writer follows RFC 4180 (CRLF after every record, the header first, a field in
//! double quotes when it needs them, a quote inside doubled), with the choices a Danish
//! municipality's Excel needs:
//!
//! - **UTF-8 with a byte-order mark.** Excel reads a CSV file without one in the PC's
//!   legacy code page, and "Søren på Æblehaven" comes out as mojibake. No `sep=` line:
//!   Excel ignores the byte-order mark when the file starts with one.
//! - **`;` by default ([`Separator::Semicolon`]), with a decimal comma.** Excel splits a
//!   file opened by double-click on the list separator of the PC's regional settings, and
//!   on a Danish PC that is `;` (the comma is the decimal mark). With RFC 4180's comma a
//!   Danish coordinator would see every row in column A. [`Separator::Comma`] writes
//!   plain RFC 4180 with a decimal point, for other regional settings and for programs.
//!   The decimal mark follows the separator, not the app's language: a coordinator who
//!   reads the app in English still has a Danish PC, and a spreadsheet that splits on
//!   `;` is one that reads `2,50` as a number.
//! - **A text field is quoted** when it holds a comma or a semicolon (either one, so the
//!   file survives being read with the other separator), a quote, CR or LF, or starts
//!   or ends with whitespace (so a program that trims unquoted fields keeps it), or was
//!   neutralised (below). A number this module formats is never quoted: it holds digits
//!   and the decimal mark only, never the separator.
//! - **Formula injection** (OWASP, "CSV injection"): a text that starts with `=`, `+`,
//!   `-`, `@`, a tab or CR would be run as a formula by Excel or LibreOffice
//!   (`=HYPERLINK(...)`, `-2+3+cmd|' /C calc'!A0`), so it gets a single quote `'` in
//!   front, which makes a spreadsheet show it as text. The first character that counts
//!   is the first visible one: spaces, line breaks and zero-width characters before an
//!   `=` do not hide it (a program that trims them would otherwise run the formula).
//!   Two values are left as they are, because a spreadsheet reads them as a value, never
//!   as a formula, and the quote would only spoil them: `-` on its own (a common "none")
//!   and a plain negative number (`-5`, `-2,5`, `-2.5`). `-2+3`, `- 5` and `--5` are
//!   neutralised. See [`neutralise`].
//! - **Bidi controls** (the embeddings, overrides and isolates U+202A–U+202E and
//!   U+2066–U+2069, the ones the app refuses in names) are removed: in a cell they could
//!   make one name read as another, and a value from an older device or a backup may
//!   still hold one. Other control characters but tab, CR and LF are removed too (a NUL
//!   ends a cell early in some programs).
//! - **Dates** are ISO `YYYY-MM-DD`, times `HH:MM`, both in Copenhagen's local time (the
//!   programme's): every spreadsheet reads them as dates and times and sorts them right.
//!   **Hours** are written with two decimals (`2,50`), worked out from the whole minutes
//!   recorded; a total is summed in minutes first, so it is exact, though it may differ
//!   by 0,01 from the sum of rows each rounded.
//!
//! Each exporter is filtered the way its screen is, with the same arguments the screen
//! has, and shows what that screen shows: the data on a device is already scoped to its
//! role, and what a screen leaves out of the device's data (a colleague's held-visit
//! details on a volunteer's phone) the export leaves out too.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::entities::ProgrammeState;
use crate::homes::employees;
use crate::model::{Lang, PHASES, Phase, Text};
use crate::onboarding::Stage;
use crate::results::{Month, ReportPeriod, StageBucket};
use crate::schedule::{copenhagen_date, copenhagen_local, hh_mm};
use crate::scope::Access;
use crate::screens::may_record_visit_of;
use crate::visits::{Period, occurrences_with_held};
use crate::volunteers::Volunteer;

/// The byte-order mark every file starts with, so that Excel reads it as UTF-8.
pub const BOM: char = '\u{FEFF}';

/// The media type to offer the file as.
pub const MEDIA_TYPE: &str = "text/csv;charset=utf-8";

/// What separates the fields, and with it the decimal mark of numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Separator {
    /// `;` with a decimal comma: what Excel on a PC with Danish regional settings splits
    /// a file on when it is opened by double-click.
    #[default]
    Semicolon,
    /// `,` with a decimal point: RFC 4180 as written, for English regional settings and
    /// for programs.
    Comma,
}

impl Separator {
    pub fn as_char(self) -> char {
        match self {
            Separator::Semicolon => ';',
            Separator::Comma => ',',
        }
    }

    /// The decimal mark that goes with the separator: never the separator itself, so a
    /// number needs no quotes.
    pub fn decimal_mark(self) -> char {
        match self {
            Separator::Semicolon => ',',
            Separator::Comma => '.',
        }
    }
}

/// How a file is written: the language of its headers and texts, and its separator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Format {
    pub lang: Lang,
    pub separator: Separator,
}

impl Format {
    /// Headers and texts in `lang`, separated for a Danish Excel (see [`Separator`]).
    pub fn new(lang: Lang) -> Format {
        Format {
            lang,
            separator: Separator::default(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The writer

/// One field of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Free text: cleaned, neutralised and quoted as it needs (see [`neutralise`]).
    Text(Cow<'a, str>),
    /// A whole number.
    Count(u64),
    /// Whole minutes, written as hours with two decimals.
    Hours(u64),
    /// `YYYY-MM-DD`.
    Date(NaiveDate),
    /// `HH:MM`.
    Time(NaiveTime),
    /// `YYYY-MM-DD HH:MM`.
    DateTime(NaiveDateTime),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(text.into())
    }
}

/// Minutes as hours with two decimals, rounded half up from the exact hundredths:
/// integer arithmetic, so 90 minutes are `1,50` and never `1,4999`.
pub fn hours_text(minutes: u64, separator: Separator) -> String {
    let hundredths = (u128::from(minutes) * 100 + 30) / 60;
    format!(
        "{}{}{:02}",
        hundredths / 100,
        separator.decimal_mark(),
        hundredths % 100
    )
}

/// The bidi controls the app refuses in names (see `validate`): embeddings, overrides
/// and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What is removed from every text: bidi controls, and control characters other than
/// tab, CR and LF.
fn is_removed(c: char) -> bool {
    is_bidi_control(c) || (c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
}

/// Characters that show nothing, so do not count as a text's first character.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `-` alone, or a plain negative number (`-5`, `-2,5`, `-2.5`): read as a value by
/// every spreadsheet, never as a formula.
fn is_plain_negative(text: &str) -> bool {
    let Some(number) = text.strip_prefix('-') else {
        return false;
    };
    if number.is_empty() {
        return true;
    }
    let (whole, fraction) = match number.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (number, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// Whether a spreadsheet could take a (cleaned) text for a formula.
fn is_formula_like(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    let first = text.chars().find(|c| !is_invisible(*c));
    matches!(first, Some('=' | '+' | '-' | '@')) && !is_plain_negative(text)
}

/// A text as it is written (before quoting): bidi and other control characters
/// removed, and a single quote in front if a spreadsheet could take it for a formula.
/// The value a CSV reader gets back.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    neutralised(text).0
}

/// [`neutralise`], and whether the quote was put in front (such a field is quoted too,
/// as OWASP advises).
fn neutralised(text: &str) -> (Cow<'_, str>, bool) {
    let cleaned: Cow<'_, str> = if text.chars().any(is_removed) {
        Cow::Owned(text.chars().filter(|c| !is_removed(*c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    if is_formula_like(&cleaned) {
        (Cow::Owned(format!("'{cleaned}")), true)
    } else {
        (cleaned, false)
    }
}

/// Writes a CSV file: the byte-order mark, the header, then one record per [`row`],
/// each ended by CRLF.
///
/// [`row`]: Writer::row
#[derive(Clone, Debug)]
pub struct Writer {
    out: String,
    separator: Separator,
    columns: usize,
}

impl Writer {
    pub fn new<'h>(separator: Separator, header: impl IntoIterator<Item = &'h str>) -> Writer {
        let header: Vec<Cell<'h>> = header.into_iter().map(Cell::text).collect();
        let mut writer = Writer {
            out: String::from(BOM),
            separator,
            columns: header.len(),
        };
        writer.row(header);
        writer
    }

    /// Appends a record. Every record has as many fields as the header (RFC 4180): a
    /// short one is filled with empty fields and a long one cut, which the debug build
    /// (the tests) refuses instead, as the exporter's mistake it is.
    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = Cell<'c>>) {
        let mut count = 0;
        for cell in cells {
            if count < self.columns {
                self.separate(count);
                self.cell(&cell);
            }
            count += 1;
        }
        debug_assert_eq!(
            count, self.columns,
            "a record with the wrong number of fields"
        );
        for i in count..self.columns {
            self.separate(i);
        }
        self.out.push_str("\r\n");
    }

    /// The separator before the field at `index` (none before the first).
    fn separate(&mut self, index: usize) {
        if index > 0 {
            self.out.push(self.separator.as_char());
        }
    }

    fn cell(&mut self, cell: &Cell<'_>) {
        match cell {
            Cell::Text(text) => self.text(text),
            // Digits and the decimal mark, never the separator: no quotes.
            Cell::Count(n) => self.out.push_str(&n.to_string()),
            Cell::Hours(minutes) => self.out.push_str(&hours_text(*minutes, self.separator)),
            // Formatted here, but written as text all the same: a year outside 0-9999
            // would start with a sign.
            Cell::Date(date) => self.text(&crate::validate::date_key(*date)),
            Cell::Time(time) => self.text(&hh_mm(time)),
            Cell::DateTime(at) => self.text(&format!(
                "{} {}",
                crate::validate::date_key(at.date()),
                hh_mm(at)
            )),
            Cell::Empty => {}
        }
    }

    fn text(&mut self, text: &str) {
        let (value, neutralised) = neutralised(text);
        let quoted = neutralised
            || value.contains([',', ';', '"', '\r', '\n'])
            || value.starts_with(char::is_whitespace)
            || value.ends_with(char::is_whitespace);
        if quoted {
            self.out.push('"');
            self.out.push_str(&value.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(&value);
        }
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }
}

// ---------------------------------------------------------------------------------------
// Texts of the files

const fn t(da: &'static str, en: &'static str) -> Text {
    Text { da, en }
}

fn header(lang: Lang, columns: &[Text]) -> Vec<&'static str> {
    columns.iter().map(|c| c.get(lang)).collect()
}

const YES: Text = t("Ja", "Yes");
const NO: Text = t("Nej", "No");
const TOTAL: Text = t("I alt", "Total");
const UNKNOWN_VOLUNTEER: Text = t("(ukendt frivillig)", "(unknown volunteer)");

/// A volunteer's stage as the board's columns name it, for one person.
fn stage_label(bucket: StageBucket) -> Text {
    match bucket {
        StageBucket::Onboarding => t("Under opstart", "Onboarding"),
        StageBucket::Active => t("Aktiv", "Active"),
        StageBucket::Paused => t("På pause", "Paused"),
        StageBucket::Left => t("Stoppet", "Left"),
    }
}

fn partner_name<'s>(state: &'s ProgrammeState, id: &str) -> &'s str {
    state.partner(id).map_or("", |p| p.name.as_str())
}

// ---------------------------------------------------------------------------------------
// Tasks

/// Which tasks: those of the phase page (one phase, every partner the device holds), or
/// of one partner (its own tasks), or both; `None` is every phase or every partner.
#[derive(Clone, Copy, Debug, Default)]
pub struct TaskFilter<'a> {
    pub phase: Option<&'a Phase>,
    /// A partner id.
    pub partner: Option<&'a str>,
}

const TASK_COLUMNS: [Text; 8] = [
    t("Fase", "Phase"),
    t("Part", "Partner"),
    t("Type", "Kind"),
    t("Opgave", "Task"),
    t("Udført", "Done"),
    t("Af", "By"),
    t("Tidspunkt", "When"),
    t("Note", "Note"),
];

/// The partners' tasks, phase by phase, partner by partner (in the programme's order:
/// municipality first, then by kind and name), each task in the model's order, with its
/// tick as the phase page shows it: who, when and the note only once it is done.
pub fn tasks(state: &ProgrammeState, filter: TaskFilter<'_>, format: Format) -> String {
    let lang = format.lang;
    let mut csv = Writer::new(format.separator, header(lang, &TASK_COLUMNS));
    let phases = PHASES
        .iter()
        .filter(|p| filter.phase.is_none_or(|only| only.number == p.number));
    for phase in phases {
        let partners = state
            .partners
            .iter()
            .filter(|p| filter.partner.is_none_or(|only| only == p.id));
        for partner in partners {
            for task in phase.tasks_for(partner.kind) {
                let tick = state.task_tick(&partner.id, task.id).filter(|t| t.done);
                let done = if tick.is_some() { YES } else { NO };
                csv.row([
                    Cell::text(format!("{}. {}", phase.number, phase.title.get(lang))),
                    Cell::text(partner.name.as_str()),
                    Cell::text(partner.kind.label().get(lang)),
                    Cell::text(task.text.get(lang)),
                    Cell::text(done.get(lang)),
                    tick.map_or(Cell::Empty, |t| Cell::text(t.by.as_str())),
                    tick.and_then(|t| t.at)
                        .map_or(Cell::Empty, |at| Cell::DateTime(copenhagen_local(at))),
                    tick.map_or(Cell::Empty, |t| Cell::text(t.note.as_str())),
                ]);
            }
        }
    }
    csv.finish()
}

// ---------------------------------------------------------------------------------------
// Volunteers

/// Which volunteers: the board's column (`None`: every column), and those of one care
/// service (a care service's own results; `None`: every volunteer the device holds).
#[derive(Clone, Copy, Debug, Default)]
pub struct VolunteerFilter<'a> {
    pub stage: Option<StageBucket>,
    /// A care service's id.
    pub care_service: Option<&'a str>,
}

/// Whether a volunteer export carries phone numbers and e-mail addresses. Personal
/// contact data leaves the app only when the user chooses it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContactData {
    #[default]
    Leave,
    Include,
}

const VOLUNTEER_COLUMNS: [Text; 6] = [
    t("Navn", "Name"),
    t("Stade", "Stage"),
    t("Næste skridt", "Next step"),
    t("Sociale tilbud", "Care services"),
    t("Virksomhed", "Company"),
    t("IT-kompetencer og interesser", "IT skills and interests"),
];

const CONTACT_COLUMNS: [Text; 2] = [t("Telefon", "Phone"), t("E-mail", "E-mail")];

/// The volunteers as the board shows them: column by column (under onboarding, active,
/// paused, left), by name within each, with the care services and company by name.
/// Phone and e-mail only with [`ContactData::Include`], as the number stored (`+` and
/// digits) and the address.
pub fn volunteers(
    state: &ProgrammeState,
    filter: VolunteerFilter<'_>,
    contact: ContactData,
    format: Format,
) -> String {
    let lang = format.lang;
    let with_contact = contact == ContactData::Include;
    let mut columns = header(lang, &VOLUNTEER_COLUMNS);
    if with_contact {
        columns.extend(header(lang, &CONTACT_COLUMNS));
    }
    let mut csv = Writer::new(format.separator, columns);
    // The stage once per volunteer, not once per column.
    let staged: Vec<(&Volunteer, Stage)> = state
        .volunteers
        .iter()
        .filter(|v| {
            filter
                .care_service
                .is_none_or(|only| v.care_services.iter().any(|c| c == only))
        })
        .map(|v| (v, state.stage_of(v)))
        .collect();
    let board = [
        StageBucket::Onboarding,
        StageBucket::Active,
        StageBucket::Paused,
        StageBucket::Left,
    ];
    for bucket in board
        .into_iter()
        .filter(|b| filter.stage.is_none_or(|only| only == *b))
    {
        for (volunteer, stage) in staged.iter().filter(|(_, s)| StageBucket::of(*s) == bucket) {
            let next = match stage {
                Stage::Onboarding(step) => Cell::text(step.label().get(lang)),
                _ => Cell::Empty,
            };
            // As the board: the care services the device knows, by name.
            let homes: Vec<&str> = volunteer
                .care_services
                .iter()
                .filter_map(|id| state.partner(id))
                .map(|p| p.name.as_str())
                .collect();
            let company = volunteer
                .company
                .as_deref()
                .map_or("", |id| partner_name(state, id));
            let mut cells = vec![
                Cell::text(volunteer.name.as_str()),
                Cell::text(stage_label(bucket).get(lang)),
                next,
                Cell::text(homes.join(", ")),
                Cell::text(company),
                Cell::text(volunteer.skills.as_str()),
            ];
            if with_contact {
                cells.push(Cell::text(volunteer.phone.as_str()));
                cells.push(Cell::text(volunteer.email.as_str()));
            }
            csv.row(cells);
        }
    }
    csv.finish()
}

// ---------------------------------------------------------------------------------------
// Visits

/// Which visits: those from `from` to `to` (both included, Copenhagen dates), at one
/// care service (`None`, or `Some("")` as the visits page's "every care service", is
/// all), of one volunteer ("only my visits").
#[derive(Clone, Copy, Debug)]
pub struct VisitFilter<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A care service's id.
    pub care_service: Option<&'a str>,
    /// A volunteer's id.
    pub volunteer: Option<&'a str>,
}

impl<'a> VisitFilter<'a> {
    /// The visits page's list of a week or a month: the period that holds `day`.
    pub fn period(
        period: Period,
        day: NaiveDate,
        care_service: Option<&'a str>,
        volunteer: Option<&'a str>,
    ) -> VisitFilter<'a> {
        let (from, to) = period.bounds(day);
        VisitFilter {
            from,
            to,
            care_service,
            volunteer,
        }
    }

    /// The results page's period, for the programme or one care service.
    pub fn report(period: ReportPeriod, care_service: Option<&'a str>) -> VisitFilter<'a> {
        VisitFilter {
            from: period.from(),
            to: period.to(),
            care_service,
            volunteer: None,
        }
    }
}

const VISIT_COLUMNS: [Text; 10] = [
    t("Dato", "Date"),
    t("Fra kl.", "Start"),
    t("Til kl.", "End"),
    t("Frivillig", "Volunteer"),
    t("Socialt tilbud", "Care service"),
    t("Status", "Status"),
    t("Timer", "Hours"),
    t("Beboere", "Residents"),
    t("Aktivitet", "Activity"),
    t("Bemærkning", "Note"),
];

const PLANNED: Text = t("Planlagt", "Planned");
const HELD: Text = t("Afholdt", "Held");
const CANCELLED: Text = t("Aflyst", "Cancelled");

/// One line of the visits file, before it is written.
struct VisitRow<'s> {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    series: &'s str,
    original: NaiveDate,
    volunteer: &'s str,
    care_service: &'s str,
    activity: &'s str,
    status: Text,
    /// Minutes and residents, where the screen shows them.
    held: Option<(u64, u64)>,
    note: &'s str,
}

/// Every visit the filter picks: planned (neither held nor cancelled, past ones not yet
/// recorded included), held and cancelled, in time order, as the visits page and the
/// results read them (held ones by [`occurrences_with_held`], where they took place;
/// cancelled ones where they were to be). A held visit's hours, residents and note
/// appear only where the page shows them ([`may_record_visit_of`] for `access`, the
/// device's; `None` is the coordinator's own device): on a volunteer's phone a
/// colleague's visit is only "held". A cancellation's reason appears as the page shows
/// it, to everyone who holds it.
pub fn visits(
    state: &ProgrammeState,
    filter: VisitFilter<'_>,
    access: Option<&Access>,
    format: Format,
) -> String {
    let lang = format.lang;
    let care_service = filter.care_service.filter(|c| !c.is_empty());
    let volunteer_names: BTreeMap<&str, &str> = state
        .volunteers
        .iter()
        .map(|v| (v.id.as_str(), v.name.as_str()))
        .collect();
    let mut rows: Vec<VisitRow<'_>> = Vec::new();
    let kept = state.visits.iter().filter(|s| {
        care_service.is_none_or(|only| s.care_service == only)
            && filter.volunteer.is_none_or(|me| s.volunteer == me)
    });
    for series in kept {
        let knows = may_record_visit_of(access, &series.volunteer);
        let row = |start, end, original, status, held, note| VisitRow {
            start,
            end,
            series: &series.id,
            original,
            volunteer: volunteer_names
                .get(series.volunteer.as_str())
                .copied()
                .unwrap_or_default(),
            care_service: partner_name(state, &series.care_service),
            activity: &series.activity,
            status,
            held,
            note,
        };
        for (occurrence, held) in occurrences_with_held(state, series, filter.from, filter.to) {
            let (status, held, note) = match held {
                Some(h) if knows => (
                    HELD,
                    Some((u64::from(h.minutes), u64::from(h.residents))),
                    h.note.as_str(),
                ),
                Some(_) => (HELD, None, ""),
                None => (PLANNED, None, ""),
            };
            rows.push(row(
                occurrence.start,
                occurrence.end,
                occurrence.original_date,
                status,
                held,
                note,
            ));
        }
        for occurrence in series.cancelled(filter.from, filter.to) {
            let reason = state
                .cancelled
                .get(&(series.id.clone(), occurrence.original_date))
                .map_or("", |c| c.reason.as_str());
            rows.push(row(
                occurrence.start,
                occurrence.end,
                occurrence.original_date,
                CANCELLED,
                None,
                reason,
            ));
        }
    }
    rows.sort_by(|a, b| (a.start, a.series, a.original).cmp(&(b.start, b.series, b.original)));
    let mut csv = Writer::new(format.separator, header(lang, &VISIT_COLUMNS));
    for row in rows {
        let (start, end) = (copenhagen_local(row.start), copenhagen_local(row.end));
        csv.row([
            Cell::Date(start.date()),
            Cell::Time(start.time()),
            Cell::Time(end.time()),
            Cell::text(row.volunteer),
            Cell::text(row.care_service),
            Cell::text(row.status.get(lang)),
            row.held
                .map_or(Cell::Empty, |(minutes, _)| Cell::Hours(minutes)),
            row.held
                .map_or(Cell::Empty, |(_, residents)| Cell::Count(residents)),
            Cell::text(row.activity),
            Cell::text(row.note),
        ]);
    }
    csv.finish()
}

// ---------------------------------------------------------------------------------------
// Hours

/// Whose hours, over which months: a period's held visits, of one company's employees
/// (its home's table), at one care service (its own results), or both; `None` is all.
#[derive(Clone, Copy, Debug)]
pub struct HoursFilter<'a> {
    pub period: ReportPeriod,
    /// A company's id.
    pub company: Option<&'a str>,
    /// A care service's id.
    pub care_service: Option<&'a str>,
}

impl<'a> HoursFilter<'a> {
    /// A company's home: its employees' hours, month by month through the calendar year
    /// of `today` (the table's "this month" and "this year").
    pub fn company_year(company: &'a str, today: NaiveDate) -> HoursFilter<'a> {
        let first = today.with_ordinal(1).unwrap_or(today);
        let last = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
        HoursFilter {
            // Twelve months: always a valid period.
            period: ReportPeriod::new(first, last)
                .unwrap_or_else(|_| ReportPeriod::last_twelve_months(today)),
            company: Some(company),
            care_service: None,
        }
    }
}

const HOURS_COLUMNS: [Text; 3] = [
    t("Frivillig", "Volunteer"),
    t("Virksomhed", "Company"),
    t("Stade", "Stage"),
];
const HOURS_IN: Text = t("Timer", "Hours");
const HOURS_TOTAL: Text = t("Timer i alt", "Total hours");

fn month_index(months: &[Month], date: NaiveDate) -> Option<usize> {
    months.binary_search(&(date.year(), date.month())).ok()
}

/// Held hours per volunteer per calendar month of the period (a visit counts in the
/// month of its Copenhagen date, where it took place: the reading of
/// [`occurrences_with_held`] that the results and a company's home share), with a
/// total per volunteer and a last row of totals (when there is a row), all summed in
/// whole minutes.
///
/// The rows: with a company, every one of its employees as its home lists them
/// ([`employees`]: by name, left ones and those without hours included); otherwise
/// every volunteer with held hours in the period, by name, and those whose volunteer
/// this device does not hold in one row of their own.
pub fn hours(state: &ProgrammeState, filter: HoursFilter<'_>, format: Format) -> String {
    let lang = format.lang;
    let months = filter.period.months();
    let (from, to) = (filter.period.from(), filter.period.to());
    let company_of: BTreeMap<&str, &str> = state
        .volunteers
        .iter()
        .filter_map(|v| Some((v.id.as_str(), v.company.as_deref()?)))
        .collect();
    // Minutes per volunteer id, per month of the period.
    let mut minutes: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    let kept = state.visits.iter().filter(|s| {
        filter
            .care_service
            .is_none_or(|only| s.care_service == only)
            && filter
                .company
                .is_none_or(|only| company_of.get(s.volunteer.as_str()) == Some(&only))
    });
    for series in kept {
        for (occurrence, held) in occurrences_with_held(state, series, from, to) {
            let Some(held) = held else { continue };
            let Some(i) = month_index(&months, copenhagen_date(occurrence.start)) else {
                continue;
            };
            minutes
                .entry(series.volunteer.as_str())
                .or_insert_with(|| vec![0; months.len()])[i] += u64::from(held.minutes);
        }
    }
    let rows: Vec<(&Volunteer, Stage)> = match filter.company {
        Some(company) => employees(state, company, to)
            .into_iter()
            .map(|e| (e.volunteer, e.stage))
            .collect(),
        None => state
            .volunteers
            .iter()
            .filter(|v| minutes.contains_key(v.id.as_str()))
            .map(|v| (v, state.stage_of(v)))
            .collect(),
    };
    let mut columns = header(lang, &HOURS_COLUMNS);
    let month_headers: Vec<String> = months
        .iter()
        .map(|(year, month)| format!("{} {year:04}-{month:02}", HOURS_IN.get(lang)))
        .collect();
    columns.extend(month_headers.iter().map(String::as_str));
    columns.push(HOURS_TOTAL.get(lang));
    let mut csv = Writer::new(format.separator, columns);
    let none = vec![0; months.len()];
    let mut totals = vec![0u64; months.len()];
    let mut write = |csv: &mut Writer, first: [Cell<'_>; 3], per_month: &[u64]| {
        for (total, m) in totals.iter_mut().zip(per_month) {
            *total += m;
        }
        let cells = first
            .into_iter()
            .chain(per_month.iter().map(|m| Cell::Hours(*m)))
            .chain([Cell::Hours(per_month.iter().sum())]);
        csv.row(cells);
    };
    for (volunteer, stage) in &rows {
        let company = volunteer
            .company
            .as_deref()
            .map_or("", |id| partner_name(state, id));
        let per_month = minutes.get(volunteer.id.as_str()).unwrap_or(&none);
        write(
            &mut csv,
            [
                Cell::text(volunteer.name.as_str()),
                Cell::text(company),
                Cell::text(stage_label(StageBucket::of(*stage)).get(lang)),
            ],
            per_month,
        );
    }
    // Held visits of volunteers this device does not hold (a company filter names only
    // volunteers it holds): counted in the totals as in the results, under no name.
    let mut unknown = vec![0u64; months.len()];
    let mut any_unknown = false;
    for (id, per_month) in &minutes {
        if state.volunteer(id).is_none() {
            any_unknown = true;
            for (sum, m) in unknown.iter_mut().zip(per_month) {
                *sum += m;
            }
        }
    }
    if any_unknown {
        write(
            &mut csv,
            [
                Cell::text(UNKNOWN_VOLUNTEER.get(lang)),
                Cell::Empty,
                Cell::Empty,
            ],
            &unknown,
        );
    }
    // No rows, no totals: an empty table is its header alone, as the home says "none".
    if rows.is_empty() && !any_unknown {
        return csv.finish();
    }
    let grand: u64 = totals.iter().sum();
    csv.row(
        [Cell::text(TOTAL.get(lang)), Cell::Empty, Cell::Empty]
            .into_iter()
            .chain(totals.iter().map(|m| Cell::Hours(*m)))
            .chain([Cell::Hours(grand)]),
    );
    csv.finish()
}
