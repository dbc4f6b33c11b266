use std::time::Duration;

use chrono::{TimeDelta, Timelike, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use samskab_domain::board::{BoardVisit, Timing, board};
use samskab_domain::schedule::{copenhagen_date, copenhagen_local, hh_mm};

use crate::i18n::{Key, tr};
use crate::pages::NotFound;
use crate::state::{use_programme, use_settings};
use crate::time::{capitalised, format_date, visit_hours, weekday_date};

/// How often the board looks at the clock: the clock shows minutes, and "nu" / "næste"
/// move on with it.
const TICK: Duration = Duration::from_secs(20);

/// "Hvem kommer hvornår": the coming week's volunteer visits at one care service, in
/// large type for the common room, with a clock, what each volunteer plans, the visit
/// on now and the next one. Only first names are shown. Left open for days on a tablet,
/// it moves on by itself, across midnight too.
#[component]
pub fn Kiosk() -> impl IntoView {
    let params = use_params_map();
    let state = use_programme().state;
    let settings = use_settings();
    let now = RwSignal::new(Utc::now());
    if let Ok(timer) = set_interval_with_handle(move || now.set(Utc::now()), TICK) {
        on_cleanup(move || timer.clear());
    }
    // The time to the minute, so the board is rebuilt at most once a minute.
    let minute = Memo::new(move |_| {
        let at = now.get();
        at - TimeDelta::seconds(i64::from(at.second()))
            - TimeDelta::nanoseconds(i64::from(at.nanosecond()))
    });
    let shown = Memo::new(move |_| {
        let id = params.with(|p| p.get("partner")).unwrap_or_default();
        state.with(|s| board(s, &id, minute.get()))
    });
    move || match shown.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(shown) => {
            let lang = settings.lang.get();
            // The board's first day is today.
            let today = shown.days.first().map(|(day, _)| *day);
            let days = shown.days.into_iter().map(|(day, visits)| {
                // "I dag", then "I morgen, tirsdag 24. nov." and the weekdays.
                let label = if Some(day) == today {
                    tr(lang, Key::Today).to_owned()
                } else {
                    capitalised(&format_date(day, lang))
                };
                let rows = if visits.is_empty() {
                    view! { <li class="kiosk-empty">{tr(lang, Key::NobodyThisDay)}</li> }.into_any()
                } else {
                    visits
                        .into_iter()
                        .map(|v| row(v, lang))
                        .collect_view()
                        .into_any()
                };
                view! {
                    <section
                        class="kiosk-day"
                        class:today=Some(day) == today
                        data-testid=format!("kiosk-{day}")
                    >
                        <h2>{label}</h2>
                        <ul>{rows}</ul>
                    </section>
                }
            });
            view! {
                <div class="kiosk-board" data-testid="kiosk">
                    <header class="kiosk-head">
                        <h1>{tr(lang, Key::WhoComesWhen)} " · " {shown.care_service}</h1>
                        <p class="kiosk-clock" data-testid="kiosk-clock">
                            <span class="visually-hidden">{tr(lang, Key::BoardClock)} " "</span>
                            <time>{move || hh_mm(&copenhagen_local(now.get()))}</time>
                            <span class="kiosk-date">
                                {move || capitalised(
                                    &weekday_date(copenhagen_date(now.get()), lang),
                                )}
                            </span>
                        </p>
                    </header>
                    <div class="kiosk-days">{days.collect_view()}</div>
                </div>
            }
            .into_any()
        }
    }
}

/// One visit: the time, the first name, the photo beside it, what is planned, and "Nu" or
/// "Næste" in words (a visit that is over is greyed and says so to a screen reader).
fn row(visit: BoardVisit, lang: samskab_domain::Lang) -> impl IntoView {
    // The name is beside the photo, so the image itself is decorative.
    let photo = (!visit.photo.is_empty())
        .then(|| view! { <img class="kiosk-photo" src=visit.photo.clone() alt="" /> });
    let (timing, mark) = match visit.timing {
        Timing::Past => ("past", None),
        Timing::Now => ("now", Some(("kiosk-mark now", Key::BoardNow))),
        Timing::Next => ("next", Some(("kiosk-mark next", Key::BoardNext))),
        Timing::Later => ("later", None),
    };
    view! {
        <li class=format!("kiosk-visit {timing}") data-timing=timing>
            {photo}
            <div>
                <p class="kiosk-line">
                    {mark
                        .map(|(class, key)| {
                            view! {
                                <span class=class>{tr(lang, key)}</span>
                                " "
                            }
                        })} <span class="kiosk-time">{visit_hours(&visit.occurrence)}</span> " "
                    <span class="kiosk-name">{visit.first_name}</span>
                    {(visit.timing == Timing::Past)
                        .then(|| {
                            view! {
                                <span class="visually-hidden">" " {tr(lang, Key::BoardPast)}</span>
                            }
                        })}
                </p>
                {(!visit.activity.is_empty())
                    .then(|| view! { <p class="kiosk-activity">{visit.activity}</p> })}
            </div>
        </li>
    }
}
