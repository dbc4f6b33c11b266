use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::homes::{Column, pipeline};
use samskab_domain::onboarding::Stage;

use super::own_tasks::OwnTasks;
use crate::i18n::{Key, fill};
use crate::panels::NamePrompt;
use crate::state::{use_programme, use_role, use_settings};

/// One volunteer on the pipeline: who, where, what comes next; and for the network, how
/// to reach them.
#[derive(Clone, PartialEq)]
struct Card {
    id: String,
    name: String,
    homes: String,
    next: Option<String>,
    contact: String,
}

/// The volunteer centre's home: the volunteers across every care service from application
/// to referral to active, its own tasks per phase, and the network of active volunteers.
#[component]
pub fn Pipeline() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    let me = Signal::derive(move || role.subject().unwrap_or_default());
    let cards = Memo::new(move |_| {
        let lang = settings.lang.get();
        state.with(|s| {
            Column::ALL.map(|column| {
                pipeline(s, column)
                    .into_iter()
                    .map(|v| Card {
                        id: v.id.clone(),
                        name: v.name.clone(),
                        homes: v
                            .care_services
                            .iter()
                            .filter_map(|id| s.partner(id))
                            .map(|p| p.name.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        next: match s.stage_of(v) {
                            Stage::Onboarding(step) => Some(fill(
                                settings.t(Key::NextStep),
                                &[("step", step.label().get(lang))],
                            )),
                            _ => None,
                        },
                        contact: [v.phone.as_str(), v.email.as_str()]
                            .into_iter()
                            .filter(|c| !c.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let column = move |index: usize, column: Column| {
        let title = match column {
            Column::Applied => Key::ColumnApplied,
            Column::Referred => Key::ColumnReferred,
            Column::Active => Key::StageActive,
        };
        let list = move || {
            cards
                .with(|c| c[index].clone())
                .into_iter()
                .map(|card| {
                    let testid = format!("pipeline-{}", card.name);
                    view! {
                        <li class="card volunteer-card" data-testid=testid>
                            <A href=format!("/frivillige/{}", card.id)>{card.name}</A>
                            <p class="muted">{card.homes}</p>
                            {card.next.map(|n| view! { <p class="next-step">{n}</p> })}
                        </li>
                    }
                })
                .collect_view()
        };
        view! {
            <section class="board-column" data-testid=format!("column-{column:?}")>
                <h2>
                    {move || settings.t(title)} " "
                    <span class="count">{move || cards.with(|c| c[index].len())}</span>
                </h2>
                <ul class="plain">{list}</ul>
            </section>
        }
    };
    let network = move || {
        cards
            .with(|c| c[2].clone())
            .into_iter()
            .map(|card| {
                view! {
                    <li>
                        <strong>{card.name}</strong>
                        " · "
                        {card.homes}
                        {(!card.contact.is_empty())
                            .then(|| view! { <span class="muted">" · " {card.contact}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{move || settings.t(Key::NavPipeline)}</h1>
        // A partner's device (a tablet several may use) is asked once who uses it.
        <NamePrompt />
        <div class="grid board" data-testid="pipeline">
            {Column::ALL.into_iter().enumerate().map(|(i, c)| column(i, c)).collect_view()}
        </div>
        <p>
            <A href="/frivillige">{move || settings.t(Key::OpenVolunteers)}</A>
        </p>
        <OwnTasks partner=me />
        <section class="card" data-testid="network">
            <h2>{move || settings.t(Key::Network)}</h2>
            <p class="muted">{move || settings.t(Key::NetworkIntro)}</p>
            <ul class="plain">{network}</ul>
        </section>
    }
}
