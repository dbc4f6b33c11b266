use leptos::prelude::*;
use leptos::task::spawn_local;

use super::invites::{DeviceList, InvitePanel};
use crate::i18n::{Key, fill, role_key, sync_error};
use samskab_domain::api::Reason;

use crate::state::{use_programme, use_settings};
use crate::sync::client::ApiFailure;
use crate::sync::{SyncEngine, SyncError, use_sync};

/// "Del med andre enheder": puts the programme on the server; then says how this device
/// shares, and gives the coordinator invites and the devices with access.
#[component]
pub fn SharePanel() -> impl IntoView {
    let sync = use_sync();
    let store = use_programme();
    let settings = use_settings();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // A server that is not on this machine asks for its operator's key.
    let needs_key = RwSignal::new(false);
    let key = RwSignal::new(String::new());
    let share = move |_| {
        let Some(programme) = store
            .state
            .with_untracked(|s| s.programme.as_ref().map(|p| p.id.clone()))
        else {
            return;
        };
        busy.set(true);
        let typed = key.get_untracked();
        spawn_local(async move {
            let result = sync
                .share(&programme, Some(typed.trim()).filter(|k| !k.is_empty()))
                .await;
            busy.set(false);
            if let Err(SyncError::Api(ApiFailure::Refused(_, refusal))) = &result
                && refusal.reason == Some(Reason::AdminKey)
            {
                needs_key.set(true);
            }
            error.set(
                result
                    .err()
                    .map(|e| sync_error(settings.lang.get_untracked(), &e, Key::ShareExists)),
            );
        });
    };
    let take_off = move |_| {
        if !window()
            .confirm_with_message(settings.t(Key::ConfirmTakeOff))
            .unwrap_or(false)
        {
            return;
        }
        spawn_local(async move {
            let result = sync.take_off_server().await;
            error.set(
                result
                    .err()
                    .map(|e| sync_error(settings.lang.get_untracked(), &e, Key::ErrNotAllowed)),
            );
        });
    };
    let shared_as = move |sync: SyncEngine| {
        sync.access.with(|a| {
            a.as_ref().map(|a| {
                fill(
                    settings.t(Key::SharedAs),
                    &[("role", settings.t(role_key(a.access.role)))],
                )
            })
        })
    };
    view! {
        <section class="card" data-testid="share">
            <h2>{move || settings.t(Key::ShareHeading)}</h2>
            <Show
                when=move || sync.access.with(Option::is_some)
                fallback=move || {
                    view! {
                        <p>{move || settings.t(Key::ShareIntro)}</p>
                        <Show when=move || needs_key.get()>
                            <div class="field">
                                <label for="admin-key">
                                    {move || settings.t(Key::AdminKeyLabel)}
                                </label>
                                <input
                                    id="admin-key"
                                    type="password"
                                    autocomplete="off"
                                    bind:value=key
                                />
                            </div>
                        </Show>
                        <button
                            class="primary"
                            data-testid="share-button"
                            on:click=share
                            disabled=busy
                        >
                            {move || settings.t(Key::ShareButton)}
                        </button>
                        <p
                            class="form-error"
                            role="alert"
                            hidden=move || error.with(Option::is_none)
                        >
                            {error}
                        </p>
                    }
                }
            >
                <p data-testid="shared-as">{move || shared_as(sync)}</p>
                <button on:click=move |_| sync.now()>{move || settings.t(Key::SyncNow)}</button>
                <Show when=move || sync.is_coordinator()>
                    <InvitePanel />
                    <DeviceList />
                    <div class="actions">
                        <button class="danger" data-testid="take-off-server" on:click=take_off>
                            {move || settings.t(Key::TakeOffServer)}
                        </button>
                    </div>
                    <p class="form-error" role="alert" hidden=move || error.with(Option::is_none)>
                        {error}
                    </p>
                </Show>
            </Show>
        </section>
    }
}
