use chrono::DateTime;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::api::{CreatedInvite, DeviceInfo, InviteInfo, NewInvite};
use samskab_domain::scope::{Access, Role};
use samskab_domain::{PartnerKind, ProgrammeState};

use crate::i18n::{Key, api_failure, fill, role_key};
use crate::state::{use_programme, use_settings};
use crate::sync::client::{self as api, ApiFailure};
use crate::sync::use_sync;
use crate::time::format_date;

/// Whom a role can act for in this programme: (id, name).
fn subjects(state: &ProgrammeState, role: Role) -> Vec<(String, String)> {
    let partners = |kind| {
        state
            .partners_of(kind)
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect()
    };
    match role {
        Role::Coordinator => Vec::new(),
        Role::CareService => partners(PartnerKind::CareService),
        Role::VolunteerCentre => partners(PartnerKind::VolunteerCentre),
        Role::Company => partners(PartnerKind::Company),
        Role::Volunteer => state
            .volunteers
            .iter()
            .map(|v| (v.id.clone(), v.name.clone()))
            .collect(),
    }
}

/// "Rolle — for whom", as the lists show an access.
fn describe(state: &ProgrammeState, settings: crate::state::Settings, access: &Access) -> String {
    let role = settings.t(role_key(access.role));
    let name = access.subject.as_ref().map(|id| {
        state
            .partner(id)
            .map(|p| p.name.clone())
            .or_else(|| state.volunteer(id).map(|v| v.name.clone()))
            .unwrap_or_else(|| id.clone())
    });
    match name {
        Some(name) => format!("{role} — {name}"),
        None => role.to_owned(),
    }
}

fn date_of(unix: i64, settings: crate::state::Settings) -> String {
    DateTime::from_timestamp(unix, 0)
        .map(|at| format_date(at.date_naive(), settings.lang.get()))
        .unwrap_or_default()
}

/// The coordinator's invites: make one for a role and whom it acts for (shown as a code
/// and a QR code), see them all, revoke one.
#[component]
pub fn InvitePanel() -> impl IntoView {
    let sync = use_sync();
    let store = use_programme();
    let settings = use_settings();
    let role = RwSignal::new(Role::CareService);
    let subject = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedInvite>);
    let invites = RwSignal::new(Vec::<InviteInfo>::new());
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match sync
                .with_token(|t| async move { api::invites(&t).await })
                .await
            {
                Ok(list) => invites.set(list.invites),
                Err(e) => error.set(Some(api_failure(settings.lang.get_untracked(), &e))),
            }
        })
    };
    reload();
    let options = Memo::new(move |_| store.state.with(|s| subjects(s, role.get())));
    // The first one is chosen when the role changes.
    Effect::new(move || {
        subject.set(options.with(|o| o.first().map(|(id, _)| id.clone()).unwrap_or_default()))
    });
    // Makes an invite and shows its code (once: the server keeps only its hash). `replaces`:
    // an unused invite of the same person, revoked once the new one exists.
    // One invite at a time: a second tap meanwhile would make a code never shown.
    let busy = RwSignal::new(false);
    let create = move |role: Role, subject: Option<String>, name: String, replaces: Option<i64>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let link = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .map(|origin| format!("{origin}/deltag?kode="));
        let invite = NewInvite {
            role,
            subject,
            label: name,
            days: None,
            link,
        };
        spawn_local(async move {
            match sync
                .with_token(|t| async move { api::invite(&t, &invite).await })
                .await
            {
                Ok(invite) => {
                    error.set(None);
                    created.set(Some(invite));
                    settings.invited.set(true);
                    if replaces.is_none() {
                        label.set(String::new());
                    }
                    // The old code stops working; one used meanwhile has nothing to revoke.
                    if let Some(old) = replaces {
                        match sync
                            .with_token(|t| async move { api::revoke_invite(&t, old).await })
                            .await
                        {
                            Ok(()) | Err(ApiFailure::Refused(404, _)) => {}
                            Err(e) => {
                                error.set(Some(api_failure(settings.lang.get_untracked(), &e)))
                            }
                        }
                    }
                    reload();
                }
                // The form only offers valid choices, so this is a partner or volunteer
                // made here a moment ago and not shipped yet: ship it now, and say so.
                Err(ApiFailure::Refused(400, _)) => {
                    sync.now();
                    error.set(Some(settings.t(Key::InviteNotYetShared).to_owned()));
                }
                Err(e) => error.set(Some(api_failure(settings.lang.get_untracked(), &e))),
            }
            busy.set(false);
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let role = role.get_untracked();
        let subject = (role != Role::Coordinator).then(|| subject.get_untracked());
        create(role, subject, label.get_untracked(), None);
    };
    let revoke = move |id: i64| {
        spawn_local(async move {
            if let Err(e) = sync
                .with_token(|t| async move { api::revoke_invite(&t, id).await })
                .await
            {
                error.set(Some(api_failure(settings.lang.get_untracked(), &e)));
            }
            reload();
        })
    };
    let role_options = move || {
        Role::ALL
            .iter()
            .map(|r| {
                view! {
                    <option value=r.key() selected=move || role.get() == *r>
                        {move || settings.t(role_key(*r))}
                    </option>
                }
            })
            .collect_view()
    };
    let invite_state = move |i: &InviteInfo| match (i.revoked, &i.used_by) {
        (true, _) => settings.t(Key::InviteRevoked).to_owned(),
        (false, Some(_)) => settings.t(Key::InviteUsed).to_owned(),
        (false, None) => fill(
            settings.t(Key::InviteExpires),
            &[("date", &date_of(i.expires_at, settings))],
        ),
    };
    view! {
        <h3>{move || settings.t(Key::InviteHeading)}</h3>
        <form class="invite-form" on:submit=submit novalidate>
            <div class="field">
                <label for="invite-role">{move || settings.t(Key::InviteRole)}</label>
                <select
                    id="invite-role"
                    data-testid="invite-role"
                    on:change=move |ev| {
                        if let Some(r) = Role::from_key(&event_target_value(&ev)) {
                            role.set(r)
                        }
                    }
                >
                    {role_options}
                </select>
            </div>
            <Show when=move || role.get() != Role::Coordinator>
                <div class="field">
                    <label for="invite-subject">{move || settings.t(Key::InviteFor)}</label>
                    <select
                        id="invite-subject"
                        data-testid="invite-subject"
                        on:change=move |ev| subject.set(event_target_value(&ev))
                    >
                        <For each=move || options.get() key=|(id, _)| id.clone() let:option>
                            <option
                                value=option.0.clone()
                                selected=move || subject.get() == option.0
                            >
                                {option.1.clone()}
                            </option>
                        </For>
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for="invite-label">{move || settings.t(Key::InviteLabel)}</label>
                <input
                    id="invite-label"
                    type="text"
                    maxlength="100"
                    prop:value=label
                    on:input=move |ev| label.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="primary" data-testid="create-invite">
                {move || settings.t(Key::InviteCreate)}
            </button>
        </form>
        <p class="form-error" role="alert" hidden=move || error.with(Option::is_none)>
            {error}
        </p>
        {move || {
            created
                .get()
                .map(|invite| {
                    view! {
                        <div class="invite-created" data-testid="invite-created">
                            <p>{move || settings.t(Key::InviteCodeShown)}</p>
                            <p class="invite-code" data-testid="invite-code">
                                {invite.code.clone()}
                            </p>
                            {invite
                                .qr_svg
                                .clone()
                                .map(|svg| {
                                    view! {
                                        <div
                                            class="qr"
                                            role="img"
                                            aria-label=invite.code.clone()
                                            inner_html=svg
                                        ></div>
                                    }
                                })}
                            <p>{move || settings.t(Key::InviteHow)}</p>
                            <p data-testid="invite-once">
                                {move || settings.t(Key::InviteShownOnce)}
                            </p>
                            <p>
                                {move || fill(
                                    settings.t(Key::InviteExpires),
                                    &[("date", &date_of(invite.expires_at, settings))],
                                )}
                            </p>
                        </div>
                    }
                })
        }}
        <h3>{move || settings.t(Key::InviteList)}</h3>
        <ul class="plain-list" data-testid="invites">
            <For each=move || invites.get() key=|i| (i.id, i.revoked, i.used_by.clone()) let:invite>
                <li>
                    <span>
                        {
                            let access = invite.access.clone();
                            move || store.state.with(|s| describe(s, settings, &access))
                        }
                    </span>
                    {(!invite.label.is_empty())
                        .then(|| view! { <span>" · " {invite.label.clone()}</span> })}
                    <span class="muted">" · " {invite_state(&invite)}</span>
                    {(!invite.revoked && invite.used_by.is_none())
                        .then(|| {
                            view! {
                                <button on:click=move |_| revoke(
                                    invite.id,
                                )>{move || settings.t(Key::Revoke)}</button>
                            }
                        })}
                    // Not for a revoked invite: the coordinator took that access away.
                    {(!invite.revoked)
                        .then(|| {
                            let pending = invite.used_by.is_none();
                            let again = invite.clone();
                            let access = invite.access.clone();
                            view! {
                                <button
                                    disabled=move || busy.get()
                                    aria-label=move || {
                                        format!(
                                            "{}: {}",
                                            settings.t(Key::NewCode),
                                            store.state.with(|s| describe(s, settings, &access)),
                                        )
                                    }
                                    on:click=move |_| create(
                                        again.access.role,
                                        again.access.subject.clone(),
                                        again.label.clone(),
                                        pending.then_some(again.id),
                                    )
                                >
                                    {move || settings.t(Key::NewCode)}
                                </button>
                            }
                        })}
                </li>
            </For>
        </ul>
    }
}

/// The devices with access to the programme, each revocable but this one.
#[component]
pub fn DeviceList() -> impl IntoView {
    let sync = use_sync();
    let store = use_programme();
    let settings = use_settings();
    let devices = RwSignal::new(Vec::<DeviceInfo>::new());
    let mine = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            if let Some(id) = sync.device_id().await {
                mine.set(id);
            }
            match sync
                .with_token(|t| async move { api::devices(&t).await })
                .await
            {
                Ok(list) => devices.set(list.devices),
                Err(e) => error.set(Some(api_failure(settings.lang.get_untracked(), &e))),
            }
        })
    };
    reload();
    let revoke = move |device: String| {
        spawn_local(async move {
            if let Err(e) = sync
                .with_token(|t| async move { api::revoke_device(&t, &device).await })
                .await
            {
                error.set(Some(api_failure(settings.lang.get_untracked(), &e)));
            }
            reload();
        })
    };
    view! {
        <h3>{move || settings.t(Key::DevicesHeading)}</h3>
        <p class="form-error" role="alert" hidden=move || error.with(Option::is_none)>
            {error}
        </p>
        <ul class="plain-list" data-testid="devices">
            <For each=move || devices.get() key=|d| (d.device.clone(), d.revoked) let:device>
                <li>
                    <span>
                        {
                            let access = device.access.clone();
                            move || store.state.with(|s| describe(s, settings, &access))
                        }
                    </span>
                    {(!device.label.is_empty())
                        .then(|| view! { <span>" · " {device.label.clone()}</span> })}
                    <span class="muted">" · " {date_of(device.created_at, settings)}</span>
                    {
                        let id = device.device.clone();
                        move || match (device.revoked, mine.get() == id) {
                            (true, _) => {
                                Some(
                                    view! {
                                        <span class="muted">
                                            " · " {settings.t(Key::InviteRevoked)}
                                        </span>
                                    }
                                        .into_any(),
                                )
                            }
                            (false, true) => {
                                Some(
                                    view! { <span>" · " {settings.t(Key::ThisDevice)}</span> }
                                        .into_any(),
                                )
                            }
                            (false, false) => {
                                let id = id.clone();
                                Some(
                                    view! {
                                        <button on:click=move |_| revoke(
                                            id.clone(),
                                        )>{settings.t(Key::Revoke)}</button>
                                    }
                                        .into_any(),
                                )
                            }
                        }
                    }
                </li>
            </For>
        </ul>
    }
}
