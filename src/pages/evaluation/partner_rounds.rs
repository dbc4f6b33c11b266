use leptos::prelude::*;
use samskab_domain::evaluation::{Question, rounds};

use super::round_form::RoundForm;
use crate::i18n::{Key, fill};
use crate::state::{use_programme, use_settings};
use crate::time::format_date;

/// One partner's rounds of answers: the latest beside the one before (a question per
/// row), older rounds folded away, and "Ny runde".
#[component]
pub fn PartnerRounds(partner: String) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let adding = RwSignal::new(false);
    let name = {
        let partner = partner.clone();
        Signal::derive(move || {
            state.with(|s| {
                s.partner(&partner)
                    .map(|p| p.name.clone())
                    .unwrap_or_default()
            })
        })
    };
    let found = {
        let partner = partner.clone();
        Memo::new(move |_| {
            state.with(|s| rounds(s, &partner).into_iter().cloned().collect::<Vec<_>>())
        })
    };
    let heading_id = format!("rounds-{partner}-title");
    let table = move || {
        let lang = settings.lang.get();
        let all = found.get();
        if all.is_empty() {
            return view! { <p class="muted">{settings.t(Key::NoRounds)}</p> }.into_any();
        }
        let shown: Vec<_> = all.iter().take(2).cloned().collect();
        let dates = shown
            .iter()
            .map(|r| {
                let date = format_date(r.date, lang);
                let by =
                    (!r.by.is_empty()).then(|| fill(settings.t(Key::RoundBy), &[("name", &r.by)]));
                view! {
                    <th scope="col">
                        {date} {by.map(|by| view! { <span class="muted round-by">{by}</span> })}
                    </th>
                }
            })
            .collect_view();
        let rows = Question::ALL
            .iter()
            .map(|q| {
                let cells = shown
                    .iter()
                    .map(|r| view! { <td>{r.answer(*q).to_owned()}</td> })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{q.text().get(lang)}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let older: Vec<_> = all.iter().skip(2).cloned().collect();
        let earlier = (!older.is_empty()).then(|| {
            let summary = fill(
                settings.t(Key::EarlierRounds),
                &[("n", &older.len().to_string())],
            );
            let items = older
                .into_iter()
                .map(|r| {
                    let date = format_date(r.date, lang);
                    let answers = Question::ALL
                        .iter()
                        .filter(|q| !r.answer(**q).is_empty())
                        .map(|q| {
                            view! {
                                <dt>{q.text().get(lang)}</dt>
                                <dd>{r.answer(*q).to_owned()}</dd>
                            }
                        })
                        .collect_view();
                    view! {
                        <h4>{date}</h4>
                        <dl>{answers}</dl>
                    }
                })
                .collect_view();
            view! {
                <details class="earlier-rounds">
                    <summary>{summary}</summary>
                    {items}
                </details>
            }
        });
        view! {
            <table class="data-table rounds">
                <thead>
                    <tr>
                        <th scope="col">{settings.t(Key::Question)}</th>
                        {dates}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {earlier}
        }
        .into_any()
    };
    let new_round_id = format!("rounds-{partner}-new");
    view! {
        <article
            class="card"
            aria-labelledby=heading_id.clone()
            data-testid=move || format!("rounds-{}", name.get())
        >
            <h3 id=heading_id.clone()>{move || name.get()}</h3>
            {table}
            <Show
                when=move || adding.get()
                fallback={
                    let id = new_round_id.clone();
                    move || {
                        view! {
                            <button id=id.clone() on:click=move |_| adding.set(true)>
                                {move || settings.t(Key::NewRound)}
                            </button>
                        }
                    }
                }
            >
                <RoundForm
                    partner=partner.clone()
                    on_done=Callback::new({
                        let id = new_round_id.clone();
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
