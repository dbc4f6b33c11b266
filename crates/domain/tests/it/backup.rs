//! Backups: writing, the checks a restore makes first, and its preview.

use crate::common::Fixture;
use chrono::{TimeZone, Utc};
use samskab_domain::backup::{Backup, BackupError, preview};
use samskab_domain::volunteers::VolunteerInput;
use samskab_domain::{EntityKind, ProgrammeState, merge};
use serde_json::json;

fn backup_of(f: &Fixture) -> Backup {
    Backup::new(
        f.ops.clone(),
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
    )
}

fn with_anna() -> (Fixture, String, String) {
    let (mut f, home, _) = Fixture::new();
    let anna = f.add_volunteer("Anna Berg", &home);
    (f, home, anna)
}

#[test]
fn a_backup_reads_back_as_written() {
    let (f, _, _) = with_anna();
    let backup = backup_of(&f);
    assert_eq!(Backup::parse(&backup.to_json()), Ok(backup));
}

#[test]
fn a_file_that_is_truncated_newer_or_not_ours_is_refused() {
    let (f, _, _) = with_anna();
    let text = backup_of(&f).to_json();
    assert_eq!(
        Backup::parse(&text[..text.len() / 2]),
        Err(BackupError::Truncated)
    );
    for not_ours in [
        "",
        "hello",
        "{}",
        "[1,2]",
        r#"{"format":"pouchdb","version":1}"#,
    ] {
        let got = Backup::parse(not_ours);
        assert!(
            matches!(got, Err(BackupError::NotOurs | BackupError::Truncated)),
            "{not_ours:?}: {got:?}"
        );
    }
    let mut newer: serde_json::Value = serde_json::from_str(&text).unwrap();
    newer["version"] = json!(2);
    assert_eq!(
        Backup::parse(&newer.to_string()),
        Err(BackupError::Newer(2))
    );
}

#[test]
fn a_damaged_operation_is_named_and_nothing_is_taken() {
    let (f, _, _) = with_anna();
    let good: serde_json::Value = serde_json::from_str(&backup_of(&f).to_json()).unwrap();
    let damage = |index: usize, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut file = good.clone();
        edit(&mut file["ops"][index]);
        Backup::parse(&file.to_string())
    };
    type Damage<'a> = &'a dyn Fn(&mut serde_json::Value);
    let cases: [(&str, Damage); 5] = [
        ("unknown kind", &|op| op["kind"] = json!("resident")),
        ("unknown field", &|op| op["change"]["field"] = json!("cpr")),
        ("huge value", &|op| {
            op["change"]["value"] = json!("x".repeat(70_000))
        }),
        ("bad stamp", &|op| op["stamp"] = json!("yesterday")),
        ("empty id", &|op| op["entity"] = json!("")),
    ];
    for (what, edit) in cases {
        match damage(3, edit) {
            Err(BackupError::Damaged { index: 3, .. }) => {}
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn the_preview_counts_what_is_added_changed_and_kept() {
    let (mut f, home, anna) = with_anna();
    let old_backup = backup_of(&f);

    // Into an empty device: everything is added.
    let empty = Default::default();
    let fresh = preview(&empty, None, &old_backup).unwrap();
    assert_eq!(fresh.added[&EntityKind::Programme], 1);
    assert_eq!(fresh.added[&EntityKind::Partner], 3);
    assert_eq!(fresh.added[&EntityKind::Volunteer], 1);
    assert!(fresh.changed.is_empty() && fresh.kept_newer == 0);

    // The device renamed Anna after the backup: restoring keeps the newer name.
    let state = f.state();
    let renamed = VolunteerInput {
        name: "Anna Berg Holm".into(),
        ..VolunteerInput::from_volunteer(state.volunteer(&anna).unwrap())
    };
    f.apply(
        renamed
            .edits(&anna, state.volunteer(&anna), &state)
            .unwrap(),
    );
    let device = merge(&f.ops);
    let programme = ProgrammeState::from_records(device.values()).programme;
    let stale = preview(&device, programme.as_ref(), &old_backup).unwrap();
    assert!(stale.is_empty(), "{stale:?}");
    assert_eq!(stale.kept_newer, 1);
    let mut restored = device.clone();
    for op in &old_backup.ops {
        restored.get_mut(&op.record_key()).unwrap().apply(op);
    }
    assert_eq!(
        ProgrammeState::from_records(restored.values())
            .volunteer(&anna)
            .unwrap()
            .name,
        "Anna Berg Holm"
    );

    // A device that is behind the backup sees the change, and a new volunteer added.
    let behind = merge(&old_backup.ops);
    f.add_volunteer("Bo Holm", &home);
    let ahead = backup_of(&f);
    let catch_up = preview(&behind, programme.as_ref(), &ahead).unwrap();
    assert_eq!(catch_up.changed[&EntityKind::Volunteer], 1);
    assert_eq!(catch_up.added[&EntityKind::Volunteer], 1);
}

#[test]
fn a_backup_of_another_programme_is_refused() {
    let (f, _, _) = with_anna();
    let other = Fixture::programme_on(5);
    let device = merge(&other.ops);
    let programme = ProgrammeState::from_records(device.values()).programme;
    assert_eq!(
        preview(&device, programme.as_ref(), &backup_of(&f)),
        Err(BackupError::OtherProgramme("Aarhus Kommune".into()))
    );
}
