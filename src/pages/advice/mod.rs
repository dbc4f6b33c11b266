mod advice_item;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use samskab_domain::screens::Screen;
use samskab_domain::{ADVICE, PartnerKind, progress};

use crate::components::ProgressBar;
use crate::i18n::Key;
use crate::pages::NotFound;
use crate::state::{use_programme, use_role, use_settings};
use advice_item::AdviceItem;

/// Choose the care service whose 10 pieces of good advice to tick off.
#[component]
pub fn AdviceIndex() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    let homes = move || {
        // A care service's device: its own advice (another's notes are not its to read).
        let homes: Vec<_> = state.with(|s| {
            s.partners_of(PartnerKind::CareService)
                .filter(|p| role.may_open(Screen::Advice, Some(&p.id)))
                .map(|p| {
                    (
                        p.id.clone(),
                        p.name.clone(),
                        progress::advice(s, p).unwrap_or_default(),
                    )
                })
                .collect()
        });
        homes
            .into_iter()
            .map(|(id, name, count)| {
                let link_text = name.clone();
                view! {
                    <li class="card">
                        <A href=format!("/raad/{id}")>{link_text}</A>
                        <ProgressBar label=name progress=count />
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{move || settings.t(Key::NavAdvice)}</h1>
        <Show
            when=move || state.with(|s| s.partners_of(PartnerKind::CareService).next().is_some())
            fallback=move || {
                view! {
                    <p class="card">
                        {move || settings.t(Key::NoCareServices)} " "
                        <A href="/parter">{move || settings.t(Key::GoToPartners)}</A>
                    </p>
                }
            }
        >
            <h2>{move || settings.t(Key::ChooseCareService)}</h2>
            <ul class="plain">{homes}</ul>
        </Show>
    }
}

/// One care service's checklist of the 10 pieces of good advice.
#[component]
pub fn AdvicePage() -> impl IntoView {
    let params = use_params_map();
    let state = use_programme().state;
    let settings = use_settings();
    let partner = Memo::new(move |_| {
        let id = params.with(|p| p.get("partner"))?;
        state.with(|s| {
            s.partner(&id)
                .filter(|p| p.kind == PartnerKind::CareService)
                .cloned()
        })
    });
    move || match partner.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(home) => {
            let id = home.id.clone();
            let count = Signal::derive(move || {
                state.with(|s| {
                    s.partner(&id)
                        .and_then(|p| progress::advice(s, p))
                        .unwrap_or_default()
                })
            });
            let items = ADVICE
                .iter()
                .map(|advice| view! { <AdviceItem partner_id=home.id.clone() advice=advice /> });
            view! {
                <p class="eyebrow">{move || settings.t(Key::NavAdvice)}</p>
                <h1>{home.name.clone()}</h1>
                <ProgressBar label=home.name.clone() progress=count />
                <ol class="advice-list">{items.collect_view()}</ol>
            }
            .into_any()
        }
    }
}
