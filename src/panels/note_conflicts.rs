use leptos::prelude::*;
use samskab_domain::op::record_key;
use samskab_domain::schema::NOTE;
use samskab_domain::{Edit, EntityKind};

use crate::components::FormError;
use crate::i18n::Key;
use crate::state::{use_form, use_programme, use_settings};

/// The texts another device wrote into a note at the same time as the one shown (sync
/// keeps them, see docs/sync.md), each with "use this one", and "keep the one above".
/// Either choice settles them on every device.
#[component]
pub fn NoteConflicts(kind: EntityKind, entity: String) -> impl IntoView {
    let store = use_programme();
    let form = use_form();
    let settings = use_settings();
    let key = StoredValue::new(record_key(kind, &entity));
    let entity = StoredValue::new(entity);
    let versions = Memo::new(move |_| {
        store.state.track();
        store.with_records(|records| {
            records
                .get(key.read_value().as_str())
                .map_or_else(Vec::new, |record| {
                    record
                        .conflicts(NOTE)
                        .iter()
                        .filter_map(|v| v.value.as_str().map(str::to_owned))
                        .collect::<Vec<_>>()
                })
        })
    });
    let shown = move || {
        store.with_records(|r| {
            r.get(key.read_value().as_str())
                .and_then(|r| r.str(NOTE))
                .unwrap_or_default()
                .to_owned()
        })
    };
    let choose = move |text: String| {
        // Written seeing every version, so it settles them.
        let edit = Edit::set(kind, &entity.read_value(), NOTE, text);
        // A failed write is taken back on screen and says why; the versions stay to
        // choose again.
        form.save(Ok(vec![edit]), || ());
    };
    view! {
        <Show when=move || !versions.with(Vec::is_empty)>
            <div
                class="note-conflicts"
                data-testid="note-conflicts"
                role="group"
                aria-label=move || settings.t(Key::OtherVersion)
            >
                <p>{move || settings.t(Key::OtherVersion)}</p>
                <FormError message=form.message />
                <For each=move || versions.get() key=|text| text.clone() let:text>
                    <blockquote class="tick-note">{text.clone()}</blockquote>
                    <button type="button" on:click=move |_| choose(text.clone())>
                        {move || settings.t(Key::UseThisVersion)}
                    </button>
                </For>
                <button type="button" on:click=move |_| choose(shown())>
                    {move || settings.t(Key::KeepShownVersion)}
                </button>
            </div>
        </Show>
    }
}
