//! A volunteer's onboarding: the steps in order, the stage they give, and the flags a
//! leader should see (a step stuck, a trial period ending, an old criminal-record consent).
//!
//! Data protection: the criminal-record step records only that a certificate was seen
//! and assessed, when and by whom — never its content.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Text;

/// How long a step may stay open before it is flagged.
pub const STUCK_AFTER_DAYS: i64 = 14;
/// How long before a trial period ends or a status meeting is due it is flagged.
pub const WARN_BEFORE_DAYS: i64 = 14;
/// The default mutual trial period.
pub const DEFAULT_TRIAL_MONTHS: u32 = 3;
/// A consent to obtain a criminal record lapses after this long.
pub const CONSENT_VALID_MONTHS: u32 = 12;
/// Status meetings with each volunteer.
pub const STATUS_MEETING_MONTHS: u32 = 6;

/// The onboarding steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ApplicationReceived,
    Screened,
    InterviewHeld,
    CriminalRecordAssessed,
    ConfidentialitySigned,
    AgreementMade,
    IntroductionGiven,
    ContactPersonNamed,
    TrialStarted,
    TrialReviewed,
}

impl Step {
    pub fn key(self) -> &'static str {
        match self {
            Step::ApplicationReceived => "application_received",
            Step::Screened => "screened",
            Step::InterviewHeld => "interview_held",
            Step::CriminalRecordAssessed => "criminal_record_assessed",
            Step::ConfidentialitySigned => "confidentiality_signed",
            Step::AgreementMade => "agreement_made",
            Step::IntroductionGiven => "introduction_given",
            Step::ContactPersonNamed => "contact_person_named",
            Step::TrialStarted => "trial_started",
            Step::TrialReviewed => "trial_reviewed",
        }
    }

    pub fn from_key(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    pub const ALL: [Step; 10] = [
        Step::ApplicationReceived,
        Step::Screened,
        Step::InterviewHeld,
        Step::CriminalRecordAssessed,
        Step::ConfidentialitySigned,
        Step::AgreementMade,
        Step::IntroductionGiven,
        Step::ContactPersonNamed,
        Step::TrialStarted,
        Step::TrialReviewed,
    ];

    /// The steps that must be done before this one: the application before screening
    /// and interview, the interview before an agreement, and before a trial period the
    /// criminal record, the confidentiality declaration and the agreement; the trial
    /// before its review.
    pub fn requires(self) -> &'static [Step] {
        match self {
            Step::Screened | Step::InterviewHeld => &[Step::ApplicationReceived],
            Step::AgreementMade => &[Step::InterviewHeld],
            Step::TrialStarted => &[
                Step::CriminalRecordAssessed,
                Step::ConfidentialitySigned,
                Step::AgreementMade,
            ],
            Step::TrialReviewed => &[Step::TrialStarted],
            Step::ApplicationReceived
            | Step::CriminalRecordAssessed
            | Step::ConfidentialitySigned
            | Step::IntroductionGiven
            | Step::ContactPersonNamed => &[],
        }
    }

    /// Whether the step takes a note. The criminal-record step records only that the
    /// certificate was seen and assessed, when and by whom.
    pub fn takes_note(self) -> bool {
        self != Step::CriminalRecordAssessed
    }

    pub fn label(self) -> Text {
        let (da, en) = match self {
            Step::ApplicationReceived => ("Ansøgning modtaget", "Application received"),
            Step::Screened => (
                "Screenet af frivilligcentret",
                "Screened by the volunteer centre",
            ),
            Step::InterviewHeld => (
                "Samtale holdt (en beboer og lederen deltog)",
                "Interview held (a resident and the leader took part)",
            ),
            Step::CriminalRecordAssessed => (
                "Straffeattest set og vurderet",
                "Criminal record certificate seen and assessed",
            ),
            Step::ConfidentialitySigned => (
                "Erklæring om tavshedspligt og underretningspligt underskrevet",
                "Confidentiality and duty-to-report declaration signed",
            ),
            Step::AgreementMade => ("Samarbejdsaftale indgået", "Collaboration agreement made"),
            Step::IntroductionGiven => ("Introduktion givet", "Introduction given"),
            Step::ContactPersonNamed => ("Kontaktperson udpeget", "Contact person named"),
            Step::TrialStarted => ("Prøveperiode startet", "Trial period started"),
            Step::TrialReviewed => ("Prøveperioden evalueret", "Trial period reviewed"),
        };
        Text { da, en }
    }
}

/// Who did a step, when, and an optional note (never for the criminal record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDone {
    pub by: String,
    pub on: NaiveDate,
    pub note: String,
    /// For the trial's review: the trial ended early.
    #[serde(default)]
    pub ended_early: bool,
}

/// Where a volunteer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", content = "next", rename_all = "snake_case")]
pub enum Stage {
    /// Still onboarding; the step that comes next.
    Onboarding(Step),
    Active,
    Paused,
    Left,
}

/// A volunteer's status as set by the leader, apart from onboarding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Current,
    Paused,
    Left,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Current, Status::Paused, Status::Left];

    pub fn key(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Paused => "paused",
            Status::Left => "left",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Something about a volunteer's onboarding that needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Flag {
    /// The next step has been waiting since `since`.
    StepStuck { step: Step, since: NaiveDate },
    /// The trial period ends on `ends` (soon, or it has ended unreviewed).
    TrialEnding { ends: NaiveDate },
    /// The criminal-record consent given on `assessed` has lapsed.
    ConsentExpired { assessed: NaiveDate },
    /// A status meeting is due on `due` (soon, or overdue).
    StatusMeetingDue { due: NaiveDate },
}

/// The steps done so far, with the trial length agreed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    pub done: BTreeMap<Step, StepDone>,
    /// `None` means the default of [`DEFAULT_TRIAL_MONTHS`].
    pub trial_months: Option<u32>,
    /// When the last status meeting was held.
    pub last_status_meeting: Option<NaiveDate>,
}

impl Onboarding {
    /// The first step not yet done, in order.
    pub fn next_step(&self) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|step| !self.done.contains_key(step))
    }

    pub fn stage(&self, status: Status) -> Stage {
        match (status, self.next_step()) {
            (Status::Left, _) => Stage::Left,
            (Status::Paused, _) => Stage::Paused,
            (Status::Current, Some(step)) => Stage::Onboarding(step),
            (Status::Current, None) => Stage::Active,
        }
    }

    /// Whether the volunteer may be booked for visits: the criminal record seen and
    /// assessed, and the confidentiality declaration signed.
    pub fn is_cleared(&self) -> bool {
        [Step::CriminalRecordAssessed, Step::ConfidentialitySigned]
            .iter()
            .all(|step| self.done.contains_key(step))
    }

    /// What must be done before `step` and is not yet.
    pub fn missing_before(&self, step: Step) -> Vec<Step> {
        step.requires()
            .iter()
            .copied()
            .filter(|s| !self.done.contains_key(s))
            .collect()
    }

    /// From when the trial period may be reviewed: two weeks before it ends.
    pub fn review_from(&self) -> Option<NaiveDate> {
        self.trial_end()?
            .checked_sub_days(chrono::Days::new(WARN_BEFORE_DAYS as u64))
    }

    /// When the trial period ends, once it has started.
    pub fn trial_end(&self) -> Option<NaiveDate> {
        let start = self.done.get(&Step::TrialStarted)?.on;
        start.checked_add_months(Months::new(
            self.trial_months.unwrap_or(DEFAULT_TRIAL_MONTHS),
        ))
    }

    /// When the next status meeting is due: six months after the last one, or after the
    /// volunteer became active.
    pub fn status_meeting_due(&self) -> Option<NaiveDate> {
        let active_since = self.done.get(&Step::TrialReviewed)?.on;
        let from = self
            .last_status_meeting
            .map_or(active_since, |held| held.max(active_since));
        from.checked_add_months(Months::new(STATUS_MEETING_MONTHS))
    }

    /// What a leader should look at today.
    pub fn flags(&self, status: Status, today: NaiveDate) -> Vec<Flag> {
        if status != Status::Current {
            return Vec::new();
        }
        let mut flags = Vec::new();
        if let Some(step) = self.next_step() {
            // A step waits from when the one before it was done; the first never waits.
            let previous = Step::ALL
                .iter()
                .take_while(|s| **s != step)
                .filter_map(|s| self.done.get(s))
                .map(|d| d.on)
                .max();
            if let Some(since) = previous
                && (today - since).num_days() > STUCK_AFTER_DAYS
                && step != Step::TrialReviewed
            {
                flags.push(Flag::StepStuck { step, since });
            }
        }
        if let Some(ends) = self.trial_end()
            && !self.done.contains_key(&Step::TrialReviewed)
            && (ends - today).num_days() <= WARN_BEFORE_DAYS
        {
            flags.push(Flag::TrialEnding { ends });
        }
        if let Some(assessed) = self.done.get(&Step::CriminalRecordAssessed).map(|d| d.on)
            && assessed
                .checked_add_months(Months::new(CONSENT_VALID_MONTHS))
                .is_some_and(|lapses| lapses <= today)
        {
            flags.push(Flag::ConsentExpired { assessed });
        }
        if let Some(due) = self.status_meeting_due()
            && (due - today).num_days() <= WARN_BEFORE_DAYS
        {
            flags.push(Flag::StatusMeetingDue { due });
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn done_until(last: Step, on: NaiveDate) -> Onboarding {
        let mut onboarding = Onboarding::default();
        for step in Step::ALL.into_iter().take_while(|s| *s <= last) {
            onboarding.done.insert(
                step,
                StepDone {
                    by: "Lone".into(),
                    on,
                    note: String::new(),
                    ended_early: false,
                },
            );
        }
        onboarding
    }

    #[test]
    fn the_stage_is_the_first_step_not_done() {
        assert_eq!(
            Onboarding::default().stage(Status::Current),
            Stage::Onboarding(Step::ApplicationReceived)
        );
        let mut o = done_until(Step::Screened, date(2026, 1, 5));
        assert_eq!(
            o.stage(Status::Current),
            Stage::Onboarding(Step::InterviewHeld)
        );
        // Undoing a step brings it back as the next one.
        o.done.remove(&Step::ApplicationReceived);
        assert_eq!(o.next_step(), Some(Step::ApplicationReceived));
        let all = done_until(Step::TrialReviewed, date(2026, 1, 5));
        assert_eq!(all.stage(Status::Current), Stage::Active);
        assert_eq!(all.stage(Status::Paused), Stage::Paused);
        assert_eq!(all.stage(Status::Left), Stage::Left);
    }

    #[test]
    fn the_trial_period_defaults_to_three_months() {
        let mut o = done_until(Step::TrialStarted, date(2026, 1, 31));
        assert_eq!(o.trial_end(), Some(date(2026, 4, 30)));
        o.trial_months = Some(1);
        assert_eq!(o.trial_end(), Some(date(2026, 2, 28)));
        assert_eq!(
            done_until(Step::ContactPersonNamed, date(2026, 1, 1)).trial_end(),
            None
        );
    }

    #[test]
    fn a_step_open_for_more_than_fourteen_days_is_flagged() {
        let o = done_until(Step::Screened, date(2026, 1, 1));
        assert!(o.flags(Status::Current, date(2026, 1, 15)).is_empty());
        assert_eq!(
            o.flags(Status::Current, date(2026, 1, 16)),
            [Flag::StepStuck {
                step: Step::InterviewHeld,
                since: date(2026, 1, 1)
            }]
        );
        assert!(
            o.flags(Status::Paused, date(2026, 3, 1)).is_empty(),
            "a paused volunteer is not chased"
        );
    }

    #[test]
    fn a_trial_ending_within_fourteen_days_is_flagged_until_reviewed() {
        let o = done_until(Step::TrialStarted, date(2026, 1, 1));
        assert!(
            !o.flags(Status::Current, date(2026, 3, 17))
                .contains(&Flag::TrialEnding {
                    ends: date(2026, 4, 1)
                })
        );
        assert!(
            o.flags(Status::Current, date(2026, 3, 18))
                .contains(&Flag::TrialEnding {
                    ends: date(2026, 4, 1)
                })
        );
        assert!(
            o.flags(Status::Current, date(2026, 5, 1))
                .contains(&Flag::TrialEnding {
                    ends: date(2026, 4, 1)
                }),
            "overdue too"
        );
        let reviewed = done_until(Step::TrialReviewed, date(2026, 1, 1));
        assert!(
            reviewed
                .flags(Status::Current, date(2026, 3, 25))
                .iter()
                .all(|f| !matches!(f, Flag::TrialEnding { .. }))
        );
    }

    #[test]
    fn a_criminal_record_consent_lapses_after_a_year() {
        let mut o = done_until(Step::TrialReviewed, date(2025, 11, 23));
        o.last_status_meeting = Some(date(2026, 11, 1));
        assert!(o.flags(Status::Current, date(2026, 11, 22)).is_empty());
        assert_eq!(
            o.flags(Status::Current, date(2026, 11, 23)),
            [Flag::ConsentExpired {
                assessed: date(2025, 11, 23)
            }]
        );
    }

    #[test]
    fn status_meetings_are_due_every_six_months() {
        let mut o = done_until(Step::TrialReviewed, date(2026, 4, 1));
        assert_eq!(o.status_meeting_due(), Some(date(2026, 10, 1)));
        assert!(o.flags(Status::Current, date(2026, 9, 16)).is_empty());
        assert_eq!(
            o.flags(Status::Current, date(2026, 9, 17)),
            [Flag::StatusMeetingDue {
                due: date(2026, 10, 1)
            }]
        );
        o.last_status_meeting = Some(date(2026, 9, 15));
        assert_eq!(o.status_meeting_due(), Some(date(2027, 3, 15)));
        assert!(o.flags(Status::Current, date(2026, 9, 17)).is_empty());
        // A meeting recorded before the volunteer became active does not count.
        o.last_status_meeting = Some(date(2026, 1, 1));
        assert_eq!(o.status_meeting_due(), Some(date(2026, 10, 1)));
        assert_eq!(Onboarding::default().status_meeting_due(), None);
    }

    #[test]
    fn every_step_has_both_languages() {
        for step in Step::ALL {
            assert!(
                !step.label().da.is_empty()
                    && !step.label().en.is_empty()
                    && step.label().da != step.label().en
            );
        }
    }
}
