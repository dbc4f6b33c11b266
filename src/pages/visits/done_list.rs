use chrono::NaiveDate;
use leptos::prelude::*;
use samskab_domain::csv::{self, Format, VisitFilter};
use samskab_domain::visits::{Outcome, Period, done_between};

use crate::components::{CsvDownload, PAGE_SIZE, ShowMore};
use crate::i18n::{Key, cancelled_by, fill, tr};
use crate::state::{use_programme, use_role, use_settings};
use crate::time::{format_hours, format_period, visit_when};

/// One line of the list, as shown.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    key: (String, NaiveDate),
    when: String,
    who_where: String,
    held: bool,
    /// What was recorded, or who cancelled and why; empty where this device may not know.
    what: String,
    note: String,
}

/// Held and cancelled visits of a week or a month, newest first, with what came of
/// each and the period's totals: the visits do not vanish once they are over.
#[component]
pub fn DoneList(
    /// The care service to show ("" is every one).
    care_service: RwSignal<String>,
    /// Only this volunteer's visits, when set.
    #[prop(into)]
    only: Signal<Option<String>>,
) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    let period = RwSignal::new(Period::Week);
    let day = RwSignal::new(crate::time::today());
    let shown = RwSignal::new(PAGE_SIZE);
    let listed = Memo::new(move |_| {
        let lang = settings.lang.get();
        let (from, to) = period.get().bounds(day.get());
        let (home, only) = (care_service.get(), only.get());
        state.with(|s| {
            let keep = |series: &samskab_domain::schedule::VisitSeries| {
                (home.is_empty() || series.care_service == home)
                    && only.as_ref().is_none_or(|me| *me == series.volunteer)
            };
            let (mut hours, mut residents) = (0.0, 0);
            let rows: Vec<Row> = done_between(s, keep, from, to)
                .into_iter()
                .map(|done| {
                    let o = &done.occurrence;
                    let volunteer = s
                        .volunteer(&o.volunteer)
                        .map(|v| v.name.clone())
                        .unwrap_or_default();
                    let place = s
                        .partner(&o.care_service)
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    // A colleague's visit on a volunteer's phone: that it was held or
                    // called off, nothing more.
                    let knows = role.may_record_visit_of(&o.volunteer);
                    let (held, what, note) = match done.outcome {
                        Outcome::Held(h) if knows => {
                            hours += h.hours();
                            residents += h.residents;
                            let what = fill(
                                tr(lang, Key::HeldSummary),
                                &[
                                    ("hours", &format_hours(h.hours())),
                                    ("residents", &h.residents.to_string()),
                                ],
                            );
                            (true, what, h.note.clone())
                        }
                        Outcome::Held(_) => (true, tr(lang, Key::Held).into(), String::new()),
                        Outcome::Cancelled(c) => (false, cancelled_by(c, lang), c.reason.clone()),
                    };
                    Row {
                        key: (o.series.clone(), o.original_date),
                        when: visit_when(o, lang),
                        who_where: format!("{volunteer} · {place}"),
                        held,
                        what,
                        note,
                    }
                })
                .collect();
            let cancelled = rows.iter().filter(|r| !r.held).count();
            let totals = fill(
                tr(lang, Key::DoneTotals),
                &[
                    ("held", &(rows.len() - cancelled).to_string()),
                    ("hours", &format_hours(hours)),
                    ("residents", &residents.to_string()),
                    ("cancelled", &cancelled.to_string()),
                ],
            );
            (rows, totals)
        })
    });
    let go = move |steps: i32| {
        day.update(|d| *d = period.get_untracked().step(*d, steps));
        shown.set(PAGE_SIZE);
    };
    let choose = move |p: Period| {
        period.set(p);
        shown.set(PAGE_SIZE);
    };
    let period_button = move |p: Period, label: Key| {
        view! {
            <button
                type="button"
                aria-pressed=move || (period.get() == p).to_string()
                on:click=move |_| choose(p)
            >
                {move || settings.t(label)}
            </button>
        }
    };
    // The same week or month, care service and volunteer as the list.
    let visits_csv = Callback::new(move |()| {
        let (home, only) = (care_service.get_untracked(), only.get_untracked());
        let filter = VisitFilter::period(
            period.get_untracked(),
            day.get_untracked(),
            Some(home.as_str()).filter(|h| !h.is_empty()),
            only.as_deref(),
        );
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::visits(s, filter, role.access_untracked().as_ref(), format))
    });
    view! {
        <section class="card" data-testid="done-visits">
            <h2>{move || settings.t(Key::DoneVisits)}</h2>
            <div class="actions" role="group" aria-label=move || settings.t(Key::Period)>
                {period_button(Period::Week, Key::Week)}
                {period_button(Period::Month, Key::Month)}
            </div>
            <div class="period-nav">
                <button
                    type="button"
                    on:click=move |_| go(-1)
                    aria-label=move || settings.t(Key::PreviousPeriod)
                >
                    "‹"
                </button>
                <p class="period" aria-live="polite" data-testid="done-period">
                    {move || format_period(period.get(), day.get(), settings.lang.get())}
                </p>
                <button
                    type="button"
                    on:click=move |_| go(1)
                    aria-label=move || settings.t(Key::NextPeriod)
                >
                    "›"
                </button>
            </div>
            <p data-testid="done-totals">{move || listed.with(|(_, totals)| totals.clone())}</p>
            <Show when=move || listed.with(|(rows, _)| rows.is_empty())>
                <p class="muted">{move || settings.t(Key::NoDoneVisits)}</p>
            </Show>
            <ul class="plain visit-list">
                <For
                    each=move || {
                        listed
                            .with(|(rows, _)| {
                                rows.iter().take(shown.get()).cloned().collect::<Vec<_>>()
                            })
                    }
                    key=|row| row.clone()
                    children=|row| {
                        view! {
                            <li
                                class="visit"
                                class:cancelled=!row.held
                                data-testid=format!("done-{}", row.key.1)
                            >
                                <p class="visit-when">
                                    <strong>{row.when}</strong>
                                </p>
                                <p>{row.who_where}</p>
                                <p class="tick-meta">{row.what}</p>
                                {(!row.note.is_empty())
                                    .then(|| view! { <p class="note">{row.note}</p> })}
                            </li>
                        }
                    }
                />
            </ul>
            <ShowMore
                total=Signal::derive(move || listed.with(|(rows, _)| rows.len()))
                shown=shown
            />
            <CsvDownload
                name=Signal::derive(move || {
                    let (from, to) = period.get().bounds(day.get());
                    format!("samskab-besoeg-{from}-{to}")
                })
                content=visits_csv
                testid="done-visits-csv"
            />
        </section>
    }
}
