use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::entities::remove_partner;
use samskab_domain::{Partner, PartnerKind};

use crate::components::{FormError, PartnerContact};
use crate::i18n::{Key, fill};
use crate::panels::PartnerForm;
use crate::state::{use_form, use_programme, use_settings};

/// The programme's partners by kind: add, edit and remove them.
#[component]
pub fn Partners() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let groups = PartnerKind::ALL.map(|kind| {
        let ids = move || {
            state.with(|s| {
                s.partners_of(kind)
                    .map(|p| p.id.clone())
                    .collect::<Vec<_>>()
            })
        };
        view! {
            <section class="card" data-testid=format!("partners-{}", kind.key())>
                <h2>{move || kind.label().get(settings.lang.get())}</h2>
                <Show when=move || state.with(|s| s.partners_of(kind).next().is_none())>
                    <p class="muted">{move || settings.t(Key::NoPartnersOfKind)}</p>
                </Show>
                <ul class="plain partner-list">
                    <For each=ids key=|id| id.clone() let:id>
                        <PartnerRow id=id />
                    </For>
                </ul>
            </section>
        }
    });
    view! {
        <h1>{move || settings.t(Key::NavPartners)}</h1>
        <div class="grid">{groups.into_iter().collect_view()}</div>
        <section class="card" data-testid="add-partner">
            <h2>{move || settings.t(Key::AddPartner)}</h2>
            <PartnerForm partner=None on_done=Callback::new(|_| ()) />
        </section>
    }
}

/// One partner, with its edit form and remove button.
#[component]
fn PartnerRow(id: String) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let partner = Memo::new(move |_| store.state.with(|s| s.partner(&id).cloned()));
    let editing = RwSignal::new(false);
    let form = use_form();
    let remove = move |partner: Partner| {
        let question = fill(settings.t(Key::ConfirmRemove), &[("name", &partner.name)]);
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        let edits = store
            .state
            .with_untracked(|s| remove_partner(s, &partner.id));
        form.save(Ok(edits), || ());
    };
    move || {
        partner.get().map(|p| {
            let lang = settings.lang.get();
            let details: Vec<String> = [
                p.care_kind.map(|k| k.label().get(lang).to_owned()),
                Some(p.leader.clone())
                    .filter(|l| !l.is_empty())
                    .map(|l| format!("{}: {l}", settings.t(Key::Leader))),
                Some(p.contact_person.clone())
                    .filter(|c| !c.is_empty())
                    .map(|c| format!("{}: {c}", settings.t(Key::ContactPerson))),
                Some(p.contact.clone())
                    .filter(|c| !c.is_empty())
                    .map(|c| format!("{}: {c}", settings.t(Key::CompanyContact))),
            ]
            .into_iter()
            .flatten()
            .collect();
            let for_remove = p.clone();
            let for_form = p.clone();
            let removable = p.kind != PartnerKind::Municipality;
            // Every partner has these actions: a screen reader's list of them says whose.
            let named = format!(" – {}", p.name);
            view! {
                <li class="partner" data-testid=format!("partner-{}", p.name)>
                    <h3 class="partner-name">{p.name.clone()}</h3>
                    {(!details.is_empty())
                        .then(|| view! { <p class="muted">{details.join(" · ")}</p> })}
                    <PartnerContact partner=p.clone() />
                    {(p.kind == PartnerKind::CareService)
                        .then(|| {
                            let named = named.clone();
                            view! {
                                <p>
                                    <A href=format!(
                                        "/tavle/{}",
                                        p.id,
                                    )>
                                        {move || settings.t(Key::KioskLink)}
                                        <span class="visually-hidden">{named}</span>
                                    </A>
                                </p>
                            }
                        })}
                    // The actions after what they act on, so the name reads with its
                    // details.
                    <div class="actions">
                        <button
                            on:click=move |_| editing.update(|e| *e = !*e)
                            aria-expanded=move || editing.get().to_string()
                        >
                            {move || settings.t(Key::Edit)}
                            <span class="visually-hidden">{named.clone()}</span>
                        </button>
                        {removable
                            .then(|| {
                                view! {
                                    <button
                                        class="danger"
                                        on:click=move |_| remove(for_remove.clone())
                                    >
                                        {move || settings.t(Key::Remove)}
                                        <span class="visually-hidden">{named.clone()}</span>
                                    </button>
                                }
                            })}
                    </div>
                    <FormError message=form.message />
                    <Show when=move || editing.get()>
                        <PartnerForm
                            partner=Some(for_form.clone())
                            on_done=Callback::new(move |_| editing.set(false))
                        />
                    </Show>
                </li>
            }
        })
    }
}
