use chrono::{Days, Local, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use samskab_domain::PartnerKind;
use samskab_domain::visits::visits_at;

use crate::i18n::{Key, tr};
use crate::pages::NotFound;
use crate::state::{use_programme, use_settings};
use crate::time::{capitalised, format_date, visit_date, visit_hours};

const DAYS: u64 = 7;

/// "Hvem kommer hvornår": the coming week's volunteer visits at one care service, in
/// large type for the common room. Only first names are shown.
#[component]
pub fn Kiosk() -> impl IntoView {
    let params = use_params_map();
    let state = use_programme().state;
    let settings = use_settings();
    let week = Memo::new(move |_| {
        let id = params.with(|p| p.get("partner")).unwrap_or_default();
        let today = Local::now().date_naive();
        let last = today.checked_add_days(Days::new(DAYS - 1)).unwrap_or(today);
        state.with(|s| {
            let home = s
                .partner(&id)
                .filter(|p| p.kind == PartnerKind::CareService)?;
            let mut visits: Vec<(NaiveDate, String, String, String)> =
                visits_at(s, &id, today, last)
                    .into_iter()
                    // Only volunteers cleared for visits appear before the residents.
                    .filter(|o| s.is_cleared(&o.volunteer))
                    .filter_map(|o| {
                        let volunteer = s.volunteer(&o.volunteer)?;
                        Some((
                            visit_date(&o),
                            visit_hours(&o),
                            volunteer.first_name().to_owned(),
                            volunteer.photo.clone(),
                        ))
                    })
                    .collect();
            visits.sort();
            Some((home.name.clone(), today, visits))
        })
    });
    move || match week.get() {
        None => view! { <NotFound /> }.into_any(),
        Some((home, today, visits)) => {
            let lang = settings.lang.get();
            let days = (0..DAYS)
                .filter_map(|i| today.checked_add_days(Days::new(i)))
                .map(|day| {
                    // "I dag", then "I morgen, tirsdag 24. nov." and the weekdays.
                    let label = if day == today {
                        tr(lang, Key::Today).to_owned()
                    } else {
                        capitalised(&format_date(day, lang))
                    };
                    let rows: Vec<_> = visits
                        .iter()
                        .filter(|(d, ..)| *d == day)
                        .map(|(_, time, name, photo)| {
                            // The name is beside the photo, so the image itself is decorative.
                            let photo = (!photo.is_empty()).then(
                                || view! { <img class="kiosk-photo" src=photo.clone() alt="" /> },
                            );
                            view! {
                                <li>
                                    {photo}<span class="kiosk-time">{time.clone()}</span>" "
                                    <span class="kiosk-name">{name.clone()}</span>
                                </li>
                            }
                        })
                        .collect();
                    let empty = rows.is_empty().then(
                        || view! { <li class="kiosk-empty">{tr(lang, Key::NobodyThisDay)}</li> },
                    );
                    view! {
                        <section
                            class="kiosk-day"
                            class:today=day == today
                            data-testid=format!("kiosk-{day}")
                        >
                            <h2>{label}</h2>
                            <ul>{rows}{empty}</ul>
                        </section>
                    }
                });
            view! {
                <div class="kiosk-board" data-testid="kiosk">
                    <h1>{tr(lang, Key::WhoComesWhen)} " · " {home}</h1>
                    <div class="kiosk-days">{days.collect_view()}</div>
                </div>
            }
            .into_any()
        }
    }
}
