//! Parsing user input into valid values. Invalid input never reaches the op-log.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const NAME_MAX: usize = 80;
pub const NOTE_MAX: usize = 1000;
pub const ADDRESS_MAX: usize = 200;

/// What is wrong with one field.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong,
    #[error("contains control characters")]
    ControlCharacters,
    #[error("already used by another partner")]
    Duplicate,
    #[error("only one partner of this kind is allowed")]
    OnlyOne,
    #[error("not a valid date or time")]
    InvalidDate,
    #[error("ends before it starts")]
    EndBeforeStart,
    #[error("not a valid e-mail address")]
    InvalidEmail,
    #[error("not a valid phone number")]
    InvalidPhone,
    #[error("not a valid number")]
    InvalidNumber,
    #[error("not a photo we can use")]
    NotAPhoto,
    #[error("a step that must come first is not done")]
    StepsMissing,
    #[error("too early")]
    TooEarly,
    #[error("a date still to come")]
    InFuture,
    #[error("the volunteer is not cleared for visits")]
    NotCleared,
    #[error("a period that ends before it starts")]
    PeriodEndsBeforeStart,
    #[error("a period longer than the longest a report covers")]
    PeriodTooLong,
    #[error("moved further than a visit may be")]
    MovedTooFar,
    #[error("more than ten years away")]
    TooFarAway,
    #[error("no question answered")]
    NoAnswer,
    #[error("there is one on that day already")]
    DayTaken,
}

/// The form fields that can carry a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Municipality,
    Coordinator,
    Kind,
    Name,
    CareKind,
    Leader,
    ContactPerson,
    Contact,
    Address,
    By,
    At,
    Note,
    Date,
    Phone,
    Email,
    CareServices,
    Company,
    Skills,
    Availability,
    Volunteer,
    End,
    Until,
    Recurrence,
    Hours,
    Residents,
    TrialMonths,
    Photo,
    Step,
    /// The follow-up questions' answers (see [`crate::evaluation::Question`]).
    AnswerLesson,
    AnswerContinuation,
    AnswerInfluence,
    AnswerPhases,
    AnswerOutsideHelp,
    AnswerElsewhere,
    /// How many volunteers, how many staff (an evaluation talk).
    Volunteers,
    Staff,
}

/// Every problem found in a form, so the user can mend them all at once.
#[derive(Clone, Debug, Default, Error, PartialEq, Eq)]
#[error("invalid input: {problems:?}")]
pub struct Invalid {
    pub problems: Vec<(Field, Problem)>,
}

impl Invalid {
    pub fn problem(&self, field: Field) -> Option<Problem> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| *p)
    }

    pub(crate) fn push(&mut self, field: Field, problem: Problem) {
        self.problems.push((field, problem));
    }

    /// Records the problem of a parse, returning the value if there was none.
    pub(crate) fn check<T>(&mut self, field: Field, parsed: Result<T, Problem>) -> Option<T> {
        parsed.map_err(|problem| self.push(field, problem)).ok()
    }

    /// `Ok` when no check found a problem.
    pub(crate) fn finish(&mut self) -> Result<(), Invalid> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(self))
        }
    }
}

/// The characters that turn the direction of the text after them: a name with one could
/// show as another name ("Anna" reading as someone else in a reminder).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn bounded(raw: &str, max: usize) -> Result<String, Problem> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(Problem::TooLong);
    }
    if text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
    {
        return Err(Problem::ControlCharacters);
    }
    Ok(text.to_owned())
}

/// A person's or an organisation's name: trimmed, 1 to [`NAME_MAX`] characters, one line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, Problem> {
        let text = bounded(raw, NAME_MAX)?;
        if text.is_empty() {
            return Err(Problem::Required);
        }
        if text.contains('\n') {
            return Err(Problem::ControlCharacters);
        }
        Ok(Name(text))
    }

    /// An optional name: empty input is `None`.
    pub fn parse_optional(raw: &str) -> Result<Option<Name>, Problem> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Name::parse(raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    /// The comparison key for "two partners with the same name".
    pub fn folded(&self) -> String {
        self.0.to_lowercase()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A free-text note of at most [`NOTE_MAX`] characters; may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    pub fn parse(raw: &str) -> Result<Note, Problem> {
        bounded(raw, NOTE_MAX).map(Note)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A postal address of at most [`ADDRESS_MAX`] characters, on up to three lines; may be
/// empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address(String);

impl Address {
    pub fn parse(raw: &str) -> Result<Address, Problem> {
        let text = bounded(raw, ADDRESS_MAX)?;
        if text.lines().count() > 3 {
            return Err(Problem::TooLong);
        }
        Ok(Address(text))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A day as stored and as `<input type="date">` takes it: `YYYY-MM-DD` (written out by
/// hand: chrono's formatting would add to the app's bundle).
pub fn date_key(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A calendar date from an `<input type="date">` (`YYYY-MM-DD`).
pub fn parse_date(raw: &str) -> Result<NaiveDate, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    let raw = raw.trim();
    // `NaiveDate`'s own ISO parser, which also takes `+YYYY` forms: insist on exactly ten characters.
    if raw.len() != 10 {
        return Err(Problem::InvalidDate);
    }
    raw.parse::<NaiveDate>().map_err(|_| Problem::InvalidDate)
}

/// An RFC 3339 instant, as the app stores "when".
pub fn parse_instant(raw: &str) -> Result<DateTime<Utc>, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Problem::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("  Solhaven ").unwrap().as_str(), "Solhaven");
        assert_eq!(Name::parse("   "), Err(Problem::Required));
        assert_eq!(
            Name::parse(&"å".repeat(NAME_MAX))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            NAME_MAX
        );
        assert_eq!(
            Name::parse(&"å".repeat(NAME_MAX + 1)),
            Err(Problem::TooLong)
        );
        assert_eq!(Name::parse("a\nb"), Err(Problem::ControlCharacters));
        assert_eq!(Name::parse("a\u{7}b"), Err(Problem::ControlCharacters));
        assert_eq!(Name::parse_optional(" "), Ok(None));
    }

    #[test]
    fn notes_may_be_empty_but_not_too_long() {
        assert_eq!(Note::parse("").unwrap().as_str(), "");
        assert_eq!(
            Note::parse("linje 1\nlinje 2").unwrap().as_str(),
            "linje 1\nlinje 2"
        );
        assert_eq!(
            Note::parse(&"x".repeat(NOTE_MAX + 1)),
            Err(Problem::TooLong)
        );
    }

    #[test]
    fn dates_and_instants_parse_strictly() {
        assert_eq!(parse_date("2026-11-23").unwrap().to_string(), "2026-11-23");
        assert_eq!(parse_date("23-11-2026"), Err(Problem::InvalidDate));
        assert_eq!(parse_date("2026-02-30"), Err(Problem::InvalidDate));
        assert_eq!(parse_date(""), Err(Problem::Required));
        assert!(parse_instant("2026-11-23T09:30:00+01:00").is_ok());
        assert_eq!(parse_instant("i går"), Err(Problem::InvalidDate));
    }
}
