//! Volunteers: who they are (only what the work needs), where they go, and the edits
//! that add, change, pause and onboard them.

use chrono::NaiveDate;
use serde_json::Value;

use crate::contact::{Email, Phone};
use crate::entities::ProgrammeState;
use crate::model::PartnerKind;
use crate::onboarding::{Onboarding, Status, Step};
use crate::op::child_id;
use crate::op::{Edit, EntityKind};
use crate::schema::{onboarding_step, volunteer};
use crate::validate::{Field, Invalid, Name, Note, Problem, parse_date};

/// A volunteer as the screens show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volunteer {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// Ids of the care services they visit.
    pub care_services: Vec<String>,
    /// Id of the company they come from, if any.
    pub company: Option<String>,
    pub skills: String,
    pub availability: String,
    pub status: Status,
    /// A small photo as a `data:` URL, or empty.
    pub photo: String,
}

impl Volunteer {
    /// The first name, which is all the residents' kiosk view may show.
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or_default()
    }
}

/// The add/edit volunteer form, as typed.
#[derive(Clone, Debug, Default)]
pub struct VolunteerInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub care_services: Vec<String>,
    pub company: Option<String>,
    pub skills: String,
    pub availability: String,
}

impl VolunteerInput {
    pub fn from_volunteer(v: &Volunteer) -> VolunteerInput {
        VolunteerInput {
            name: v.name.clone(),
            phone: v.phone.clone(),
            email: v.email.clone(),
            care_services: v.care_services.clone(),
            company: v.company.clone(),
            skills: v.skills.clone(),
            availability: v.availability.clone(),
        }
    }

    /// Validates the form: a name, a phone number and/or an e-mail address, at least one
    /// of the programme's care services, and a company only from the programme. Returns
    /// the edits for the changed fields (all of them for a new volunteer).
    pub fn edits(
        &self,
        id: &str,
        current: Option<&Volunteer>,
        state: &ProgrammeState,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let name = invalid.check(Field::Name, Name::parse(&self.name));
        let phone = if self.phone.trim().is_empty() {
            Some(String::new())
        } else {
            invalid
                .check(Field::Phone, Phone::parse(&self.phone))
                .map(|p| p.as_str().to_owned())
        };
        let email = if self.email.trim().is_empty() {
            Some(String::new())
        } else {
            invalid
                .check(Field::Email, Email::parse(&self.email))
                .map(|e| e.as_str().to_owned())
        };
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            invalid.push(Field::Phone, Problem::Required);
        }
        let is = |id: &str, kind| state.partner(id).is_some_and(|p| p.kind == kind);
        if self.care_services.is_empty()
            || !self
                .care_services
                .iter()
                .all(|c| is(c, PartnerKind::CareService))
        {
            invalid.push(Field::CareServices, Problem::Required);
        }
        if self
            .company
            .as_deref()
            .is_some_and(|c| !is(c, PartnerKind::Company))
        {
            invalid.push(Field::Company, Problem::Required);
        }
        let skills = invalid.check(Field::Skills, Note::parse(&self.skills));
        let availability = invalid.check(Field::Availability, Note::parse(&self.availability));
        invalid.finish()?;
        let (Some(name), Some(phone), Some(email), Some(skills), Some(availability)) =
            (name, phone, email, skills, availability)
        else {
            unreachable!("checked above")
        };
        let mut care_services = self.care_services.clone();
        care_services.sort();
        care_services.dedup();
        let wanted = Volunteer {
            id: id.to_owned(),
            name: name.into_inner(),
            phone,
            email,
            care_services,
            company: self.company.clone(),
            skills: skills.into_inner(),
            availability: availability.into_inner(),
            status: current.map_or(Status::Current, |c| c.status),
            photo: current.map(|c| c.photo.clone()).unwrap_or_default(),
        };
        type Getter = fn(&Volunteer) -> Value;
        let fields: [(&str, Getter); 7] = [
            (volunteer::NAME, |v| v.name.as_str().into()),
            (volunteer::PHONE, |v| v.phone.as_str().into()),
            (volunteer::EMAIL, |v| v.email.as_str().into()),
            (volunteer::CARE_SERVICES, |v| v.care_services.clone().into()),
            (volunteer::COMPANY, |v| {
                v.company.clone().map_or(Value::Null, Value::from)
            }),
            (volunteer::SKILLS, |v| v.skills.as_str().into()),
            (volunteer::AVAILABILITY, |v| v.availability.as_str().into()),
        ];
        Ok(fields
            .iter()
            .filter(|(_, get)| current.is_none_or(|c| get(c) != get(&wanted)))
            .map(|(field, get)| Edit::set(EntityKind::Volunteer, id, field, get(&wanted)))
            .collect())
    }
}

/// Pause, resume or mark a volunteer as left.
pub fn set_status(volunteer: &str, status: Status) -> Vec<Edit> {
    vec![Edit::set(
        EntityKind::Volunteer,
        volunteer,
        volunteer::STATUS,
        status.key(),
    )]
}

/// The largest photo we store, as a `data:` URL (the app scales photos down well below).
pub const PHOTO_MAX_BYTES: usize = 48 * 1024;

/// A small photo as a `data:image/...;base64,` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo(String);

impl Photo {
    pub fn parse(data_url: &str) -> Result<Photo, Problem> {
        let payload = [
            "data:image/jpeg;base64,",
            "data:image/png;base64,",
            "data:image/webp;base64,",
        ]
        .iter()
        .find_map(|prefix| data_url.strip_prefix(prefix))
        .ok_or(Problem::NotAPhoto)?;
        if data_url.len() > PHOTO_MAX_BYTES {
            return Err(Problem::TooLong);
        }
        let base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
        if payload.is_empty() || !payload.chars().all(base64) {
            return Err(Problem::NotAPhoto);
        }
        Ok(Photo(data_url.to_owned()))
    }
}

/// Gives a volunteer a photo, or removes it (`None`).
pub fn set_photo(volunteer: &str, photo: Option<Photo>) -> Vec<Edit> {
    vec![Edit::set(
        EntityKind::Volunteer,
        volunteer,
        volunteer::PHOTO,
        photo.map(|p| p.0).unwrap_or_default(),
    )]
}

/// The longest trial period that may be agreed.
pub const MAX_TRIAL_MONTHS: u32 = 12;

/// Agrees a trial period of `months` (1 to [`MAX_TRIAL_MONTHS`]) with a volunteer.
pub fn set_trial_months(volunteer: &str, months: &str) -> Result<Vec<Edit>, Invalid> {
    let mut invalid = Invalid::default();
    let months = invalid.check(
        Field::TrialMonths,
        months
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=MAX_TRIAL_MONTHS).contains(m))
            .ok_or(Problem::InvalidNumber),
    );
    invalid.finish()?;
    Ok(vec![Edit::set(
        EntityKind::Volunteer,
        volunteer,
        volunteer::TRIAL_MONTHS,
        months,
    )])
}

/// Records that a status meeting with the volunteer was held on `on` (`YYYY-MM-DD`).
pub fn status_meeting_held(volunteer: &str, on: &str) -> Result<Vec<Edit>, Invalid> {
    let mut invalid = Invalid::default();
    let on = invalid.check(Field::Date, parse_date(on));
    invalid.finish()?;
    let on = on.map(|d| d.to_string());
    Ok(vec![Edit::set(
        EntityKind::Volunteer,
        volunteer,
        volunteer::STATUS_MEETING,
        on,
    )])
}

/// The "step done" form: who, on which date, and a note (none for the criminal record).
#[derive(Clone, Debug, Default)]
pub struct StepInput {
    pub by: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub note: String,
    /// For the trial's review before its time: the trial was ended early.
    pub ended_early: bool,
}

impl StepInput {
    /// The edits that mark `step` done, given the volunteer's onboarding so far: refused
    /// while a step it requires is missing ([`Step::requires`]), on a date after `today`
    /// (a step is done when it has been, so a later date cannot open the trial's review
    /// early or clear a volunteer ahead of their papers), and the trial's review before
    /// two weeks ahead of the trial's end unless the trial ended early.
    pub fn done(
        &self,
        onboarding: &Onboarding,
        volunteer: &str,
        step: Step,
        today: NaiveDate,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        if !onboarding.missing_before(step).is_empty() {
            invalid.push(Field::Step, Problem::StepsMissing);
        }
        let by = invalid.check(Field::By, Name::parse(&self.by));
        let on = invalid.check(Field::Date, parse_date(&self.on));
        // The criminal record's note is never stored, not even by mistake: the
        // certificate's content stays out.
        let typed = if step.takes_note() { &self.note } else { "" };
        let note = invalid.check(Field::Note, Note::parse(typed));
        let on = on.filter(|on| {
            let past = *on <= today;
            if !past {
                invalid.push(Field::Date, Problem::InFuture);
            }
            past
        });
        let ended_early = step == Step::TrialReviewed && self.ended_early;
        if let (Some(on), Step::TrialReviewed, false) = (on, step, ended_early)
            && onboarding.review_from().is_some_and(|from| on < from)
        {
            invalid.push(Field::Date, Problem::TooEarly);
        }
        invalid.finish()?;
        let (Some(by), Some(on), Some(note)) = (by, on, note) else {
            unreachable!("checked above")
        };
        let id = child_id(volunteer, step.key());
        let set =
            |field: &str, value: Value| Edit::set(EntityKind::OnboardingStep, &id, field, value);
        let mut edits = vec![
            set(onboarding_step::VOLUNTEER, volunteer.into()),
            set(onboarding_step::STEP, step.key().into()),
            set(onboarding_step::DONE, true.into()),
            set(onboarding_step::BY, by.into_inner().into()),
            set(onboarding_step::ON, on.to_string().into()),
            set(onboarding_step::NOTE, note.into_inner().into()),
        ];
        if step == Step::TrialReviewed {
            edits.push(set(onboarding_step::ENDED_EARLY, ended_early.into()));
        }
        Ok(edits)
    }
}

/// Undoing a step keeps its record but marks it not done.
pub fn undo_step(volunteer: &str, step: Step) -> Vec<Edit> {
    vec![Edit::set(
        EntityKind::OnboardingStep,
        &child_id(volunteer, step.key()),
        onboarding_step::DONE,
        false,
    )]
}

/// Deleting a volunteer erases them (see `erasure`): no value of theirs is kept, and the
/// tombstones of their onboarding steps hide the steps until the erasure has removed
/// them.
pub fn delete_volunteer(state: &ProgrammeState, volunteer: &str) -> Vec<Edit> {
    let mut edits = vec![Edit::erase(EntityKind::Volunteer, volunteer)];
    if let Some(onboarding) = state.onboarding.get(volunteer) {
        edits.extend(onboarding.done.keys().map(|step| {
            Edit::delete(EntityKind::OnboardingStep, &child_id(volunteer, step.key()))
        }));
    }
    edits
}

/// A care service lets go of a volunteer: it leaves their list of care services (it may
/// not erase a person, nor take them off another care service's list).
pub fn remove_from_care_service(
    state: &ProgrammeState,
    volunteer: &str,
    care_service: &str,
) -> Vec<Edit> {
    let Some(v) = state.volunteer(volunteer) else {
        return Vec::new();
    };
    let left: Vec<&str> = v
        .care_services
        .iter()
        .map(String::as_str)
        .filter(|c| *c != care_service)
        .collect();
    vec![Edit::set(
        EntityKind::Volunteer,
        volunteer,
        volunteer::CARE_SERVICES,
        left,
    )]
}

/// Everything stored about one volunteer, for their right of access (GDPR art. 15).
pub fn export(state: &ProgrammeState, volunteer: &str) -> Option<Value> {
    let v = state.volunteer(volunteer)?;
    let name_of = |id: &str| state.partner(id).map(|p| p.name.clone());
    let steps: Vec<Value> = state
        .onboarding_of(volunteer)
        .done
        .iter()
        .map(|(step, done)| serde_json::json!({ "step": step.key(), "by": done.by, "on": done.on.to_string(), "note": done.note }))
        .collect();
    let onboarding = state.onboarding_of(volunteer);
    // Their visits, and what became of each: held (with what was recorded) or cancelled
    // (who, when and why).
    // A set, not a search per held visit.
    let series: std::collections::BTreeSet<&str> = state
        .visits
        .iter()
        .filter(|s| s.volunteer == volunteer)
        .map(|s| s.id.as_str())
        .collect();
    let theirs = |id: &str| series.contains(id);
    let visits: Vec<Value> = state
        .visits
        .iter()
        .filter(|s| s.volunteer == volunteer)
        .map(|s| {
            serde_json::json!({
                "care_service": name_of(&s.care_service),
                "first": s.first.to_string(),
                "start": crate::schedule::hh_mm(&s.slot.start()),
                "end": crate::schedule::hh_mm(&s.slot.end()),
                "recurrence": s.recurrence.key(),
                "until": s.until.map(|d| d.to_string()),
                "activity": s.activity,
            })
        })
        .collect();
    let held: Vec<Value> = state
        .held
        .iter()
        .filter(|((series, _), _)| theirs(series))
        .map(|((_, date), h)| {
            serde_json::json!({ "date": date.to_string(), "minutes": h.minutes, "residents": h.residents, "note": h.note })
        })
        .collect();
    let cancelled: Vec<Value> = state
        .cancelled
        .iter()
        .filter(|((series, _), _)| theirs(series))
        .map(|((_, date), c)| {
            serde_json::json!({ "date": date.to_string(), "by": c.by, "at": c.at.map(|at| at.to_rfc3339()), "reason": c.reason })
        })
        .collect();
    Some(serde_json::json!({
        "name": v.name,
        "phone": v.phone,
        "email": v.email,
        "care_services": v.care_services.iter().filter_map(|id| name_of(id)).collect::<Vec<_>>(),
        "company": v.company.as_deref().and_then(name_of),
        "skills": v.skills,
        "availability": v.availability,
        "status": v.status.key(),
        "onboarding": steps,
        "photo": (!v.photo.is_empty()).then_some(&v.photo),
        "trial_months": onboarding.trial_months,
        "last_status_meeting": onboarding.last_status_meeting.map(|d| d.to_string()),
        "visits": visits,
        "held_visits": held,
        "cancelled_visits": cancelled,
    }))
}
