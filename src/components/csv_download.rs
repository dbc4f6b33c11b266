use leptos::prelude::*;
use samskab_domain::csv;

use crate::download::download;
use crate::i18n::Key;
use crate::state::use_settings;

/// A button that saves what the screen shows as a CSV file for a spreadsheet (made on
/// the tap, from the screen's own filters), saying so where the browser refuses.
#[component]
pub fn CsvDownload(
    /// The file's name (".csv" is added).
    #[prop(into)]
    name: Signal<String>,
    /// Makes the file's content.
    content: Callback<(), String>,
    /// The button's text, where the screen offers more than one file.
    #[prop(default = Key::DownloadCsv)]
    label: Key,
    /// The button's test id.
    testid: &'static str,
) -> impl IntoView {
    let settings = use_settings();
    let failed = RwSignal::new(false);
    let save = move |_| {
        let file = format!("{}.csv", name.get_untracked());
        failed.set(download(&file, csv::MEDIA_TYPE, &content.run(())).is_err());
    };
    view! {
        <button data-testid=testid on:click=save>
            {move || settings.t(label)}
        </button>
        <p class="form-error" role="alert" hidden=move || !failed.get()>
            {move || settings.t(Key::ErrDownload)}
        </p>
    }
}
