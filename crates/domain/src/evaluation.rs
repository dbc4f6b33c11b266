//! Evaluation (phase 5, seed 000 "Status & justering"): the guide's six follow-up
//! questions answered per partner in dated rounds, so that each half-year's answers sit
//! beside the last; and each care service's evaluation talks with residents, volunteers
//! and staff, recorded as counts and a note, never with residents' names.
//!
//! A round is kept as a `follow_up` entity keyed `{partner}:{date}`, a talk as an
//! `evaluation_talk` keyed `{care service}:{date}`: the coordinator's and the partner's
//! own.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde_json::Value;

use crate::entities::ProgrammeState;
use crate::entities::text;
use crate::model::{Text, t};
use crate::op::{Edit, EntityKind, Record, child_id};
use crate::schema::{evaluation_talk, follow_up};
use crate::validate::{Field, Invalid, Name, Note, Problem, date_key, parse_date};

/// The most people of one kind at one talk.
pub const MAX_PEOPLE: u32 = 200;
/// How far back a round or talk may be dated.
const MAX_YEARS_BACK: u32 = 10;

/// The guide's follow-up questions, asked of every partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Question {
    Lesson,
    Continuation,
    Influence,
    Phases,
    OutsideHelp,
    Elsewhere,
}

impl Question {
    pub const ALL: [Question; 6] = [
        Question::Lesson,
        Question::Continuation,
        Question::Influence,
        Question::Phases,
        Question::OutsideHelp,
        Question::Elsewhere,
    ];

    /// The `follow_up` field holding its answer.
    pub fn field(self) -> &'static str {
        match self {
            Question::Lesson => follow_up::LESSON,
            Question::Continuation => follow_up::CONTINUATION,
            Question::Influence => follow_up::INFLUENCE,
            Question::Phases => follow_up::PHASES,
            Question::OutsideHelp => follow_up::OUTSIDE_HELP,
            Question::Elsewhere => follow_up::ELSEWHERE,
        }
    }

    /// The form field its problems are shown at.
    pub fn form_field(self) -> Field {
        match self {
            Question::Lesson => Field::AnswerLesson,
            Question::Continuation => Field::AnswerContinuation,
            Question::Influence => Field::AnswerInfluence,
            Question::Phases => Field::AnswerPhases,
            Question::OutsideHelp => Field::AnswerOutsideHelp,
            Question::Elsewhere => Field::AnswerElsewhere,
        }
    }

    pub fn text(self) -> Text {
        match self {
            Question::Lesson => t(
                "Hvad er det vigtigste, vi kan lære af samarbejdet indtil nu?",
                "What is the most important thing we can learn from the collaboration so far?",
            ),
            Question::Continuation => t(
                "Hvordan kan samarbejdet om IT-frivillighed fortsætte bedst for alle?",
                "How can the collaboration on IT volunteering best continue for everyone?",
            ),
            Question::Influence => t(
                "Hvordan kan vi styrke borgernes indflydelse i IT-frivilligheden?",
                "How can we strengthen the residents' influence on the IT volunteering?",
            ),
            Question::Phases => t(
                "Hvordan kan samarbejdsmodellens 5 faser styrkes, så IT-frivillige gavner borgerne mere?",
                "How can the collaboration model's 5 phases be strengthened so that IT volunteers benefit the residents more?",
            ),
            Question::OutsideHelp => t(
                "Hvilken inspiration eller hjælp udefra kunne vi ønske os?",
                "What inspiration or help from outside would we like?",
            ),
            Question::Elsewhere => t(
                "Hvordan kan IT-frivillige give værdi for borgere i andre dele af kommunen?",
                "How can IT volunteers create value for residents in other parts of the municipality?",
            ),
        }
    }
}

/// One partner's answers on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUp {
    pub partner: String,
    pub date: NaiveDate,
    /// In the order of [`Question::ALL`]; empty where not answered.
    pub answers: [String; 6],
    /// Who answered, by name.
    pub by: String,
}

impl FollowUp {
    pub fn answer(&self, question: Question) -> &str {
        let at = Question::ALL.iter().position(|q| *q == question);
        at.map_or("", |i| self.answers[i].as_str())
    }
}

/// One evaluation talk at a care service: who took part (counts), what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Talk {
    pub care_service: String,
    pub date: NaiveDate,
    pub residents: u32,
    pub volunteers: u32,
    pub staff: u32,
    pub note: String,
    pub by: String,
}

impl Talk {
    /// The entity it is kept as.
    pub fn id(&self) -> String {
        child_id(&self.care_service, &date_key(self.date))
    }
}

fn count(record: &Record, field: &str) -> u32 {
    record
        .get(field)
        .and_then(Value::as_u64)
        .map_or(0, |n| n.min(u64::from(MAX_PEOPLE)) as u32)
}

fn dated(record: &Record) -> Option<(String, NaiveDate)> {
    let (parent, date) = crate::op::parent_of(&record.entity)?;
    Some((parent.to_owned(), parse_date(date).ok()?))
}

/// Reads a live `follow_up` record, keyed (partner, date).
pub(crate) fn read_follow_up(record: &Record) -> Option<((String, NaiveDate), FollowUp)> {
    let (partner, date) = dated(record)?;
    let answers = Question::ALL.map(|q| text(record, q.field()));
    let round = FollowUp {
        partner: partner.clone(),
        date,
        answers,
        by: text(record, follow_up::BY),
    };
    Some(((partner, date), round))
}

/// Reads a live `evaluation_talk` record, keyed (care service, date).
pub(crate) fn read_talk(record: &Record) -> Option<((String, NaiveDate), Talk)> {
    let (care_service, date) = dated(record)?;
    let talk = Talk {
        care_service: care_service.clone(),
        date,
        residents: count(record, evaluation_talk::RESIDENTS),
        volunteers: count(record, evaluation_talk::VOLUNTEERS),
        staff: count(record, evaluation_talk::STAFF),
        note: text(record, evaluation_talk::NOTE),
        by: text(record, evaluation_talk::BY),
    };
    Some(((care_service, date), talk))
}

/// The entries of one partner in a map keyed (partner, date), the latest first.
fn latest_first<'a, T>(
    map: &'a BTreeMap<(String, NaiveDate), T>,
    partner: &str,
) -> impl Iterator<Item = &'a T> {
    let key = |date| (partner.to_owned(), date);
    map.range(key(NaiveDate::MIN)..=key(NaiveDate::MAX))
        .rev()
        .map(|(_, entry)| entry)
}

/// The rounds of `partner`, the latest first.
pub fn rounds<'a>(state: &'a ProgrammeState, partner: &str) -> Vec<&'a FollowUp> {
    latest_first(&state.follow_ups, partner).collect()
}

/// The talks of `care_service`, the latest first.
pub fn talks<'a>(state: &'a ProgrammeState, care_service: &str) -> Vec<&'a Talk> {
    latest_first(&state.talks, care_service).collect()
}

/// A day of a round or talk: not after today, nor more than ten years before.
fn past_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let date = parse_date(raw)?;
    let earliest = today
        .checked_sub_months(Months::new(12 * MAX_YEARS_BACK))
        .unwrap_or(NaiveDate::MIN);
    if date > today {
        Err(Problem::InFuture)
    } else if date < earliest {
        Err(Problem::TooFarAway)
    } else {
        Ok(date)
    }
}

/// The follow-up form: the day, the six answers, who answered.
#[derive(Clone, Debug, Default)]
pub struct FollowUpInput {
    pub date: String,
    pub answers: [String; 6],
    pub by: String,
}

impl FollowUpInput {
    pub fn from_round(round: &FollowUp) -> FollowUpInput {
        FollowUpInput {
            date: date_key(round.date),
            answers: round.answers.clone(),
            by: round.by.clone(),
        }
    }

    /// Validates the form: a day up to today, at least one answer, each of a note's
    /// length. On success the edits that make the round of `partner` on that day so (a
    /// round already there on that day is changed, not doubled). `loaded` is the round
    /// the form was filled from, as it was then: what the form left as it was is not
    /// written back over a change made meanwhile. A round of that day the form did not
    /// show keeps every answer the form leaves blank.
    pub fn edits(
        &self,
        partner: &str,
        loaded: Option<&FollowUp>,
        state: &ProgrammeState,
        today: NaiveDate,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let date = invalid.check(Field::Date, past_day(&self.date, today));
        let answers: Vec<Option<Note>> = Question::ALL
            .iter()
            .zip(&self.answers)
            .map(|(q, raw)| invalid.check(q.form_field(), Note::parse(raw)))
            .collect();
        if self.answers.iter().all(|a| a.trim().is_empty()) {
            invalid.push(Question::Lesson.form_field(), Problem::NoAnswer);
        }
        let by = invalid.check(Field::By, Name::parse_optional(&self.by));
        invalid.finish()?;
        let date = date.expect("checked above");
        let stored = state.follow_ups.get(&(partner.to_owned(), date));
        let shown = loaded.filter(|r| r.partner == partner && r.date == date);
        let current = shown.or(stored).cloned().unwrap_or_default();
        let unseen = shown.is_none();
        let id = child_id(partner, &date_key(date));
        let set = |field: &str, value: Value| Edit::set(EntityKind::FollowUp, &id, field, value);
        let mut edits = Vec::new();
        if stored.is_none() {
            edits.push(set(follow_up::PARTNER, partner.into()));
            edits.push(set(follow_up::DATE, date_key(date).into()));
        }
        for ((question, answer), old) in Question::ALL.iter().zip(answers).zip(&current.answers) {
            let answer = answer.expect("checked above").into_inner();
            if &answer != old && !(unseen && answer.is_empty()) {
                edits.push(set(question.field(), answer.into()));
            }
        }
        let by = by.flatten().map(Name::into_inner).unwrap_or_default();
        if by != current.by && !(unseen && by.is_empty()) {
            edits.push(set(follow_up::BY, by.into()));
        }
        Ok(edits)
    }
}

/// The evaluation talk form: the day, how many of each took part, what came of it.
#[derive(Clone, Debug, Default)]
pub struct TalkInput {
    pub date: String,
    pub residents: String,
    pub volunteers: String,
    pub staff: String,
    pub note: String,
    pub by: String,
}

impl TalkInput {
    /// Validates the form: a day up to today with no talk yet, counts from 0 to
    /// [`MAX_PEOPLE`] (empty is 0), someone there, and a note. On success the edits of
    /// the talk at `care_service` on that day. (A second talk that day would overwrite
    /// the first: it is refused at its day.)
    pub fn edits(
        &self,
        care_service: &str,
        state: &ProgrammeState,
        today: NaiveDate,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let date = invalid.check(Field::Date, past_day(&self.date, today));
        let mut people = |field: Field, raw: &str| {
            let raw = raw.trim();
            let parsed = if raw.is_empty() {
                Ok(0)
            } else {
                raw.parse::<u32>()
                    .ok()
                    .filter(|n| *n <= MAX_PEOPLE)
                    .ok_or(Problem::InvalidNumber)
            };
            invalid.check(field, parsed)
        };
        let residents = people(Field::Residents, &self.residents);
        let volunteers = people(Field::Volunteers, &self.volunteers);
        let staff = people(Field::Staff, &self.staff);
        if residents == Some(0) && volunteers == Some(0) && staff == Some(0) {
            invalid.push(Field::Residents, Problem::Required);
        }
        let note = invalid.check(
            Field::Note,
            Note::parse(&self.note).and_then(|n| {
                if n.as_str().is_empty() {
                    Err(Problem::Required)
                } else {
                    Ok(n)
                }
            }),
        );
        let by = invalid.check(Field::By, Name::parse_optional(&self.by));
        invalid.finish()?;
        let (Some(date), Some(residents), Some(volunteers), Some(staff), Some(note)) =
            (date, residents, volunteers, staff, note)
        else {
            unreachable!("checked above")
        };
        if state.talks.contains_key(&(care_service.to_owned(), date)) {
            let mut taken = Invalid::default();
            taken.push(Field::Date, Problem::DayTaken);
            return Err(taken);
        }
        let id = child_id(care_service, &date_key(date));
        let set =
            |field: &str, value: Value| Edit::set(EntityKind::EvaluationTalk, &id, field, value);
        let mut edits = vec![
            set(evaluation_talk::CARE_SERVICE, care_service.into()),
            set(evaluation_talk::DATE, date_key(date).into()),
            set(evaluation_talk::RESIDENTS, residents.into()),
            set(evaluation_talk::VOLUNTEERS, volunteers.into()),
            set(evaluation_talk::STAFF, staff.into()),
            set(evaluation_talk::NOTE, note.into_inner().into()),
        ];
        if let Some(by) = by.flatten() {
            edits.push(set(evaluation_talk::BY, by.into_inner().into()));
        }
        Ok(edits)
    }
}

/// The stored rounds, keyed (partner, date).
pub type Rounds = BTreeMap<(String, NaiveDate), FollowUp>;
/// The stored talks, keyed (care service, date).
pub type Talks = BTreeMap<(String, NaiveDate), Talk>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::{Change, Op};

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    /// The state after `edits` on top of `ops`, read back as every device reads it.
    fn applied(edits: Vec<Edit>, ops: &mut Vec<Op>) -> ProgrammeState {
        let device = crate::DeviceId::new(7).unwrap();
        for edit in edits {
            let op = edit.stamped(crate::Stamp::new(1_000 + ops.len() as u64, device));
            op.check_fresh().expect("a form's edit passes the check");
            ops.push(op);
        }
        ProgrammeState::from_records(crate::op::merge(ops.iter()).values())
    }

    /// The ops of care service A (a round or talk of a removed partner is not shown).
    fn care_service_a() -> Vec<Op> {
        let mut ops = Vec::new();
        applied(
            vec![
                Edit::set(
                    EntityKind::Partner,
                    "A",
                    crate::schema::partner::KIND,
                    "care_service",
                ),
                Edit::set(
                    EntityKind::Partner,
                    "A",
                    crate::schema::partner::NAME,
                    "Solhaven",
                ),
            ],
            &mut ops,
        );
        ops
    }

    fn answers(first: &str) -> [String; 6] {
        let mut all: [String; 6] = Default::default();
        all[0] = first.into();
        all
    }

    #[test]
    fn rounds_are_dated_and_kept_side_by_side_latest_first() {
        let today = day("2027-06-30");
        let first = FollowUpInput {
            date: "2027-01-15".into(),
            answers: answers("Start småt"),
            by: "Jens".into(),
        };
        let mut ops = care_service_a();
        let state = applied(
            first
                .edits("A", None, &ProgrammeState::default(), today)
                .unwrap(),
            &mut ops,
        );
        let second = FollowUpInput {
            date: "2027-06-30".into(),
            answers: answers("Flere faste tider"),
            by: String::new(),
        };
        let state = applied(second.edits("A", None, &state, today).unwrap(), &mut ops);
        let found = rounds(&state, "A");
        assert_eq!(
            found
                .iter()
                .map(|r| r.answer(Question::Lesson))
                .collect::<Vec<_>>(),
            ["Flere faste tider", "Start småt"]
        );
        assert_eq!(found[1].by, "Jens");
        assert!(rounds(&state, "B").is_empty());
    }

    #[test]
    fn the_same_day_again_changes_that_round_and_writes_only_what_changed() {
        let today = day("2027-06-30");
        let input = FollowUpInput {
            date: "2027-06-01".into(),
            answers: answers("Start småt"),
            by: "Jens".into(),
        };
        let state = applied(
            input
                .edits("A", None, &ProgrammeState::default(), today)
                .unwrap(),
            &mut care_service_a(),
        );
        assert!(input.edits("A", None, &state, today).unwrap().is_empty());
        let mut changed = input.clone();
        changed.answers[2] = "Spørg beboerrådet".into();
        let edits = changed.edits("A", None, &state, today).unwrap();
        assert_eq!(edits.len(), 1);
        assert!(
            matches!(&edits[0].change, Change::Set { field, .. } if field == follow_up::INFLUENCE)
        );
    }

    #[test]
    fn a_form_writes_back_neither_what_it_left_alone_nor_blanks_over_answers_it_never_showed() {
        let today = day("2027-06-30");
        let mut ops = care_service_a();
        let mut all: [String; 6] = Default::default();
        all[0] = "Start småt".into();
        all[1] = "To besøg om måneden".into();
        let first = FollowUpInput {
            date: "2027-06-01".into(),
            answers: all,
            by: "Jens".into(),
        };
        let state = applied(
            first
                .edits("A", None, &ProgrammeState::default(), today)
                .unwrap(),
            &mut ops,
        );
        // A form opens on the round; meanwhile another device changes answer 2.
        let loaded = rounds(&state, "A")[0].clone();
        let mut elsewhere = FollowUpInput::from_round(&loaded);
        elsewhere.answers[1] = "Hver uge".into();
        let state = applied(
            elsewhere.edits("A", Some(&loaded), &state, today).unwrap(),
            &mut ops,
        );
        // This form changes answer 1 only: answer 2 is not written back.
        let mut here = FollowUpInput::from_round(&loaded);
        here.answers[0] = "Start meget småt".into();
        let edits = here.edits("A", Some(&loaded), &state, today).unwrap();
        assert_eq!(edits.len(), 1);
        let state = applied(edits, &mut ops);
        assert_eq!(
            rounds(&state, "A")[0].answer(Question::Continuation),
            "Hver uge"
        );
        // A form that never showed the round (answer 3 typed on a blank form, that day
        // picked) adds its answer and blanks out nothing.
        let mut blank = FollowUpInput {
            date: "2027-06-01".into(),
            ..FollowUpInput::default()
        };
        blank.answers[2] = "Spørg beboerrådet".into();
        let state = applied(blank.edits("A", None, &state, today).unwrap(), &mut ops);
        let round = rounds(&state, "A")[0];
        assert_eq!(round.answer(Question::Lesson), "Start meget småt");
        assert_eq!(round.answer(Question::Influence), "Spørg beboerrådet");
        assert_eq!(round.by, "Jens");
    }

    #[test]
    fn a_round_needs_a_past_day_and_an_answer_and_answers_of_a_notes_length() {
        let today = day("2027-06-30");
        let state = ProgrammeState::default();
        let problem = |input: FollowUpInput, field: Field| {
            input
                .edits("A", None, &state, today)
                .unwrap_err()
                .problem(field)
        };
        let ok = FollowUpInput {
            date: "2027-06-01".into(),
            answers: answers("Start småt"),
            by: String::new(),
        };
        let with_date = |d: &str| FollowUpInput {
            date: d.into(),
            ..ok.clone()
        };
        assert_eq!(
            problem(with_date("2027-07-01"), Field::Date),
            Some(Problem::InFuture)
        );
        assert_eq!(
            problem(with_date("2015-01-01"), Field::Date),
            Some(Problem::TooFarAway)
        );
        assert_eq!(
            problem(with_date("1. juni"), Field::Date),
            Some(Problem::InvalidDate)
        );
        let blank = FollowUpInput {
            answers: Default::default(),
            ..ok.clone()
        };
        assert_eq!(problem(blank, Field::AnswerLesson), Some(Problem::NoAnswer));
        let mut long = ok.clone();
        long.answers[5] = "x".repeat(crate::validate::NOTE_MAX + 1);
        assert_eq!(
            problem(long, Field::AnswerElsewhere),
            Some(Problem::TooLong)
        );
    }

    #[test]
    fn a_talk_counts_who_took_part_and_needs_someone_and_a_note() {
        let today = day("2027-06-30");
        let input = TalkInput {
            date: "2027-06-10".into(),
            residents: "4".into(),
            volunteers: "2".into(),
            staff: String::new(),
            note: "Ønsker flere videoopkald".into(),
            by: "Lone".into(),
        };
        let state = applied(
            input.edits("A", &ProgrammeState::default(), today).unwrap(),
            &mut care_service_a(),
        );
        let found = talks(&state, "A");
        assert_eq!(
            (found[0].residents, found[0].volunteers, found[0].staff),
            (4, 2, 0)
        );
        assert_eq!(found[0].note, "Ønsker flere videoopkald");
        let problem = |input: TalkInput, field: Field| {
            input.edits("A", &state, today).unwrap_err().problem(field)
        };
        let nobody = TalkInput {
            residents: "0".into(),
            volunteers: String::new(),
            ..input.clone()
        };
        assert_eq!(problem(nobody, Field::Residents), Some(Problem::Required));
        let crowd = TalkInput {
            staff: "201".into(),
            ..input.clone()
        };
        assert_eq!(problem(crowd, Field::Staff), Some(Problem::InvalidNumber));
        let minus = TalkInput {
            volunteers: "-1".into(),
            ..input.clone()
        };
        assert_eq!(
            problem(minus, Field::Volunteers),
            Some(Problem::InvalidNumber)
        );
        let again = TalkInput {
            note: "Om eftermiddagen".into(),
            ..input.clone()
        };
        assert_eq!(problem(again, Field::Date), Some(Problem::DayTaken));
        let silent = TalkInput {
            note: "  ".into(),
            ..input.clone()
        };
        assert_eq!(problem(silent, Field::Note), Some(Problem::Required));
    }

    #[test]
    fn values_from_outside_are_held_to_the_forms_bounds() {
        let stamp = crate::Stamp::new(1, crate::DeviceId::new(1).unwrap());
        let op = |kind, entity: &str, field: &str, value: Value| -> Op {
            Edit::set(kind, entity, field, value).stamped(stamp)
        };
        let talk = EntityKind::EvaluationTalk;
        assert!(
            op(talk, "A:2027-06-10", evaluation_talk::STAFF, 3.into())
                .check_fresh()
                .is_ok()
        );
        assert!(
            op(talk, "A:2027-06-10", evaluation_talk::STAFF, 9999.into())
                .check_fresh()
                .is_err()
        );
        assert!(
            op(talk, "A:10. juni", evaluation_talk::STAFF, 3.into())
                .check()
                .is_err()
        );
        assert!(
            op(
                talk,
                "A:2027-06-10",
                evaluation_talk::DATE,
                "2027-06-11".into()
            )
            .check()
            .is_err()
        );
        let round = EntityKind::FollowUp;
        let long = "x".repeat(crate::validate::NOTE_MAX + 1);
        assert!(
            op(round, "A:2027-06-10", follow_up::LESSON, long.into())
                .check_fresh()
                .is_err()
        );
        assert!(
            op(round, "A:2027-06-10", follow_up::PARTNER, "B".into())
                .check()
                .is_err()
        );
    }
}
