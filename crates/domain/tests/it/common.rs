//! A programme driven through the op-log exactly as the app drives it.

use samskab_domain::entities::{PartnerInput, ProgrammeInput};
use samskab_domain::model::{CareKind, PartnerKind};
use samskab_domain::onboarding::Step;
use samskab_domain::volunteers::{StepInput, VolunteerInput};
use std::collections::BTreeMap;

use samskab_domain::{Clock, DeviceId, Edit, Invalid, Op, ProgrammeState, Record, merge};

/// The day the tests mark steps done on: after every date they mark one for.
pub const TODAY: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();

pub struct Fixture {
    pub clock: Clock,
    pub ops: Vec<Op>,
    /// The merged records, kept up to date as the app's store keeps them.
    records: BTreeMap<String, Record>,
    /// The state kept up to date change by change, as the app does; `state()` checks it
    /// against a full rebuild every time.
    incremental: ProgrammeState,
}

fn wall() -> uhlc::NTP64 {
    samskab_domain::clock::ntp64_from_unix_millis(1_763_900_000_000.0)
}

impl Fixture {
    /// A programme (Aarhus Kommune, coordinator Mette) whose only partner is the municipality.
    pub fn programme() -> Fixture {
        Fixture::programme_on(9)
    }

    /// The same programme created on another device, so with other ids.
    pub fn programme_on(device: u128) -> Fixture {
        let mut f = Fixture {
            clock: Clock::new(DeviceId::new(device).unwrap(), wall),
            ops: Vec::new(),
            records: BTreeMap::new(),
            incremental: ProgrammeState::default(),
        };
        let clock = &f.clock;
        let edits = ProgrammeInput {
            municipality: "Aarhus Kommune".into(),
            coordinator: "Mette".into(),
        }
        .create(|| clock.now().to_string())
        .unwrap();
        f.apply(edits);
        f
    }

    /// The programme with a care service ("Solhaven") and a company ("Bravo IT"); returns
    /// the fixture and their ids.
    pub fn new() -> (Fixture, String, String) {
        let mut f = Fixture::programme();
        let home = f.add_partner(PartnerKind::CareService, "Solhaven");
        let company = f.add_partner(PartnerKind::Company, "Bravo IT");
        (f, home, company)
    }

    /// Adds a partner through its form, as the app does.
    pub fn add(&mut self, input: PartnerInput) -> Result<String, Invalid> {
        let id = self.new_id();
        let edits = input.edits(&id, None, &self.state())?;
        self.apply(edits);
        Ok(id)
    }

    pub fn new_id(&self) -> String {
        self.clock.now().to_string()
    }

    pub fn add_partner(&mut self, kind: PartnerKind, name: &str) -> String {
        let input = PartnerInput {
            kind,
            name: name.into(),
            care_kind: Some(CareKind::Residential),
            leader: String::new(),
            contact_person: String::new(),
            contact: String::new(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
        };
        self.add(input).unwrap()
    }

    /// Adds a volunteer who visits `home`, through the form.
    pub fn add_volunteer(&mut self, name: &str, home: &str) -> String {
        let id = self.new_id();
        let input = VolunteerInput {
            name: name.into(),
            phone: "12345678".into(),
            care_services: vec![home.into()],
            ..Default::default()
        };
        let edits = input.edits(&id, None, &self.state()).unwrap();
        self.apply(edits);
        id
    }

    /// Marks an onboarding step done on `on` (`YYYY-MM-DD`) by Lone, through its form. A
    /// trial's review counts as ended early (the tests' steps fall within days).
    pub fn done(&mut self, volunteer: &str, step: Step, on: &str) {
        let edits = StepInput {
            by: "Lone".into(),
            on: on.into(),
            ended_early: step == Step::TrialReviewed,
            ..Default::default()
        }
        .done(
            &self.state().onboarding_of(volunteer),
            volunteer,
            step,
            TODAY,
        )
        .unwrap();
        self.apply(edits);
    }

    /// Clears a volunteer for visits: criminal record assessed, confidentiality signed.
    pub fn clear(&mut self, volunteer: &str) {
        for step in [Step::CriminalRecordAssessed, Step::ConfidentialitySigned] {
            self.done(volunteer, step, "2026-01-02");
        }
    }

    pub fn apply(&mut self, edits: Vec<Edit>) {
        let mut changed = BTreeMap::new();
        for edit in edits {
            let op = edit.stamped(self.clock.now());
            // Every edit the app can make must pass the check a backup or sync applies.
            op.check().unwrap();
            let record = self
                .records
                .entry(op.record_key())
                .or_insert_with(|| Record::for_op(&op));
            record.apply(&op);
            changed.insert(record.key.clone(), record.clone());
            self.ops.push(op);
        }
        let changed: Vec<Record> = changed.into_values().collect();
        self.incremental.update(&self.records, &changed);
    }

    pub fn state(&self) -> ProgrammeState {
        let full = ProgrammeState::from_records(merge(&self.ops).values());
        assert_eq!(
            self.incremental, full,
            "the incrementally updated state differs from a full rebuild"
        );
        full
    }
}
