use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use samskab_domain::screens::Screen;

use crate::i18n::Key;
use crate::state::{use_role, use_settings};

/// A route's page, if this device's role may open it; otherwise a clear message and the
/// way home (a typed or old link, a role changed by a new invite). Hiding is not all:
/// what a role may not change is refused when stored, too.
#[component]
pub fn ForRole(
    screen: Screen,
    /// The route parameter that names the screen's subject (a volunteer, a care service).
    #[prop(default = None)]
    param: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let role = use_role();
    let settings = use_settings();
    let params = use_params_map();
    let allowed = Memo::new(move |_| {
        let item = param.and_then(|name| params.with(|p| p.get(name)));
        role.may_open(screen, item.as_deref())
    });
    move || {
        if allowed.get() {
            children().into_any()
        } else {
            view! {
                <section class="card" data-testid="not-for-role">
                    <h1>{move || settings.t(Key::NotForRole)}</h1>
                    <p>{move || settings.t(Key::NotForRoleWhy)}</p>
                    <A href="/">{move || settings.t(Key::BackHome)}</A>
                </section>
            }
            .into_any()
        }
    }
}
