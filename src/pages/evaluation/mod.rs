//! `/evaluering`: the evaluation (`samskab_domain::evaluation`): the follow-up
//! questions answered per partner in dated rounds, and the care services' evaluation
//! talks. The coordinator sees every partner's; a partner its own.

mod care_service_talks;
mod partner_rounds;
mod round_form;
mod talk_form;

use leptos::prelude::*;
use samskab_domain::PartnerKind;

use self::care_service_talks::CareServiceTalks;
use self::partner_rounds::PartnerRounds;
use crate::i18n::Key;
use crate::state::{use_programme, use_role, use_settings};

/// The evaluation: each partner's rounds of answers, then each care service's talks.
#[component]
pub fn EvaluationPage() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    // The partners this device evaluates: every one for the coordinator, else its own.
    let partners = Memo::new(move |_| {
        let own = role.subject();
        state.with(|s| {
            s.partners
                .iter()
                .filter(|p| own.as_ref().is_none_or(|own| *own == p.id))
                .map(|p| (p.id.clone(), p.kind))
                .collect::<Vec<_>>()
        })
    });
    let care_services = move || {
        partners
            .get()
            .into_iter()
            .filter(|(_, kind)| *kind == PartnerKind::CareService)
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };
    view! {
        <h1>{move || settings.t(Key::NavEvaluation)}</h1>
        <p>{move || settings.t(Key::EvaluationIntro)}</p>
        <section aria-labelledby="follow-ups-title" data-testid="follow-ups">
            <h2 id="follow-ups-title">{move || settings.t(Key::FollowUpTitle)}</h2>
            <For
                each=move || partners.get()
                key=|(id, _)| id.clone()
                children=move |(id, _)| view! { <PartnerRounds partner=id /> }
            />
        </section>
        <Show when=move || !care_services().is_empty()>
            <section aria-labelledby="talks-title" data-testid="talks">
                <h2 id="talks-title">{move || settings.t(Key::TalksTitle)}</h2>
                <p class="muted">{move || settings.t(Key::TalksIntro)}</p>
                <For
                    each=care_services
                    key=|id| id.clone()
                    children=move |id| view! { <CareServiceTalks care_service=id /> }
                />
            </section>
        </Show>
    }
}
