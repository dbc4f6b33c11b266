use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::Problem;
use samskab_domain::volunteers::{Photo, set_photo};
use web_sys::HtmlInputElement;

use crate::components::FormError;
use crate::i18n::{self, Key, fill};
use crate::photo::small_photo;
use crate::state::{use_form, use_programme, use_settings};

/// The volunteer's optional photo: choose one (made small on the device), or remove it.
#[component]
pub fn VolunteerPhoto(volunteer: String) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let form = use_form();
    let photo_problem = RwSignal::new(None::<Problem>);
    let current = {
        let volunteer = volunteer.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                s.volunteer(&volunteer)
                    .map(|v| (v.photo.clone(), v.name.clone()))
            })
        })
    };
    let chosen = {
        let volunteer = volunteer.clone();
        move |ev: leptos::ev::Event| {
            let input: HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let volunteer = volunteer.clone();
            spawn_local(async move {
                let photo = small_photo(file)
                    .await
                    .ok()
                    .ok_or(Problem::NotAPhoto)
                    .and_then(|url| Photo::parse(&url));
                input.set_value("");
                match photo {
                    Ok(photo) => {
                        photo_problem.set(None);
                        form.save(Ok(set_photo(&volunteer, Some(photo))), || ());
                    }
                    Err(problem) => photo_problem.set(Some(problem)),
                }
            });
        }
    };
    let remove = move |_| form.save(Ok(set_photo(&volunteer, None)), || ());
    let image = move || {
        current
            .get()
            .filter(|(url, _)| !url.is_empty())
            .map(|(url, name)| {
                let alt = fill(settings.t(Key::PhotoOf), &[("name", &name)]);
                view! { <img class="photo" src=url alt=alt data-testid="volunteer-photo" /> }
            })
    };
    let has_photo = move || current.with(|c| c.as_ref().is_some_and(|(url, _)| !url.is_empty()));
    view! {
        <section class="card" data-testid="photo">
            <h2>{move || settings.t(Key::Photo)}</h2>
            {image}
            <FormError message=form.message />
            <div class="field">
                <label for="volunteer-photo-file">{move || settings.t(Key::ChoosePhoto)}</label>
                <input
                    id="volunteer-photo-file"
                    class="file-input"
                    type="file"
                    accept="image/*"
                    aria-describedby="volunteer-photo-hint"
                    on:change=chosen
                />
                <p class="muted" id="volunteer-photo-hint">
                    {move || settings.t(Key::PhotoHint)}
                </p>
                <p class="field-error" role="alert">
                    {move || photo_problem.get().map(|p| settings.t(i18n::problem(p)))}
                </p>
            </div>
            <Show when=has_photo>
                <button on:click=remove.clone()>{move || settings.t(Key::RemovePhoto)}</button>
            </Show>
        </section>
    }
}
