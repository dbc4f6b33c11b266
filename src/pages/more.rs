use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::volunteers::export;

use crate::download::download;
use crate::i18n::Key;
use crate::state::{use_programme, use_role, use_settings};

/// A volunteer's "more": their profile, their data in one file, and the device's
/// settings.
#[component]
pub fn MorePage() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    let me = move || role.subject().unwrap_or_default();
    let export_mine = move |_| {
        if let Some(data) = state.with_untracked(|s| export(s, &me())) {
            let _ = download(
                "samskab-mine-data.json",
                "application/json",
                &data.to_string(),
            );
        }
    };
    view! {
        <h1>{move || settings.t(Key::NavMore)}</h1>
        <ul class="plain choices">
            <li class="card">
                <A href=move || format!("/frivillige/{}", me()) attr:data-testid="my-profile">
                    {move || settings.t(Key::MyProfile)}
                </A>
                <p class="muted">{move || settings.t(Key::MyProfileFor)}</p>
            </li>
            <li class="card">
                <button on:click=export_mine data-testid="export-mine">
                    {move || settings.t(Key::ExportMyData)}
                </button>
                <p class="muted">{move || settings.t(Key::ExportMyDataFor)}</p>
            </li>
            <li class="card">
                <A href="/paamindelser">{move || settings.t(Key::Reminders)}</A>
            </li>
            <li class="card">
                <A href="/indstillinger">{move || settings.t(Key::NavSettings)}</A>
            </li>
        </ul>
    }
}
