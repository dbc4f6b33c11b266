use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::reminders::Reminder;

use crate::i18n::{Key, fill, flag_text, tr};
use samskab_domain::screens::Screen;

use crate::state::{use_programme, use_reminders, use_role, use_settings};
use crate::time::{capitalised, format_date, visit_date, visit_hours};

/// What needs attention: visits today and tomorrow not yet recorded, visits of the coming
/// week that were cancelled, volunteers whose onboarding or follow-up is due, and the
/// coordinator's meetings of the coming two weeks. Each links to where it is dealt with.
#[component]
pub fn RemindersPage() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let reminders = use_reminders();
    let role = use_role();
    let items = move || {
        let lang = settings.lang.get();
        let rows: Vec<(String, Option<String>)> = state.with(|s| {
            let name = |id: &str| s.volunteer(id).map(|v| v.name.clone()).unwrap_or_default();
            reminders.with(|all| {
                all.iter()
                    .map(|reminder| match reminder {
                        Reminder::Visit {
                            occurrence,
                            tomorrow,
                        } => {
                            let key = if *tomorrow {
                                Key::ReminderTomorrow
                            } else {
                                Key::ReminderToday
                            };
                            let place = s
                                .partner(&occurrence.care_service)
                                .map(|p| p.name.clone())
                                .unwrap_or_default();
                            let text = fill(
                                tr(lang, key),
                                &[
                                    ("time", &visit_hours(occurrence)),
                                    ("name", &name(&occurrence.volunteer)),
                                    ("place", &place),
                                ],
                            );
                            let href = if settings.me.with(Option::is_some)
                                && role.may_open(Screen::Me, None)
                            {
                                Some("/mig".to_owned())
                            } else {
                                role.may_open(Screen::Visits, None)
                                    .then(|| "/besoeg".to_owned())
                            };
                            (text, href)
                        }
                        Reminder::Cancelled {
                            occurrence,
                            by,
                            reason,
                        } => {
                            let place = s
                                .partner(&occurrence.care_service)
                                .map(|p| p.name.clone())
                                .unwrap_or_default();
                            let when = format!(
                                "{} {}",
                                format_date(visit_date(occurrence), lang),
                                visit_hours(occurrence)
                            );
                            let key = if by.is_empty() {
                                Key::CancelledReminderAnon
                            } else {
                                Key::CancelledReminder
                            };
                            let mut text = capitalised(&fill(
                                tr(lang, key),
                                &[
                                    ("by", by),
                                    ("when", &when),
                                    ("name", &name(&occurrence.volunteer)),
                                    ("place", &place),
                                ],
                            ));
                            if !reason.is_empty() {
                                text = fill(
                                    tr(lang, Key::CancelledBecause),
                                    &[("text", &text), ("reason", reason)],
                                );
                            }
                            (
                                text,
                                role.may_open(Screen::Visits, None)
                                    .then(|| "/besoeg".to_owned()),
                            )
                        }
                        Reminder::Meeting(entry) => {
                            let key = if entry.overdue(crate::time::today()) {
                                Key::ReminderMeetingOverdue
                            } else {
                                Key::ReminderMeeting
                            };
                            let text = fill(
                                tr(lang, key),
                                &[
                                    ("title", &entry.meeting.title(lang)),
                                    ("date", &format_date(entry.date, lang)),
                                ],
                            );
                            (text, Some("/kalender".to_owned()))
                        }
                        Reminder::Volunteer { volunteer, flag } => (
                            format!("{}: {}", name(volunteer), flag_text(flag, lang)),
                            role.may_open(Screen::Volunteer, Some(volunteer))
                                .then(|| format!("/frivillige/{volunteer}")),
                        ),
                    })
                    .collect()
            })
        });
        rows.into_iter()
            .map(|(text, href)| {
                // Linked to where it is dealt with, where this role may go.
                let item = match href {
                    Some(href) => view! { <A href=href>{text}</A> }.into_any(),
                    None => text.into_any(),
                };
                view! { <li class="card reminder">{item}</li> }
            })
            .collect_view()
    };
    view! {
        <h1>{move || settings.t(Key::Reminders)}</h1>
        <Show when=move || reminders.with(Vec::is_empty)>
            <p class="muted">{move || settings.t(Key::NoReminders)}</p>
        </Show>
        <ul class="plain" data-testid="reminders">
            {items}
        </ul>
    }
}
