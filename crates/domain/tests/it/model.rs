//! The model's content: complete, in both languages, with stable ids.

use std::collections::HashSet;

use samskab_domain::model::{self, ADVICE, Lang, PHASES, PartnerKind, Text};

#[test]
fn there_are_five_phases_numbered_in_order() {
    let numbers: Vec<u8> = PHASES.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
}

#[test]
fn every_phase_has_tasks_for_every_partner_kind() {
    for phase in &PHASES {
        for kind in PartnerKind::ALL {
            assert!(
                phase.tasks_for(kind).count() >= 2,
                "phase {} has too few tasks for {kind:?}",
                phase.number
            );
        }
        assert!(!phase.tips.is_empty(), "phase {} has no tips", phase.number);
    }
}

#[test]
fn task_ids_name_their_phase_and_partner_kind() {
    for phase in &PHASES {
        for task in phase.tasks {
            assert!(
                task.id
                    .starts_with(&format!("{}.{}.", phase.id, task.partner.key())),
                "{}",
                task.id
            );
        }
        for tip in phase.tips {
            assert!(
                tip.id.starts_with(&format!("{}.tip.", phase.id)),
                "{}",
                tip.id
            );
        }
    }
}

#[test]
fn there_are_ten_pieces_of_advice_numbered_in_order() {
    let numbers: Vec<u8> = ADVICE.iter().map(|a| a.number).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<u8>>());
    for advice in &ADVICE {
        assert!(
            advice
                .id
                .starts_with(&format!("advice.{:02}.", advice.number)),
            "{}",
            advice.id
        );
    }
}

fn every_text() -> Vec<(&'static str, Text)> {
    let mut texts = Vec::new();
    for phase in &PHASES {
        texts.push((phase.id, phase.title));
        texts.push((phase.id, phase.focus));
        texts.push((phase.id, phase.intro));
        texts.extend(phase.tasks.iter().map(|t| (t.id, t.text)));
        texts.extend(phase.tips.iter().map(|t| (t.id, t.text)));
    }
    for advice in &ADVICE {
        texts.push((advice.id, advice.title));
        texts.push((advice.id, advice.practice));
    }
    texts
}

#[test]
fn every_text_exists_in_danish_and_english() {
    for (id, text) in every_text() {
        for lang in Lang::ALL {
            let s = text.get(lang);
            assert!(!s.trim().is_empty(), "{id} has no {lang:?} text");
            assert_eq!(s, s.trim(), "{id} has stray white space");
        }
        assert_ne!(text.da, text.en, "{id} is not translated");
    }
}

#[test]
fn the_domain_facts_are_covered() {
    let danish: String = every_text()
        .iter()
        .map(|(_, t)| t.da)
        .collect::<Vec<_>>()
        .join("\n");
    for fact in [
        "straffeattest",
        "tavshedspligt",
        "samarbejdsaftale",
        "politisk opbakning",
        "kontaktperson",
        "prøveperiode",
        "3 måneder",
        "hvert halve år",
        "byrådet",
        "0,2 årsværk",
        "tovholder",
        "spaghettidiagram",
    ] {
        assert!(danish.contains(fact), "no text mentions {fact:?}");
    }
    assert_eq!(
        model::task("p3.care_service.criminal_record").map(|t| t.partner),
        Some(PartnerKind::CareService)
    );
    assert!(model::advice("advice.01.know_when").is_some());
    assert!(model::phase(6).is_none());
}

#[test]
fn ids_are_unique() {
    let ids = model::all_ids();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
}

/// Ticks on other devices refer to these ids. Renaming one orphans those ticks, so a
/// change here must be deliberate: add new ids, never rename or remove old ones.
#[test]
fn ids_match_the_committed_list() {
    let committed = include_str!("ids.txt");
    let committed: Vec<&str> = committed.lines().filter(|l| !l.is_empty()).collect();
    let current = model::all_ids();
    let missing: Vec<_> = committed
        .iter()
        .filter(|id| !current.contains(id))
        .collect();
    let added: Vec<_> = current
        .iter()
        .filter(|id| !committed.contains(id))
        .collect();
    assert!(missing.is_empty(), "ids removed or renamed: {missing:?}");
    assert!(
        added.is_empty(),
        "new ids must be added to tests/it/ids.txt: {added:?}"
    );
}

#[test]
fn a_device_that_has_not_chosen_reads_its_own_language_or_english() {
    assert_eq!(Lang::of_device(["da-DK", "en-US"]), Lang::Da);
    assert_eq!(Lang::of_device(["en-GB", "da"]), Lang::En);
    // The first of the two the app speaks decides, after any it does not.
    assert_eq!(Lang::of_device(["de-DE", "da", "en"]), Lang::Da);
    assert_eq!(Lang::of_device(["fr", "en", "da"]), Lang::En);
    // Norwegian and Swedish readers read Danish.
    assert_eq!(Lang::of_device(["nb-NO"]), Lang::Da);
    assert_eq!(Lang::of_device(["sv_SE"]), Lang::Da);
    assert_eq!(Lang::of_device(["fo-FO", "en"]), Lang::Da);
    assert_eq!(Lang::of_device(["kl"]), Lang::Da);
    // Neither: English; nothing said: Danish, the app's own.
    assert_eq!(Lang::of_device(["ar", "tr"]), Lang::En);
    assert_eq!(Lang::of_device([]), Lang::Da);
    assert_eq!(Lang::of_device(["DA"]), Lang::Da);
    assert_eq!(Lang::of_device(["dan"]), Lang::En);
}
