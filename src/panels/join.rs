use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use samskab_domain::scope::{Access, Role};

use crate::i18n::{Early, Key, sync_error};
use crate::state::use_settings;
use crate::sync::use_sync;

/// "Deltag med en invitationskode": a fresh device joins a shared programme; the code
/// can come in the address (`/deltag?kode=…`, the invite's QR code).
#[component]
pub fn JoinForm() -> impl IntoView {
    let sync = use_sync();
    let settings = use_settings();
    let query = use_query_map();
    let code = RwSignal::new(query.with_untracked(|q| q.get("kode")).unwrap_or_default());
    // From an invite's link: joining is what comes next.
    if code.with_untracked(|c| !c.is_empty()) {
        sync.prepare();
    }
    let error = RwSignal::new(None::<String>);
    let joined = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some(settings.t(Key::JoinRefused).to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = sync.join(&typed).await;
            busy.set(false);
            // A volunteer's own device: "Mig" shows them at once.
            if let Ok(Access {
                role: Role::Volunteer,
                subject,
            }) = &result
            {
                settings.me.set(subject.clone());
            }
            joined.set(result.is_ok());
            error.set(
                result
                    .err()
                    .map(|e| sync_error(settings.lang.get_untracked(), &e, Key::JoinRefused)),
            );
        });
    };
    view! {
        <section class="card" data-testid="join">
            <h2>{move || settings.t(Early::JoinHeading)}</h2>
            <p>{move || settings.t(Key::JoinIntro)}</p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="join-code">{move || settings.t(Key::JoinCode)}</label>
                    <input
                        id="join-code"
                        data-testid="join-code"
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        maxlength="20"
                        prop:value=code
                        on:input=move |ev| {
                            sync.prepare();
                            code.set(event_target_value(&ev))
                        }
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="join-error"
                    />
                </div>
                <button type="submit" class="primary" data-testid="join-button" disabled=busy>
                    {move || settings.t(Key::JoinButton)}
                </button>
            </form>
            <p
                id="join-error"
                class="form-error"
                role="alert"
                hidden=move || error.with(Option::is_none)
            >
                {error}
            </p>
            <p role="status" hidden=move || !joined.get()>
                {move || settings.t(Key::JoinWaiting)}
            </p>
        </section>
    }
}
