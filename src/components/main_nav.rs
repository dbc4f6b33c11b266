use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::screens::Screen;

use crate::i18n::Key;
use crate::state::{use_role, use_settings};
use crate::sync::use_sync;

/// Where a screen of the navigation lives, its icon and its label. A role's home is "/".
fn entry(screen: Screen, home: Screen) -> (&'static str, &'static str, Key) {
    let (href, icon, key) = match screen {
        Screen::Overview => ("/", "◎", Key::NavOverview),
        Screen::OurService => ("/", "⌂", Key::NavOurService),
        Screen::Pipeline => ("/", "⇢", Key::NavPipeline),
        Screen::Employees => ("/", "⌂", Key::NavEmployees),
        Screen::Me => ("/mig", "☺", Key::NavMe),
        Screen::More => ("/mere", "⋯", Key::NavMore),
        Screen::Phases => ("/faser", "☰", Key::NavPhases),
        Screen::Advice => ("/raad", "✓", Key::NavAdvice),
        Screen::Partners => ("/parter", "⚇", Key::NavPartners),
        Screen::Volunteers | Screen::Volunteer => ("/frivillige", "☺", Key::NavVolunteers),
        Screen::Visits => ("/besoeg", "◷", Key::NavVisits),
        Screen::Reminders => ("/paamindelser", "!", Key::Reminders),
        // In no navigation: its path names the care service.
        Screen::Board => ("/", "▦", Key::KioskLink),
        // Reached from the home, in no navigation yet.
        Screen::Results => ("/resultater", "▤", Key::NavResults),
        Screen::Calendar => ("/kalender", "▦", Key::NavCalendar),
        Screen::Evaluation => ("/evaluering", "✎", Key::NavEvaluation),
        Screen::Settings => ("/indstillinger", "⚙", Key::NavSettings),
    };
    (if screen == home { "/" } else { href }, icon, key)
}

/// The role's navigation (bottom bar on phones, side bar on tablets): only the screens
/// the role uses, its home first.
#[component]
pub fn MainNav() -> impl IntoView {
    let settings = use_settings();
    let role = use_role();
    let sync = use_sync();
    let links = move || {
        // Not before the device knows its role: a limited role's phone would show the
        // coordinator's menu for a moment.
        if !sync.ready.get() {
            return None;
        }
        let home = role.home();
        let links = role
            .navigation()
            .iter()
            .map(|screen| {
                let (href, icon, key) = entry(*screen, home);
                view! {
                    <A href=href exact=href == "/" attr:class="nav-link">
                        <span class="nav-icon" aria-hidden="true">
                            {icon}
                        </span>
                        <span class="nav-text">{move || settings.t(key)}</span>
                    </A>
                }
            })
            .collect_view();
        Some(links)
    };
    view! {
        <nav class="main-nav" aria-label=move || settings.t(Key::MainNav)>
            {links}
        </nav>
    }
}
