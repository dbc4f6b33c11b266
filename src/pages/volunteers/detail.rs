use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use samskab_domain::EntityKind;
use samskab_domain::contact::display_phone;
use samskab_domain::onboarding::{Status, Step};
use samskab_domain::scope::Role;
use samskab_domain::screens::Action;
use samskab_domain::visits::{Outcome, done_between};
use samskab_domain::volunteers::{
    Volunteer, delete_volunteer, export, remove_from_care_service, set_status,
};

use super::follow_up::FollowUp;
use super::step_item::StepItem;
use super::volunteer_form::VolunteerForm;
use super::volunteer_photo::VolunteerPhoto;
use crate::components::FormError;
use crate::download::download;
use crate::i18n::{Key, cancelled_by, fill, tr};
use crate::pages::NotFound;
use crate::state::{use_form, use_programme, use_role, use_settings};
use crate::sync::use_sync;
use crate::time::{format_hours, visit_when};

/// How many held visits the page lists.
const HELD_SHOWN: usize = 20;

/// One volunteer: details, status, the onboarding checklist, export and deletion (for a
/// care service's device: taking them off its own list).
#[component]
pub fn VolunteerPage() -> impl IntoView {
    let params = use_params_map();
    let store = use_programme();
    let settings = use_settings();
    let navigate = use_navigate();
    let sync = use_sync();
    let role = use_role();
    // A volunteer's own page (and a company's view) shows; only the roles that manage
    // volunteers get the buttons.
    let manages = move || role.may(Action::ManageVolunteers);
    // A care service's device lets go of a volunteer; only the coordinator and the
    // volunteer centre erase a person.
    let care_service = move || {
        sync.access.with(|a| {
            a.as_ref()
                .filter(|a| a.access.role == Role::CareService)
                .and_then(|a| a.access.subject.clone())
        })
    };
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let volunteer = Memo::new(move |_| store.state.with(|s| s.volunteer(&id.get()).cloned()));
    let editing = RwSignal::new(false);
    let form = use_form();
    let apply = move |edits| form.save(Ok(edits), || ());
    let export_data = move |_| {
        let id = id.get_untracked();
        if let Some(data) = store.state.with_untracked(|s| export(s, &id)) {
            let name = volunteer
                .with_untracked(|v| v.as_ref().map(|v| v.name.replace(' ', "-")))
                .unwrap_or_default();
            let _ = download(
                &format!("samskab-{name}.json"),
                "application/json",
                &data.to_string(),
            );
        }
    };
    let delete = move |_| {
        let Some(v) = volunteer.get_untracked() else {
            return;
        };
        let ours = care_service();
        let confirm = match ours {
            Some(_) => Key::ConfirmRemoveFromUs,
            None => Key::ConfirmDeleteVolunteer,
        };
        let question = fill(settings.t(confirm), &[("name", &v.name)]);
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        let edits = store.state.with_untracked(|s| match &ours {
            Some(care_service) => remove_from_care_service(s, &v.id, care_service),
            None => delete_volunteer(s, &v.id),
        });
        let navigate = navigate.clone();
        form.save(Ok(edits), move || {
            navigate("/frivillige", Default::default())
        });
    };
    // Who they are and where they go: reachable in one tap, their care services,
    // company, skills and when they can.
    let profile = move |v: &Volunteer| {
        let lang = settings.lang.get_untracked();
        let (homes, company) = store.state.with_untracked(|s| {
            let name = |id: &String| s.partner(id).map(|p| p.name.clone());
            (
                v.care_services
                    .iter()
                    .filter_map(name)
                    .collect::<Vec<_>>()
                    .join(", "),
                v.company.as_ref().and_then(name).unwrap_or_default(),
            )
        });
        let phone = (!v.phone.is_empty()).then(|| {
            let shown = display_phone(&v.phone);
            view! { <a href=format!("tel:{}", v.phone)>{shown}</a> }.into_any()
        });
        let email = (!v.email.is_empty()).then(|| {
            view! { <a href=format!("mailto:{}", v.email)>{v.email.clone()}</a> }.into_any()
        });
        let text = |t: String| (!t.is_empty()).then(|| t.into_any());
        let rows = [
            (Key::Phone, phone),
            (Key::Email, email),
            (Key::CareServicesVisited, text(homes)),
            (Key::FromCompany, text(company)),
            (Key::Skills, text(v.skills.clone())),
            (Key::Availability, text(v.availability.clone())),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|value| (key, value)))
        .map(|(key, value)| {
            view! {
                <dt>{tr(lang, key)}</dt>
                <dd>{value}</dd>
            }
        })
        .collect_view();
        view! {
            <dl class="profile" data-testid="volunteer-profile">
                {rows}
            </dl>
        }
    };
    // The visits held or cancelled, newest first: when, where, and what came of it.
    let held_visits = move |volunteer: &str| {
        let lang = settings.lang.get_untracked();
        let today = crate::time::today();
        let rows: Vec<(String, String)> = store.state.with_untracked(|s| {
            let first = s
                .visits
                .iter()
                .filter(|v| v.volunteer == volunteer)
                .map(|v| v.first)
                .min()
                .unwrap_or(today);
            done_between(s, |v| v.volunteer == volunteer, first, today)
                .into_iter()
                .take(HELD_SHOWN)
                .map(|done| {
                    let o = &done.occurrence;
                    let place = s
                        .partner(&o.care_service)
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    let what = match done.outcome {
                        Outcome::Held(held) => {
                            let summary = fill(
                                tr(lang, Key::HeldSummary),
                                &[
                                    ("hours", &format_hours(held.hours())),
                                    ("residents", &held.residents.to_string()),
                                ],
                            );
                            [summary, held.note.clone()]
                        }
                        Outcome::Cancelled(c) => [cancelled_by(c, lang), c.reason.clone()],
                    };
                    (
                        format!("{} · {place}", visit_when(o, lang)),
                        what.into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                    )
                })
                .collect()
        });
        (!rows.is_empty()).then(|| {
            let items = rows
                .into_iter()
                .map(|(when, what)| {
                    view! {
                        <li>
                            <strong>{when}</strong>
                            <p class="tick-meta">{what}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card" data-testid="held-visits">
                    <h2>{tr(lang, Key::DoneVisits)}</h2>
                    <ul class="plain-list">{items}</ul>
                </section>
            }
        })
    };
    let gone = move || {
        let id = id.get();
        store.gone.with(|gone| {
            gone.iter()
                .any(|g| g.kind == EntityKind::Volunteer && g.entity == id)
        })
    };
    move || match volunteer.get() {
        None if gone() => view! {
            <h1>{move || settings.t(Key::NavVolunteers)}</h1>
            <p class="notice" role="status" data-testid="volunteer-gone">
                {move || settings.t(Key::GoneHere)}
            </p>
            <p>
                <a href="/frivillige">{move || settings.t(Key::NavVolunteers)}</a>
            </p>
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
        Some(v) => {
            let status = v.status;
            let status_button = move |target: Status, key: Key| {
                (status != target).then(|| {
                    view! {
                        <button on:click=move |_| apply(
                            set_status(&id.get_untracked(), target),
                        )>{move || settings.t(key)}</button>
                    }
                })
            };
            let steps =
                Step::ALL.map(|step| view! { <StepItem volunteer=v.id.clone() step=step /> });
            let profile = profile(&v);
            let held = held_visits(&v.id);
            let for_form = v.clone();
            let follow_id = v.id.clone();
            let delete = delete.clone();
            view! {
                <p class="eyebrow">{move || settings.t(Key::NavVolunteers)}</p>
                <h1>{v.name.clone()}</h1>
                {profile}
                <FormError message=form.message />
                <Show when=manages>
                    <div class="actions">
                        {status_button(Status::Current, Key::Resume)}
                        {status_button(Status::Paused, Key::Pause)}
                        {status_button(Status::Left, Key::MarkLeft)}
                        <button on:click=move |_| {
                            editing.update(|e| *e = !*e)
                        }>{move || settings.t(Key::EditVolunteer)}</button>
                    </div>
                </Show>
                <Show when=move || editing.get()>
                    <section class="card">
                        <VolunteerForm
                            volunteer=Some(for_form.clone())
                            on_done=Callback::new(move |_| editing.set(false))
                        />
                    </section>
                </Show>
                <section class="card" data-testid="onboarding">
                    <h2>{move || settings.t(Key::Onboarding)}</h2>
                    <ul class="tasks">{steps.into_iter().collect_view()}</ul>
                </section>
                <Show when=move || role.may(Action::Onboard)>
                    <FollowUp volunteer=follow_id.clone() />
                </Show>
                {held}
                <VolunteerPhoto volunteer=v.id.clone() />
                <section class="card">
                    <div class="actions">
                        <button on:click=export_data data-testid="export-volunteer">
                            {move || settings.t(Key::ExportData)}
                        </button>
                        <Show when=manages>
                            <button class="danger" on:click=delete.clone()>
                                {move || {
                                    settings
                                        .t(
                                            if care_service().is_some() {
                                                Key::RemoveFromUs
                                            } else {
                                                Key::DeleteVolunteer
                                            },
                                        )
                                }}
                            </button>
                        </Show>
                    </div>
                </section>
            }
            .into_any()
        }
    }
}
