//! The forms of the programme, its partners and their ticks: typed input that validates
//! into the edits (unstamped operations) that change them.

use serde_json::Value;

use super::read::{Partner, Programme, ProgrammeState};
use crate::contact::{Email, Phone};
use crate::model::{CareKind, PartnerKind};
use crate::op::{Edit, EntityKind, child_id};
use crate::schema::{advice_tick, partner, programme, task_tick};
use crate::validate::{Address, Field, Invalid, Name, Note, Problem, parse_date, parse_instant};

/// The "create programme" form.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeInput {
    pub municipality: String,
    pub coordinator: String,
}

impl ProgrammeInput {
    /// Validates the form; on success returns the edits that create the programme and
    /// the municipality as its first partner. `new_id` makes fresh entity ids.
    pub fn create(&self, mut new_id: impl FnMut() -> String) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let municipality = invalid.check(Field::Municipality, Name::parse(&self.municipality));
        let coordinator = invalid.check(Field::Coordinator, Name::parse(&self.coordinator));
        invalid.finish()?;
        let (Some(municipality), Some(coordinator)) = (municipality, coordinator) else {
            unreachable!("checked above")
        };
        let programme_id = new_id();
        let partner_id = new_id();
        Ok(vec![
            Edit::set(
                EntityKind::Programme,
                &programme_id,
                programme::MUNICIPALITY,
                municipality.as_str(),
            ),
            Edit::set(
                EntityKind::Programme,
                &programme_id,
                programme::COORDINATOR,
                coordinator.as_str(),
            ),
            Edit::set(
                EntityKind::Partner,
                &partner_id,
                partner::KIND,
                PartnerKind::Municipality.key(),
            ),
            Edit::set(
                EntityKind::Partner,
                &partner_id,
                partner::NAME,
                municipality.as_str(),
            ),
        ])
    }

    /// Validates an edit of an existing programme's names; only changed fields become edits.
    pub fn update(&self, current: &Programme) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let municipality = invalid.check(Field::Municipality, Name::parse(&self.municipality));
        let coordinator = invalid.check(Field::Coordinator, Name::parse(&self.coordinator));
        invalid.finish()?;
        let (Some(municipality), Some(coordinator)) = (municipality, coordinator) else {
            unreachable!("checked above")
        };
        Ok([
            (programme::MUNICIPALITY, municipality, &current.municipality),
            (programme::COORDINATOR, coordinator, &current.coordinator),
        ]
        .into_iter()
        .filter(|(_, new, old)| new.as_str() != old.as_str())
        .map(|(field, new, _)| Edit::set(EntityKind::Programme, &current.id, field, new.as_str()))
        .collect())
    }
}

/// The add/edit partner form, as typed.
#[derive(Clone, Debug)]
pub struct PartnerInput {
    pub kind: PartnerKind,
    pub name: String,
    pub care_kind: Option<CareKind>,
    pub leader: String,
    pub contact_person: String,
    pub contact: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl PartnerInput {
    pub fn from_partner(partner: &Partner) -> PartnerInput {
        PartnerInput {
            kind: partner.kind,
            name: partner.name.clone(),
            care_kind: partner.care_kind,
            leader: partner.leader.clone(),
            contact_person: partner.contact_person.clone(),
            contact: partner.contact.clone(),
            address: partner.address.clone(),
            phone: partner.phone.clone(),
            email: partner.email.clone(),
        }
    }

    /// Validates the form against the programme's other partners. On success returns the
    /// edits that make the partner so: all fields for a new one (`current` is `None`,
    /// `id` the new id), only the changed fields for an existing one.
    pub fn edits(
        &self,
        id: &str,
        current: Option<&Partner>,
        state: &ProgrammeState,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let others = || state.partners.iter().filter(|p| p.id != id);
        if self.kind.is_single() && others().any(|p| p.kind == self.kind) {
            invalid.push(Field::Kind, Problem::OnlyOne);
        }
        if let Some(name) = invalid.check(Field::Name, Name::parse(&self.name))
            && others().any(|p| p.name.to_lowercase() == name.folded())
        {
            invalid.push(Field::Name, Problem::Duplicate);
        }
        let is_care = self.kind == PartnerKind::CareService;
        if is_care && self.care_kind.is_none() {
            invalid.push(Field::CareKind, Problem::Required);
        }
        let mut optional =
            |field, raw: &str| invalid.check(field, Name::parse_optional(raw)).flatten();
        let leader = optional(Field::Leader, &self.leader);
        let contact_person = optional(Field::ContactPerson, &self.contact_person);
        let contact = optional(Field::Contact, &self.contact);
        let address = invalid.check(Field::Address, Address::parse(&self.address));
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
        invalid.finish()?;
        let name_if = |keep: bool, n: Option<Name>| {
            n.filter(|_| keep).map(Name::into_inner).unwrap_or_default()
        };
        let wanted = Partner {
            id: id.to_owned(),
            kind: self.kind,
            name: self.name.trim().to_owned(),
            care_kind: self.care_kind.filter(|_| is_care),
            leader: name_if(is_care, leader),
            contact_person: name_if(is_care, contact_person),
            contact: name_if(self.kind == PartnerKind::Company, contact),
            address: address.map(Address::into_inner).unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            email: email.unwrap_or_default(),
        };
        Ok(partner_edits(&wanted, current))
    }
}

fn partner_edits(wanted: &Partner, current: Option<&Partner>) -> Vec<Edit> {
    type Getter = fn(&Partner) -> Value;
    let fields: [(&str, Getter); 9] = [
        (partner::KIND, |p| p.kind.key().into()),
        (partner::NAME, |p| p.name.as_str().into()),
        (partner::CARE_KIND, |p| {
            p.care_kind
                .map(|k| Value::from(k.key()))
                .unwrap_or(Value::Null)
        }),
        (partner::LEADER, |p| p.leader.as_str().into()),
        (partner::CONTACT_PERSON, |p| {
            p.contact_person.as_str().into()
        }),
        (partner::CONTACT, |p| p.contact.as_str().into()),
        (partner::ADDRESS, |p| p.address.as_str().into()),
        (partner::PHONE, |p| p.phone.as_str().into()),
        (partner::EMAIL, |p| p.email.as_str().into()),
    ];
    let is_blank = |value: &Value| value.is_null() || value.as_str() == Some("");
    fields
        .iter()
        .filter(|(_, get)| match current {
            Some(current) => get(current) != get(wanted),
            None => !is_blank(&get(wanted)),
        })
        .map(|(field, get)| Edit::set(EntityKind::Partner, &wanted.id, field, get(wanted)))
        .collect()
}

/// Removing a partner: a tombstone for it and for each of its ticks of the model's
/// tasks and advice (a tick of one a newer or older app has no longer is no valid
/// operation; the partner's tombstone hides it all the same).
pub fn remove_partner(state: &ProgrammeState, partner: &str) -> Vec<Edit> {
    let mut edits = vec![Edit::delete(EntityKind::Partner, partner)];
    edits.extend(
        state
            .task_ticks
            .keys()
            .filter(|(p, t)| p == partner && crate::model::task(t).is_some())
            .map(|(p, t)| Edit::delete(EntityKind::TaskTick, &child_id(p, t))),
    );
    edits.extend(
        state
            .advice_ticks
            .keys()
            .filter(|(p, a)| p == partner && crate::model::advice(a).is_some())
            .map(|(p, a)| Edit::delete(EntityKind::AdviceTick, &child_id(p, a))),
    );
    // Its evaluation goes with it: answers and talks may speak of its residents.
    let dated = |(p, date): &(String, chrono::NaiveDate)| {
        (p == partner).then(|| child_id(p, &crate::validate::date_key(*date)))
    };
    edits.extend(
        state
            .follow_ups
            .keys()
            .filter_map(dated)
            .map(|id| Edit::delete(EntityKind::FollowUp, &id)),
    );
    edits.extend(
        state
            .talks
            .keys()
            .filter_map(dated)
            .map(|id| Edit::delete(EntityKind::EvaluationTalk, &id)),
    );
    edits
}

/// The "task done" form: who, when and an optional note.
#[derive(Clone, Debug, Default)]
pub struct TaskTickInput {
    pub by: String,
    /// RFC 3339, made from the form's local date and time.
    pub at: String,
    pub note: String,
}

impl TaskTickInput {
    pub fn tick(&self, partner: &str, task: &str) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let by = invalid.check(Field::By, Name::parse(&self.by));
        let at = invalid.check(Field::At, parse_instant(&self.at));
        let note = invalid.check(Field::Note, Note::parse(&self.note));
        invalid.finish()?;
        let (Some(by), Some(at), Some(note)) = (by, at, note) else {
            unreachable!("checked above")
        };
        let id = child_id(partner, task);
        let set = |field: &str, value: Value| Edit::set(EntityKind::TaskTick, &id, field, value);
        Ok(vec![
            set(task_tick::PARTNER, partner.into()),
            set(task_tick::TASK, task.into()),
            set(task_tick::DONE, true.into()),
            set(task_tick::BY, by.into_inner().into()),
            set(task_tick::AT, at.to_rfc3339().into()),
            set(task_tick::NOTE, note.into_inner().into()),
        ])
    }
}

/// Unticking keeps who/when/note of the last tick, so "done" can be
/// restored by a new tick.
pub fn untick_task(partner: &str, task: &str) -> Vec<Edit> {
    vec![Edit::set(
        EntityKind::TaskTick,
        &child_id(partner, task),
        task_tick::DONE,
        false,
    )]
}

/// The advice form: a note and a date.
#[derive(Clone, Debug, Default)]
pub struct AdviceTickInput {
    pub done: bool,
    /// Who ticked it: required to tick, kept as it was on unticking.
    pub by: String,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

impl AdviceTickInput {
    pub fn edits(&self, partner: &str, advice: &str) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let note = invalid.check(Field::Note, Note::parse(&self.note));
        let date = invalid.check(Field::Date, parse_date(&self.date));
        let by = if self.done {
            invalid.check(Field::By, Name::parse(&self.by)).map(Some)
        } else {
            invalid.check(Field::By, Name::parse_optional(&self.by))
        };
        invalid.finish()?;
        let (Some(note), Some(date), Some(by)) = (note, date, by) else {
            unreachable!("checked above")
        };
        let id = child_id(partner, advice);
        let set = |field: &str, value: Value| Edit::set(EntityKind::AdviceTick, &id, field, value);
        let mut edits = vec![
            set(advice_tick::PARTNER, partner.into()),
            set(advice_tick::ADVICE, advice.into()),
            set(advice_tick::DONE, self.done.into()),
            set(advice_tick::NOTE, note.into_inner().into()),
            set(advice_tick::DATE, date.to_string().into()),
        ];
        edits.extend(by.map(|by| set(advice_tick::BY, by.into_inner().into())));
        Ok(edits)
    }
}
