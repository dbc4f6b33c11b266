//! Writes a large, realistic programme as a Samskab backup file, for the scale benchmark
//! (`scripts/dev bench`): 100 care services, 20 companies, 2,000 volunteers in every
//! stage of onboarding, and about 50,000 visits over two years around `--today`, the past
//! ones mostly recorded as held. Deterministic: the same arguments give the same file.
//!
//!     cargo run --release -p samskab-domain --example scale_programme -- OUT.json 2026-11-23

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc};
use samskab_domain::backup::Backup;
use samskab_domain::entities::{PartnerInput, ProgrammeInput};
use samskab_domain::model::{CareKind, PartnerKind};
use samskab_domain::onboarding::{Onboarding, Status, Step, StepDone};
use samskab_domain::schedule::Recurrence;
use samskab_domain::visits::{HeldInput, VisitInput};
use samskab_domain::volunteers::{StepInput, Volunteer, VolunteerInput};
use samskab_domain::{Clock, DeviceId, Edit, Op, ProgrammeState, merge};

const CARE_SERVICES: usize = 100;
const COMPANIES: usize = 20;
const VOLUNTEERS: usize = 2_000;

/// A small deterministic generator (no dependency needed for a benchmark's data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn wall() -> uhlc::NTP64 {
    samskab_domain::clock::ntp64_from_unix_millis(1_763_900_000_000.0)
}

struct Writer {
    clock: Clock,
    ops: Vec<Op>,
}

impl Writer {
    fn apply(&mut self, edits: Vec<Edit>) {
        for edit in edits {
            self.ops.push(edit.stamped(self.clock.now()));
        }
    }

    fn id(&self) -> String {
        self.clock.now().to_string()
    }
}

const FIRST: [&str; 12] = [
    "Anna", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Hassan", "Ida", "Jonas",
    "Karin", "Lars",
];
const LAST: [&str; 10] = [
    "Berg",
    "Holm",
    "Jensen",
    "Nielsen",
    "Ravn",
    "Skov",
    "Thomsen",
    "Vang",
    "Østergaard",
    "Ali",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .expect("usage: scale_programme OUT.json YYYY-MM-DD");
    let today: NaiveDate = args
        .next()
        .and_then(|d| d.parse().ok())
        .expect("usage: scale_programme OUT.json YYYY-MM-DD");
    let mut rng = Lcg(2026);
    let mut w = Writer {
        clock: Clock::new(DeviceId::new(0x5ca1e).unwrap(), wall),
        ops: Vec::new(),
    };
    let clock = &w.clock;
    let edits = ProgrammeInput {
        municipality: "Storby Kommune".into(),
        coordinator: "Mette Koordinator".into(),
    }
    .create(|| clock.now().to_string())
    .unwrap();
    w.apply(edits);

    let partner = |kind, name: String, care_kind| PartnerInput {
        kind,
        name,
        care_kind,
        leader: "Lone Leder".into(),
        contact_person: "Karim Kontakt".into(),
        contact: "Sara Salg".into(),
        address: "Solvej 4, 8000 Aarhus C".into(),
        phone: "86 12 34 56".into(),
        email: String::new(),
    };
    let mut state = ProgrammeState::from_records(merge(&w.ops).values());
    let add_partner = |w: &mut Writer, state: &ProgrammeState, input: PartnerInput| {
        let id = w.id();
        w.apply(input.edits(&id, None, state).unwrap());
        id
    };
    add_partner(
        &mut w,
        &state,
        partner(
            PartnerKind::VolunteerCentre,
            "Frivilligcenter Storby".into(),
            None,
        ),
    );
    let kinds = [
        CareKind::Residential,
        CareKind::DayService,
        CareKind::DropIn,
    ];
    let homes: Vec<String> = (0..CARE_SERVICES)
        .map(|i| {
            let input = partner(
                PartnerKind::CareService,
                format!("Tilbud {i:03}"),
                Some(kinds[i % 3]),
            );
            add_partner(&mut w, &state, input)
        })
        .collect();
    let companies: Vec<String> = (0..COMPANIES)
        .map(|i| {
            let input = partner(PartnerKind::Company, format!("Virksomhed {i:02}"), None);
            add_partner(&mut w, &state, input)
        })
        .collect();
    // Validation only needs the partners, so one state serves every volunteer and visit.
    state = ProgrammeState::from_records(merge(&w.ops).values());

    let (from, to) = (today - Days::new(365), today + Days::new(365));
    let mut visits = 0;
    for i in 0..VOLUNTEERS {
        let id = w.id();
        let home = homes[i % CARE_SERVICES].clone();
        let mut care_services = vec![home.clone()];
        if rng.next(5) == 0 {
            care_services.push(homes[(i * 7 + 3) % CARE_SERVICES].clone());
        }
        let input = VolunteerInput {
            name: format!(
                "{} {} {i:04}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            ),
            phone: format!("{}", 20_000_000 + i),
            email: format!("frivillig{i}@example.dk"),
            care_services,
            company: (rng.next(3) == 0).then(|| companies[i % COMPANIES].clone()),
            skills: "iPad, videoopkald, NemID/MitID".into(),
            availability: "Hverdage efter kl. 16".into(),
        };
        w.apply(input.edits(&id, None, &state).unwrap());
        // Planning checks that the volunteer exists; only the latest one is needed.
        state.volunteers = vec![Volunteer {
            id: id.clone(),
            name: input.name.clone(),
            phone: input.phone.clone(),
            email: input.email.clone(),
            care_services: input.care_services.clone(),
            company: input.company.clone(),
            skills: String::new(),
            availability: String::new(),
            status: Status::Current,
            photo: String::new(),
        }];
        // Seven in ten are active; the rest are somewhere in onboarding.
        let steps_done = if rng.next(10) < 7 {
            Step::ALL.len()
        } else {
            rng.next(Step::ALL.len() as u64) as usize
        };
        let started = today - Days::new(30 + rng.next(700));
        let mut onboarding = Onboarding::default();
        for (n, step) in Step::ALL.into_iter().take(steps_done).enumerate() {
            // A week apart; the trial's review at the trial's end (early if that is
            // still to come).
            let on = match (step, onboarding.trial_end()) {
                (Step::TrialReviewed, Some(end)) => end.min(today),
                _ => (started + Days::new(7 * n as u64)).min(today),
            };
            let input = StepInput {
                by: "Lone Leder".into(),
                on: on.to_string(),
                note: String::new(),
                ended_early: onboarding.review_from().is_some_and(|from| on < from),
            };
            w.apply(input.done(&onboarding, &id, step, today).unwrap());
            onboarding.done.insert(
                step,
                StepDone {
                    by: input.by,
                    on,
                    note: String::new(),
                    ended_early: input.ended_early,
                },
            );
        }
        let cleared = onboarding.is_cleared();
        state.onboarding = [(id.clone(), onboarding)].into();
        // A monthly visit over the two years, and one extra one-off visit.
        let weekday_offset = rng.next(7);
        let plans = [
            (
                from + Days::new(weekday_offset),
                Recurrence::MonthlyWeekday,
                Some(to),
            ),
            (from + Days::new(rng.next(730)), Recurrence::Once, None),
        ];
        for (first, recurrence, until) in plans {
            let series = w.id();
            let hour = 9 + rng.next(8);
            let planned = VisitInput {
                volunteer: id.clone(),
                care_service: home.clone(),
                first: first.to_string(),
                start: format!("{hour:02}:00"),
                end: format!("{:02}:30", hour + 1),
                recurrence: Some(recurrence),
                until: until.map(|u| u.to_string()).unwrap_or_default(),
                activity: "IT-café".into(),
                // The few booked before they were cleared, by the coordinator's leave.
                allowed_uncleared_by: if cleared { "" } else { "Mette" }.into(),
            }
            .plan(&series, &state, from, to)
            .unwrap();
            let occurrences = planned.series.occurrences(from, to);
            visits += occurrences.len();
            w.apply(planned.edits);
            // Nine in ten past visits were recorded as held.
            for o in occurrences.iter().filter(|o| o.original_date < today) {
                if rng.next(10) < 9 {
                    let held = HeldInput {
                        hours: "1,5".into(),
                        residents: (1 + rng.next(6)).to_string(),
                        note: String::new(),
                    };
                    w.apply(held.edits(&series, o.original_date).unwrap());
                }
            }
        }
    }
    let created = Utc
        .with_ymd_and_hms(today.year(), today.month(), today.day(), 8, 0, 0)
        .unwrap();
    let ops = w.ops.len();
    std::fs::write(&out, Backup::new(w.ops, created).to_json()).expect("write the file");
    eprintln!(
        "scale programme: {CARE_SERVICES} care services, {VOLUNTEERS} volunteers, {visits} visits, {ops} operations -> {out}"
    );
}
