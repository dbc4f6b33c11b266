use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::evaluation::talks;

use super::talk_form::TalkForm;
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_programme, use_settings};
use crate::time::format_date;

/// One care service's evaluation talks, the latest first (who took part as counts, what
/// came of it), and "Ny samtale".
#[component]
pub fn CareServiceTalks(care_service: String) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let adding = RwSignal::new(false);
    let name = {
        let id = care_service.clone();
        Signal::derive(move || {
            state.with(|s| s.partner(&id).map(|p| p.name.clone()).unwrap_or_default())
        })
    };
    let list = {
        let id = care_service.clone();
        move || {
            let lang = settings.lang.get();
            let found: Vec<_> =
                state.with(|s| talks(s, &id).into_iter().cloned().collect::<Vec<_>>());
            if found.is_empty() {
                return view! { <p class="muted">{settings.t(Key::NoTalks)}</p> }.into_any();
            }
            let items = found
                .into_iter()
                .map(|talk| {
                    let who = fill(
                        settings.t(Key::TalkWho),
                        &[
                            ("residents", &talk.residents.to_string()),
                            ("volunteers", &talk.volunteers.to_string()),
                            ("staff", &talk.staff.to_string()),
                        ],
                    );
                    let date = format_date(talk.date, lang);
                    let entity = talk.id();
                    let by = (!talk.by.is_empty())
                        .then(|| fill(settings.t(Key::TalkBy), &[("name", &talk.by)]));
                    view! {
                        <li class="talk">
                            <h4>{date}</h4>
                            <p class="muted">{who}</p>
                            <p>{talk.note}</p>
                            {by.map(|by| view! { <p class="muted">{by}</p> })}
                            <NoteConflicts kind=EntityKind::EvaluationTalk entity=entity />
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="plain">{items}</ul> }.into_any()
        }
    };
    let heading_id = format!("talks-{care_service}-title");
    let new_talk_id = format!("talks-{care_service}-new");
    view! {
        <article
            class="card"
            aria-labelledby=heading_id.clone()
            data-testid=move || format!("talks-{}", name.get())
        >
            <h3 id=heading_id.clone()>{move || name.get()}</h3>
            {list}
            <Show
                when=move || adding.get()
                fallback={
                    let id = new_talk_id.clone();
                    move || {
                        view! {
                            <button id=id.clone() on:click=move |_| adding.set(true)>
                                {move || settings.t(Key::NewTalk)}
                            </button>
                        }
                    }
                }
            >
                <TalkForm
                    care_service=care_service.clone()
                    on_done=Callback::new({
                        let id = new_talk_id.clone();
                        move |_| {
                            adding.set(false);
                            crate::focus::later(&id);
                        }
                    })
                />
            </Show>
        </article>
    }
}
