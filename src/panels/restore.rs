use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::backup::{Backup, BackupError, Preview, preview};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

use crate::chunks::{ChunkError, Later, in_chunk, within_patience};
use crate::i18n::{self, Key, fill, tr};
use crate::state::{ProgrammeStore, use_programme, use_settings};
use crate::storage::StorageError;

/// Where a restore has got to.
#[derive(Clone, PartialEq)]
enum Restore {
    Idle,
    /// The file is valid; this is what restoring it would do.
    Ready(Backup, Preview),
    Refused(BackupError),
    Failed(StorageError),
    /// The code that checks and restores a backup could not be fetched.
    Unfetched,
    /// Restored; so many changes with a far-ahead time were re-made.
    Done(usize),
}

async fn read_text(file: File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

// Checking and merging a backup come in a chunk of their own (see `crate::chunks`),
// fetched when a file is chosen.

in_chunk! {
    restore;
    /// Whether the file is a backup of this programme, and what restoring it would do.
    fn check(
        store: ProgrammeStore,
        text: String,
    ) -> Result<Result<(Backup, Preview), BackupError>, ChunkError> {
        Ok(Backup::parse(&text).and_then(|backup| {
            let programme = store.state.with_untracked(|s| s.programme.clone());
            let preview =
                store.with_records(|local| preview(local, programme.as_ref(), &backup))?;
            Ok((backup, preview))
        }))
    }
}

in_chunk! {
    restore;
    fn merge(store: ProgrammeStore, backup: Backup) -> Result<Later<Restore>, ChunkError> {
        Ok(Box::pin(async move {
            match store.merge(backup.ops).await {
                Ok(remade) => Restore::Done(remade),
                Err(error) => Restore::Failed(error),
            }
        }))
    }
}

/// Restoring a backup file: the file is checked first, what it would add or change is
/// shown, and only "Gendan" merges it, so newer data on this device is never overwritten.
#[component]
pub fn RestoreBackup() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let restore = RwSignal::new(Restore::Idle);
    let chosen = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        spawn_local(async move {
            let text = read_text(file).await.unwrap_or_default();
            input.set_value("");
            restore.set(match within_patience(check(store, text)).await {
                Ok(Ok((backup, preview))) => Restore::Ready(backup, preview),
                Ok(Err(error)) => Restore::Refused(error),
                Err(ChunkError) => Restore::Unfetched,
            });
        });
    };
    let confirm = move |_| {
        let Restore::Ready(backup, _) = restore.get_untracked() else {
            return;
        };
        spawn_local(async move {
            restore.set(match within_patience(merge(store, backup)).await {
                Ok(merging) => merging.await,
                Err(ChunkError) => Restore::Unfetched,
            });
        });
    };
    let report = move || {
        let lang = settings.lang.get();
        match restore.get() {
            Restore::Idle => None,
            Restore::Refused(error) => Some((true, refusal(&error, lang))),
            Restore::Failed(error) => {
                Some((true, tr(lang, i18n::storage_error(&error)).to_owned()))
            }
            Restore::Unfetched => Some((true, tr(lang, Key::ErrChunkRestore).to_owned())),
            Restore::Done(0) => Some((false, tr(lang, Key::Restored).to_owned())),
            Restore::Done(remade) => Some((
                false,
                format!(
                    "{} {}",
                    tr(lang, Key::Restored),
                    fill(tr(lang, Key::RestoredRemade), &[("n", &remade.to_string())])
                ),
            )),
            Restore::Ready(_, preview) => Some((false, summary(&preview, lang))),
        }
    };
    let ready =
        move || restore.with(|r| matches!(r, Restore::Ready(_, preview) if !preview.is_empty()));
    view! {
        <div class="field">
            <label for="restore-file">{move || settings.t(Key::RestoreFromFile)}</label>
            <input
                id="restore-file"
                data-testid="restore-file"
                class="file-input"
                type="file"
                accept="application/json,.json"
                on:change=chosen
            />
        </div>
        {move || {
            report()
                .map(|(is_error, text)| {
                    view! {
                        <p
                            class:form-error=is_error
                            class:restore-preview=!is_error
                            role=if is_error { "alert" } else { "status" }
                            data-testid="restore-report"
                        >
                            {text}
                        </p>
                    }
                })
        }}
        <Show when=ready>
            <button class="primary" data-testid="restore-confirm" on:click=confirm>
                {move || settings.t(Key::Restore)}
            </button>
        </Show>
    }
}

/// Why the file was refused, in the user's words.
fn refusal(error: &BackupError, lang: samskab_domain::Lang) -> String {
    match error {
        BackupError::Truncated => tr(lang, Key::BackupTruncated).to_owned(),
        BackupError::NotOurs => tr(lang, Key::BackupNotOurs).to_owned(),
        BackupError::Newer(version) => fill(
            tr(lang, Key::BackupNewer),
            &[("version", &version.to_string())],
        ),
        BackupError::Damaged { index, problem } => fill(
            tr(lang, Key::BackupDamaged),
            &[("n", &(index + 1).to_string()), ("problem", problem)],
        ),
        BackupError::OtherProgramme(name) => {
            fill(tr(lang, Key::BackupOtherProgramme), &[("name", name)])
        }
    }
}

/// "Tilføjer: 3 frivillige, 2 besøgsplaner. Opdaterer: 1 frivillige. …"
fn summary(preview: &Preview, lang: samskab_domain::Lang) -> String {
    if preview.is_empty() {
        return tr(lang, Key::RestoreNothing).to_owned();
    }
    let list = |counts: &std::collections::BTreeMap<samskab_domain::EntityKind, usize>| {
        counts
            .iter()
            .map(|(kind, n)| format!("{n} {}", tr(lang, i18n::kind_name(*kind))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    for (counts, key) in [
        (&preview.added, Key::RestoreAdds),
        (&preview.changed, Key::RestoreChanges),
        (&preview.removed, Key::RestoreRemoves),
    ] {
        if !counts.is_empty() {
            parts.push(fill(tr(lang, key), &[("list", &list(counts))]));
        }
    }
    if preview.kept_newer > 0 {
        parts.push(fill(
            tr(lang, Key::RestoreKeeps),
            &[("n", &preview.kept_newer.to_string())],
        ));
    }
    parts.join(" ")
}
