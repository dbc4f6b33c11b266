use leptos::prelude::*;
use samskab_domain::Partner;
use samskab_domain::contact::{display_phone, map_url};

use crate::i18n::Key;
use crate::state::use_settings;

/// Where a partner is and how to reach it: the address as text (readable with no
/// network) with a map link beside it, the phone to call and the e-mail. Nothing when
/// none of them is known.
#[component]
pub fn PartnerContact(partner: Partner) -> impl IntoView {
    let settings = use_settings();
    let Partner {
        name,
        address,
        phone,
        email,
        ..
    } = partner;
    if address.is_empty() && phone.is_empty() && email.is_empty() {
        return None;
    }
    let address = (!address.is_empty()).then(|| {
        let map = map_url(&address);
        let map_label = format!("{} {name}", settings.t(Key::MapOf));
        view! {
            <div class="contact-line">
                <address class="contact-address">{address}</address>
                <a href=map target="_blank" rel="noopener" aria-label=map_label>
                    {move || settings.t(Key::Map)}
                </a>
            </div>
        }
    });
    let phone = (!phone.is_empty()).then(|| {
        let shown = display_phone(&phone);
        view! {
            <p class="contact-line">
                {move || settings.t(Key::Phone)} ": " <a href=format!("tel:{phone}")>{shown}</a>
            </p>
        }
    });
    let email = (!email.is_empty()).then(|| {
        view! {
            <p class="contact-line">
                {move || settings.t(Key::Email)} ": "
                <a href=format!("mailto:{email}")>{email.clone()}</a>
            </p>
        }
    });
    Some(view! { <div class="partner-contact">{address} {phone} {email}</div> })
}
