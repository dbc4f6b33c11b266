use leptos::prelude::*;
use samskab_domain::csv::{self, Format, HoursFilter};
use samskab_domain::homes::employees;
use samskab_domain::results::StageBucket;

use super::own_partner;
use super::own_tasks::OwnTasks;
use crate::components::CsvDownload;
use crate::i18n::Key;
use crate::panels::NamePrompt;
use crate::state::{use_programme, use_settings};
use crate::time::format_hours;

/// A company's home: its employees who volunteer, where they stand and their hours, and
/// its own tasks.
#[component]
pub fn Employees() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let (me, name) = own_partner(Key::NavEmployees);
    let rows = Memo::new(move |_| {
        let today = crate::time::today();
        state.with(|s| {
            employees(s, &me.get(), today)
                .into_iter()
                .map(|e| {
                    let stage = crate::i18n::stage(StageBucket::of(e.stage));
                    (
                        e.volunteer.name.clone(),
                        stage,
                        e.hours_this_month,
                        e.hours_this_year,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let table = move || {
        let rows = rows.get();
        if rows.is_empty() {
            return view! { <p class="muted">{settings.t(Key::NoEmployees)}</p> }.into_any();
        }
        let (month, year) = rows.iter().fold((0.0, 0.0), |(m, y), r| (m + r.2, y + r.3));
        let body = rows
            .into_iter()
            .map(|(name, stage, month, year)| {
                let testid = format!("employee-{name}");
                view! {
                    <tr data-testid=testid>
                        <th scope="row">{name}</th>
                        <td>{settings.t(stage)}</td>
                        <td class="number">{format_hours(month)}</td>
                        <td class="number">{format_hours(year)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{settings.t(Key::Employee)}</th>
                        <th scope="col">{settings.t(Key::Status)}</th>
                        <th scope="col" class="number">
                            {settings.t(Key::HoursThisMonth)}
                        </th>
                        <th scope="col" class="number">
                            {settings.t(Key::HoursThisYear)}
                        </th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
                <tfoot>
                    <tr data-testid="employees-total">
                        <th scope="row">{settings.t(Key::Total)}</th>
                        <td></td>
                        <td class="number">{format_hours(month)}</td>
                        <td class="number">{format_hours(year)}</td>
                    </tr>
                </tfoot>
            </table>
        }
        .into_any()
    };
    let today = crate::time::today();
    let hours_csv = Callback::new(move |()| {
        let company = me.get_untracked();
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::hours(s, HoursFilter::company_year(&company, today), format))
    });
    view! {
        <p class="eyebrow">{move || settings.t(Key::NavEmployees)}</p>
        <h1>{name}</h1>
        // A partner's device (a tablet several may use) is asked once who uses it.
        <NamePrompt />
        <section class="card" data-testid="employees">
            <h2 id="employees-title">{move || settings.t(Key::EmployeesWhoVolunteer)}</h2>
            // A narrow phone scrolls the table sideways: focusable so a keyboard can too.
            <div class="table-scroll" role="region" aria-labelledby="employees-title" tabindex="0">
                {table}
            </div>
            <CsvDownload
                name=format!("samskab-timer-{}", chrono::Datelike::year(&today))
                content=hours_csv
                label=Key::DownloadHoursCsv
                testid="employees-csv"
            />
        </section>
        <OwnTasks partner=me />
    }
}
