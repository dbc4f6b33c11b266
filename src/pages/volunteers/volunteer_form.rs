use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::volunteers::{Volunteer, VolunteerInput};
use samskab_domain::{Field, PartnerKind};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::Key;
use crate::state::{use_form, use_programme, use_settings};

/// Adds a volunteer (`volunteer` is `None`) or edits one: only what the work needs.
#[component]
pub fn VolunteerForm(volunteer: Option<Volunteer>, on_done: Callback<()>) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let editing = volunteer.is_some();
    let initial = volunteer
        .as_ref()
        .map(VolunteerInput::from_volunteer)
        .unwrap_or_default();
    let base = if editing {
        "edit-volunteer"
    } else {
        "new-volunteer"
    };
    let name = RwSignal::new(initial.name);
    let phone = RwSignal::new(initial.phone);
    let email = RwSignal::new(initial.email);
    let care_services = RwSignal::new(initial.care_services);
    let company = RwSignal::new(initial.company);
    let skills = RwSignal::new(initial.skills);
    let availability = RwSignal::new(initial.availability);
    let form = use_form();
    let current_id = volunteer.as_ref().map(|v| v.id.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = VolunteerInput {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            care_services: care_services.get_untracked(),
            company: company.get_untracked(),
            skills: skills.get_untracked(),
            availability: availability.get_untracked(),
        };
        let id = current_id.clone().unwrap_or_else(|| store.new_id());
        let edits = store
            .state
            .with_untracked(|s| input.edits(&id, s.volunteer(&id), s));
        form.save(edits, move || {
            if !editing {
                for field in [name, phone, email, skills, availability] {
                    field.set(String::new());
                }
                care_services.set(Vec::new());
                company.set(None);
            }
            on_done.run(());
        });
    };
    let homes = move || {
        store.state.with(|s| {
            s.partners_of(PartnerKind::CareService)
                .map(|p| {
                    let id = p.id.clone();
                    let checked = {
                        let id = id.clone();
                        move || care_services.with(|c| c.contains(&id))
                    };
                    let toggle = move |_| {
                        care_services.update(|c| {
                            if let Some(at) = c.iter().position(|x| *x == id) {
                                c.remove(at);
                            } else {
                                c.push(id.clone());
                            }
                        })
                    };
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=checked on:change=toggle />
                            {p.name.clone()}
                        </label>
                    }
                })
                .collect_view()
        })
    };
    let companies = move || {
        store.state.with(|s| {
            s.partners_of(PartnerKind::Company)
                .map(|p| {
                    let id = p.id.clone();
                    let selected = {
                        let id = id.clone();
                        move || company.with(|c| c.as_deref() == Some(id.as_str()))
                    };
                    view! {
                        <option value=id selected=selected>
                            {p.name.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let contact_problem = form.problem(Field::Phone);
    let homes_problem = form.problem(Field::CareServices);
    view! {
        <form class="volunteer-form" on:submit=submit novalidate data-testid=format!("{base}-form")>
            <FormError message=form.message />
            <TextField
                label=Key::Name
                value=name
                problem=form.problem(Field::Name)
                id=format!("{base}-name")
            />
            <TextField
                label=Key::Phone
                value=phone
                problem=contact_problem
                id=format!("{base}-phone")
                input_type="tel"
            />
            <TextField
                label=Key::Email
                value=email
                problem=form.problem(Field::Email)
                id=format!("{base}-email")
                input_type="email"
            />
            <fieldset class="field" class:has-error=move || homes_problem.get().is_some()>
                <legend>{move || settings.t(Key::CareServicesVisited)}</legend>
                {homes}
                <p class="field-error" role="alert">
                    {move || homes_problem.get().map(|_| settings.t(Key::ChooseAtLeastOne))}
                </p>
            </fieldset>
            <div class="field">
                <label for=format!(
                    "{base}-company",
                )>
                    {move || settings.t(Key::FromCompany)} " "
                    <span class="optional">{move || settings.t(Key::Optional)}</span>
                </label>
                <select
                    id=format!("{base}-company")
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        company.set(Some(value).filter(|v| !v.is_empty()));
                    }
                >
                    <option value="" selected=move || company.with(Option::is_none)>
                        {move || settings.t(Key::NoCompany)}
                    </option>
                    {companies}
                </select>
            </div>
            <TextField
                label=Key::Skills
                value=skills
                problem=form.problem(Field::Skills)
                id=format!("{base}-skills")
                optional=true
                multiline=true
            />
            <TextField
                label=Key::Availability
                value=availability
                problem=form.problem(Field::Availability)
                id=format!("{base}-availability")
                optional=true
            />
            <FormActions
                submit=Signal::derive(move || if editing { Key::Save } else { Key::Add })
                on_cancel=editing.then_some(on_done)
            />
        </form>
    }
}
