use chrono::Utc;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::backup::Backup;
use samskab_domain::entities::ProgrammeInput;
use samskab_domain::screens::Action;
use samskab_domain::{Field, Lang};

use crate::components::{FormError, TextField};
use crate::download::download;
use crate::i18n::{self, Key};
use crate::panels::{RestoreBackup, SharePanel};
use crate::state::{use_form, use_programme, use_pwa, use_role, use_settings};
use crate::time::date_input;

/// Language, this device's user, the programme's names, installing and storage.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let role = use_role();
    let pwa = use_pwa();
    let programme = store.state.with_untracked(|s| s.programme.clone());
    let municipality = RwSignal::new(
        programme
            .as_ref()
            .map(|p| p.municipality.clone())
            .unwrap_or_default(),
    );
    let coordinator = RwSignal::new(
        programme
            .as_ref()
            .map(|p| p.coordinator.clone())
            .unwrap_or_default(),
    );
    let form = use_form();
    let saved = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let Some(current) = store.state.with_untracked(|s| s.programme.clone()) else {
            return;
        };
        let input = ProgrammeInput {
            municipality: municipality.get_untracked(),
            coordinator: coordinator.get_untracked(),
        };
        form.save(input.update(&current), move || saved.set(true));
    };
    let backup_failed = RwSignal::new(None::<Key>);
    let save_backup = move |_| {
        spawn_local(async move {
            let saved = store.all_ops().await.map(|ops| {
                let now = Utc::now();
                let name = format!(
                    "samskab-sikkerhedskopi-{}.json",
                    date_input(now.date_naive())
                );
                if download(&name, "application/json", &Backup::new(ops, now).to_json()).is_ok() {
                    crate::storage::marker::backed_up(&now.to_rfc3339());
                    settings.backup_at.set(Some(now.to_rfc3339()));
                }
            });
            backup_failed.set(saved.err().map(|e| i18n::storage_error(&e)));
        });
    };
    let lang_options = Lang::ALL.map(|lang| {
        let label = match lang {
            Lang::Da => "Dansk",
            Lang::En => "English",
        };
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="lang"
                    prop:checked=move || settings.lang.get() == lang
                    on:change=move |_| settings.choose_lang(lang)
                />
                {label}
            </label>
        }
    });
    view! {
        <h1>{move || settings.t(Key::NavSettings)}</h1>
        <section class="card">
            <fieldset>
                <legend>{move || settings.t(Key::Language)}</legend>
                {lang_options.into_iter().collect_view()}
            </fieldset>
            // Saved as it is typed.
            <div data-saved-as-typed="">
                <TextField
                    label=Key::YourName
                    value=settings.my_name
                    problem=Signal::derive(|| None)
                    id="my-name"
                />
            </div>
        </section>
        // The programme's own details are the coordinator's to change.
        <Show when=move || role.may(Action::EditProgramme)>
            <section class="card" data-testid="programme-details">
                <h2>{move || settings.t(Key::Programme)}</h2>
                <form on:submit=submit novalidate>
                    <FormError message=form.message />
                    <TextField
                        label=Key::Municipality
                        value=municipality
                        problem=form.problem(Field::Municipality)
                        id="settings-municipality"
                    />
                    <TextField
                        label=Key::Coordinator
                        value=coordinator
                        problem=form.problem(Field::Coordinator)
                        id="settings-coordinator"
                    />
                    <button type="submit" class="primary">
                        {move || settings.t(Key::Save)}
                    </button>
                    <Show when=move || saved.get()>
                        <span role="status" class="saved">
                            {move || settings.t(Key::Saved)}
                        </span>
                    </Show>
                </form>
            </section>
        </Show>
        <SharePanel />
        <section class="card" data-testid="backup">
            <h2>{move || settings.t(Key::Backup)}</h2>
            <p class="muted">{move || settings.t(Key::BackupHint)}</p>
            <FormError message=backup_failed />
            <button data-testid="save-backup" on:click=save_backup>
                {move || settings.t(Key::SaveBackup)}
            </button>
            <RestoreBackup />
        </section>
        <section class="card">
            <h2>{move || settings.t(Key::InstallApp)}</h2>
            <Show
                when=move || pwa.can_install.get()
                fallback=move || view! { <p>{move || settings.t(Key::InstallHint)}</p> }
            >
                <button class="primary" on:click=move |_| pwa.install()>
                    {move || settings.t(Key::InstallApp)}
                </button>
            </Show>
            <p class="muted" data-testid="persisted">
                {move || {
                    settings
                        .t(
                            if pwa.persisted.get() == Some(true) {
                                Key::StoragePersisted
                            } else {
                                Key::StorageNotPersisted
                            },
                        )
                }}
            </p>
        </section>
    }
}
