//! `/kalender`: the coordinator's calendar (`samskab_domain::calendar`): the guide's
//! meetings of the year, dated from the programme's start.

mod meeting_item;
mod start_form;

use leptos::prelude::*;
use samskab_domain::calendar::{FRAME, calendar};

use self::meeting_item::MeetingItem;
use self::start_form::StartForm;
use crate::i18n::{Key, fill};
use crate::state::{use_programme, use_settings};
use crate::time::{format_date, today};

/// The coordinator's calendar: the frame the guide sets (0.2 of a post for a year), the
/// programme's start (asked for first), and each meeting with its date, note and tick.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let start = Memo::new(move |_| state.with(|s| s.programme.as_ref().and_then(|p| p.start)));
    let entries = Memo::new(move |_| state.with(|s| calendar(s, today())));
    // The start's form: open while there is no start, and when asked for; it stays until
    // its save has finished (the start it stores would otherwise take it away mid-save).
    let changing_start = RwSignal::new(start.get_untracked().is_none());
    let start_line = move || {
        start.get().map(|date| {
            let text = fill(
                settings.t(Key::CalendarStartIs),
                &[("date", &format_date(date, settings.lang.get()))],
            );
            view! {
                <p data-testid="calendar-start">
                    {text} " "
                    <button
                        id="calendar-start-change"
                        class="link"
                        aria-expanded=move || changing_start.get().to_string()
                        on:click=move |_| changing_start.update(|open| *open = !*open)
                    >
                        {move || settings.t(Key::CalendarChangeStart)}
                    </button>
                </p>
            }
        })
    };
    let asking = move || changing_start.get() || start.get().is_none();
    view! {
        <h1>{move || settings.t(Key::CalendarTitle)}</h1>
        <p>{move || settings.t(Key::CalendarIntro)}</p>
        <p class="card frame" data-testid="calendar-frame">
            {move || FRAME.get(settings.lang.get())}
        </p>
        {start_line}
        <Show when=asking>
            <StartForm
                changing=Signal::derive(move || start.get().is_some())
                on_done=Callback::new(move |_| {
                    changing_start.set(false);
                    crate::focus::later("calendar-start-change");
                })
            />
        </Show>
        <ol class="plain calendar" data-testid="calendar">
            <For
                each=move || entries.get()
                key=|entry| entry.meeting
                children=move |entry| view! { <MeetingItem meeting=entry.meeting entries /> }
            />
        </ol>
    }
}
