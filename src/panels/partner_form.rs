use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::entities::PartnerInput;
use samskab_domain::{CareKind, Field, Partner, PartnerKind};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::{self, Key};
use crate::state::{use_form, use_programme, use_settings};

/// Adds a partner (`partner` is `None`) or edits one. The fields follow the kind:
/// care services have a kind of service, a leader and a contact person; companies a contact.
/// Every partner has an address, a phone and an e-mail, all optional.
#[component]
pub fn PartnerForm(partner: Option<Partner>, on_done: Callback<()>) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let initial = partner.as_ref().map(PartnerInput::from_partner);
    let editing = partner.is_some();
    let base = partner
        .as_ref()
        .map(|p| {
            format!(
                "edit-{}",
                p.id.replace(|c: char| !c.is_ascii_alphanumeric(), "")
            )
        })
        .unwrap_or_else(|| "new".into());
    let kind = RwSignal::new(
        initial
            .as_ref()
            .map_or(PartnerKind::CareService, |i| i.kind),
    );
    let text = |get: fn(&PartnerInput) -> &String| {
        RwSignal::new(initial.as_ref().map(|i| get(i).clone()).unwrap_or_default())
    };
    let name = text(|i| &i.name);
    let care_kind = RwSignal::new(initial.as_ref().and_then(|i| i.care_kind));
    let leader = text(|i| &i.leader);
    let contact_person = text(|i| &i.contact_person);
    let contact = text(|i| &i.contact);
    let address = text(|i| &i.address);
    let phone = text(|i| &i.phone);
    let email = text(|i| &i.email);
    let form = use_form();
    let reset = move || {
        for field in [name, leader, contact_person, contact, address, phone, email] {
            field.set(String::new());
        }
        care_kind.set(None);
    };
    let current_id = partner.as_ref().map(|p| p.id.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = PartnerInput {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            care_kind: care_kind.get_untracked(),
            leader: leader.get_untracked(),
            contact_person: contact_person.get_untracked(),
            contact: contact.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
        };
        let id = current_id.clone().unwrap_or_else(|| store.new_id());
        let edits = store
            .state
            .with_untracked(|s| input.edits(&id, s.partner(&id), s));
        form.save(edits, move || {
            if !editing {
                reset();
            }
            on_done.run(());
        });
    };
    let kind_id = format!("{base}-kind");
    let care_id = format!("{base}-care-kind");
    let kind_options = move || {
        PartnerKind::ALL.map(|k| {
            view! {
                <option value=k.key() selected=move || kind.get() == k>
                    {move || k.label().get(settings.lang.get())}
                </option>
            }
        })
    };
    let care_options = move || {
        CareKind::ALL.map(|k| {
            view! {
                <option value=k.key() selected=move || care_kind.get() == Some(k)>
                    {move || k.label().get(settings.lang.get())}
                </option>
            }
        })
    };
    let (form_id, name_id, leader_id) = (
        format!("partner-form-{base}"),
        format!("{base}-name"),
        format!("{base}-leader"),
    );
    let (contact_person_id, contact_id) =
        (format!("{base}-contact-person"), format!("{base}-contact"));
    let (address_id, phone_id, email_id) = (
        format!("{base}-address"),
        format!("{base}-phone"),
        format!("{base}-email"),
    );
    let kind_problem = form.problem(Field::Kind);
    let care_problem = form.problem(Field::CareKind);
    view! {
        <form class="partner-form" on:submit=submit novalidate data-testid=form_id>
            <FormError message=form.message />
            <Show when=move || !editing>
                <div class="field" class:has-error=move || kind_problem.get().is_some()>
                    <label for=kind_id.clone()>{move || settings.t(Key::PartnerKind)}</label>
                    <select
                        id=kind_id.clone()
                        on:change=move |ev| {
                            if let Some(k) = PartnerKind::from_key(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }
                    >
                        {kind_options()}
                    </select>
                    <p class="field-error" role="alert">
                        {move || kind_problem.get().map(|p| settings.t(i18n::problem(p)))}
                    </p>
                </div>
            </Show>
            <TextField label=Key::Name value=name problem=form.problem(Field::Name) id=name_id />
            <Show when=move || kind.get() == PartnerKind::CareService>
                <div class="field" class:has-error=move || care_problem.get().is_some()>
                    <label for=care_id.clone()>{move || settings.t(Key::CareKind)}</label>
                    <select
                        id=care_id.clone()
                        aria-invalid=move || care_problem.get().is_some().then_some("true")
                        on:change=move |ev| {
                            care_kind.set(CareKind::from_key(&event_target_value(&ev)))
                        }
                    >
                        <option value="" selected=move || care_kind.get().is_none()>
                            {move || settings.t(Key::ChooseCareKind)}
                        </option>
                        {care_options()}
                    </select>
                    <p class="field-error" role="alert">
                        {move || care_problem.get().map(|p| settings.t(i18n::problem(p)))}
                    </p>
                </div>
                <TextField
                    label=Key::Leader
                    value=leader
                    problem=form.problem(Field::Leader)
                    id=leader_id.clone()
                    optional=true
                />
                <TextField
                    label=Key::ContactPerson
                    value=contact_person
                    problem=form.problem(Field::ContactPerson)
                    id=contact_person_id.clone()
                    optional=true
                />
            </Show>
            <Show when=move || kind.get() == PartnerKind::Company>
                <TextField
                    label=Key::CompanyContact
                    value=contact
                    problem=form.problem(Field::Contact)
                    id=contact_id.clone()
                    optional=true
                />
            </Show>
            <TextField
                label=Key::Address
                value=address
                problem=form.problem(Field::Address)
                id=address_id
                optional=true
                multiline=true
            />
            <TextField
                label=Key::Phone
                value=phone
                problem=form.problem(Field::Phone)
                id=phone_id
                input_type="tel"
                optional=true
            />
            <TextField
                label=Key::Email
                value=email
                problem=form.problem(Field::Email)
                id=email_id
                input_type="email"
                optional=true
            />
            <FormActions
                submit=Signal::derive(move || if editing { Key::Save } else { Key::Add })
                on_cancel=editing.then_some(on_done)
                testid="save-partner"
            />
        </form>
    }
}
