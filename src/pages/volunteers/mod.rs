mod detail;
mod follow_up;
mod step_item;
mod volunteer_form;
mod volunteer_photo;

use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::csv::{self, ContactData, Format, VolunteerFilter};
use samskab_domain::onboarding::Stage;
use samskab_domain::screens::Action;
use samskab_domain::{EntityKind, PartnerKind};

use crate::components::{CsvDownload, GoneNotice, PAGE_SIZE, ShowMore};
use crate::i18n::{Key, fill, flag_text, tr};
use crate::state::{use_programme, use_role, use_settings};
pub use detail::VolunteerPage;
use volunteer_form::VolunteerForm;

/// The leader's board: volunteers by stage, each with what comes next and what needs
/// attention; and the form to add one.
#[component]
pub fn Volunteers() -> impl IntoView {
    let programme = use_programme();
    let state = programme.state;
    let settings = use_settings();
    let role = use_role();
    let today = crate::time::today();
    let column = move |title: Key, wanted: fn(&Stage) -> bool| {
        let shown = RwSignal::new(PAGE_SIZE);
        // The column's volunteers (indexes into the state's list), found once per change
        // and shared by the count and the page of cards.
        let members = Memo::new(move |_| {
            state.with(|s| {
                s.volunteers
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| wanted(&s.stage_of(v)))
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>()
            })
        });
        let total = Signal::derive(move || members.with(Vec::len));
        let cards = move || {
            let lang = settings.lang.get();
            // Gather plain data first; the views are built outside the state borrow.
            let rows: Vec<_> = state.with(|s| {
                members
                    .with(|members| {
                        members
                            .iter()
                            .take(shown.get())
                            .copied()
                            .collect::<Vec<_>>()
                    })
                    .into_iter()
                    .map(|i| &s.volunteers[i])
                    .map(|v| {
                        let onboarding = s.onboarding_of(&v.id);
                        let stage = onboarding.stage(v.status);
                        let next = match stage {
                            Stage::Onboarding(step) => Some(fill(
                                tr(lang, Key::NextStep),
                                &[("step", step.label().get(lang))],
                            )),
                            _ => None,
                        };
                        let homes = v
                            .care_services
                            .iter()
                            .filter_map(|id| s.partner(id))
                            .map(|p| p.name.clone())
                            .collect::<Vec<_>>()
                            .join(", ");
                        let flags: Vec<String> = onboarding
                            .flags(v.status, today)
                            .iter()
                            .map(|f| flag_text(f, lang))
                            .collect();
                        (v.id.clone(), v.name.clone(), homes, next, flags)
                    })
                    .collect()
            });
            rows.into_iter()
                .map(|(id, name, homes, next, flags)| {
                    let flags = flags
                        .into_iter()
                        .map(|f| view! { <li>{f}</li> })
                        .collect_view();
                    let (testid, href) = (format!("volunteer-{name}"), format!("/frivillige/{id}"));
                    view! {
                        <li class="card volunteer-card" data-testid=testid>
                            <A href=href>{name}</A>
                            <p class="muted">{homes}</p>
                            {next.map(|n| view! { <p class="next-step">{n}</p> })}
                            <ul class="flags" role="list">
                                {flags}
                            </ul>
                        </li>
                    }
                })
                .collect_view()
        };
        view! {
            <section class="board-column" data-testid=format!("stage-{title:?}")>
                <h2>{move || settings.t(title)}</h2>
                <ul class="plain">{cards}</ul>
                <ShowMore total=total shown=shown />
            </section>
        }
    };
    let has_care = move || state.with(|s| s.partners_of(PartnerKind::CareService).next().is_some());
    // Contact data leaves the app only when asked for.
    let with_contact = RwSignal::new(false);
    let volunteers_csv = Callback::new(move |()| {
        let contact = if with_contact.get_untracked() {
            ContactData::Include
        } else {
            ContactData::Leave
        };
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::volunteers(s, VolunteerFilter::default(), contact, format))
    });
    view! {
        <h1>{move || settings.t(Key::NavVolunteers)}</h1>
        <GoneNotice
            count=programme.gone_count(EntityKind::Volunteer)
            message=Key::GoneVolunteers
            on_read=Callback::new(move |_| programme.read_gone(EntityKind::Volunteer))
        />
        <Show when=move || state.with(|s| s.volunteers.is_empty())>
            <p class="muted">{move || settings.t(Key::NoVolunteers)}</p>
        </Show>
        <div class="grid board">
            {column(Key::StageOnboarding, |s| matches!(s, Stage::Onboarding(_)))}
            {column(Key::StageActive, |s| *s == Stage::Active)}
            {column(Key::StagePaused, |s| *s == Stage::Paused)}
            {column(Key::StageLeft, |s| *s == Stage::Left)}
        </div>
        <Show when=move || state.with(|s| !s.volunteers.is_empty())>
            <div class="actions export">
                <label class="check-inline">
                    <input
                        type="checkbox"
                        data-testid="csv-with-contact"
                        bind:checked=with_contact
                    />
                    {move || settings.t(Key::WithContactData)}
                </label>
                <CsvDownload
                    name=Signal::derive(move || format!("samskab-frivillige-{}", today))
                    content=volunteers_csv
                    testid="volunteers-csv"
                />
            </div>
        </Show>
        <Show when=move || role.may(Action::ManageVolunteers)>
            <section class="card" data-testid="add-volunteer">
                <h2>{move || settings.t(Key::AddVolunteer)}</h2>
                <Show
                    when=has_care
                    fallback=move || view! { <p>{move || settings.t(Key::NeedsCareService)}</p> }
                >
                    <VolunteerForm volunteer=None on_done=Callback::new(|_| ()) />
                </Show>
            </section>
        </Show>
    }
}
