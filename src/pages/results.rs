//! `/resultater`: results at a glance for a period (`samskab_domain::results`): the whole
//! programme's for the coordinator, a care service's own for its leader.

use leptos::prelude::*;
use samskab_domain::Lang;
use samskab_domain::csv::{self, Format, HoursFilter, VisitFilter};
use samskab_domain::model::{self, PHASES};
use samskab_domain::results::{
    ReportPeriod, Results, StageBucket, StageCounts, VisitCounts, VisitTable, results,
};
use samskab_domain::scope::Role;

use crate::components::{Bar, BarChart, CsvDownload, TextField};
use crate::i18n::{self, Key, fill, of_total};
use crate::state::{use_programme, use_role, use_settings};
use crate::time::{date_input, format_hours, month_label, today};

/// Results at a glance: volunteers by stage, visits and hours per month, residents
/// reached, per care service and company, the advice coverage and the partners ×
/// phases matrix, for the period chosen (the last twelve months to begin with).
#[component]
pub fn ResultsPage() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let role = use_role();
    let opened = ReportPeriod::last_twelve_months(today());
    let from = RwSignal::new(date_input(opened.from()));
    let to = RwSignal::new(date_input(opened.to()));
    let period = Memo::new(move |_| ReportPeriod::parse(&from.get(), &to.get()));
    // A care service sees its own numbers only.
    let own = Memo::new(move |_| {
        (role.role() == Role::CareService)
            .then(|| role.subject())
            .flatten()
    });
    let found = Memo::new(move |_| {
        let period = period.get().ok()?;
        Some(state.with(|s| results(s, period, own.get().as_deref())))
    });
    // A partner removed since keeps its row (its visits happened), by no name.
    let name_of = move |id: &str| {
        state
            .with_untracked(|s| s.partner(id).map(|p| p.name.clone()))
            .unwrap_or_else(|| settings.t(Key::RemovedPartner).to_owned())
    };
    let shown = move || {
        found.get().map(|found| {
            let lang = settings.lang.get();
            let coordinator = own.get().is_none();
            view! {
                <VolunteersSection found=found.clone() lang />
                <VisitsSection found=found.clone() lang />
                {coordinator
                    .then(|| {
                        view! { <PerPartnerSection found=found.clone() lang name_of=name_of /> }
                    })}
                <AdviceSection found=found.clone() lang name_of=name_of />
                <MatrixSection found lang name_of=name_of />
            }
        })
    };
    // The files hold the period's visits and hours as the page counts them.
    let file_name = move |what: &str| match period.get() {
        Ok(p) => format!("samskab-{what}-{}-{}", p.from(), p.to()),
        Err(_) => format!("samskab-{what}"),
    };
    let visits_csv = Callback::new(move |()| {
        let Ok(period) = period.get_untracked() else {
            return String::new();
        };
        let own = own.get_untracked();
        let filter = VisitFilter::report(period, own.as_deref());
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::visits(s, filter, role.access_untracked().as_ref(), format))
    });
    let hours_csv = Callback::new(move |()| {
        let Ok(period) = period.get_untracked() else {
            return String::new();
        };
        let own = own.get_untracked();
        let filter = HoursFilter {
            period,
            company: None,
            care_service: own.as_deref(),
        };
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::hours(s, filter, format))
    });
    let downloads = move || {
        period.get().is_ok().then(|| {
            view! {
                <div class="actions">
                    <CsvDownload
                        name=Signal::derive(move || file_name("besoeg"))
                        content=visits_csv
                        label=Key::DownloadVisitsCsv
                        testid="results-visits-csv"
                    />
                    <CsvDownload
                        name=Signal::derive(move || file_name("timer"))
                        content=hours_csv
                        label=Key::DownloadHoursCsv
                        testid="results-hours-csv"
                    />
                </div>
            }
        })
    };
    let intro = move || {
        if own.get().is_some() {
            Key::ResultsOwnIntro
        } else {
            Key::ResultsIntro
        }
    };
    view! {
        <h1>{move || settings.t(Key::NavResults)}</h1>
        <p class="muted">{move || settings.t(intro())}</p>
        <section class="card period" data-testid="results-period">
            <div class="field-row">
                <TextField
                    label=Key::PeriodFrom
                    value=from
                    problem=Signal::derive(move || period.get().err().and_then(|p| p.from))
                    id="results-from"
                    input_type="date"
                />
                <TextField
                    label=Key::PeriodTo
                    value=to
                    problem=Signal::derive(move || period.get().err().and_then(|p| p.to))
                    id="results-to"
                    input_type="date"
                />
            </div>
            {downloads}
        </section>
        {shown}
    }
}

/// Volunteers by stage: a chart and its table.
#[component]
fn VolunteersSection(found: Results, lang: Lang) -> impl IntoView {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let total: StageCounts = found.volunteers.total;
    let bars: Vec<Bar> = StageBucket::ALL
        .iter()
        .map(|bucket| Bar {
            label: t(i18n::stage(*bucket)).to_owned(),
            value: total.get(*bucket) as f64,
            shown: total.get(*bucket).to_string(),
        })
        .collect();
    let rows = StageBucket::ALL
        .iter()
        .map(|bucket| {
            view! {
                <tr>
                    <th scope="row">{t(i18n::stage(*bucket))}</th>
                    <td class="number">{total.get(*bucket)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="results-volunteers">
            <h2 id="results-volunteers-title">{t(Key::ResultsVolunteers)}</h2>
            <BarChart title=t(Key::ResultsVolunteers).to_owned() bars />
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Status)}</th>
                        <th scope="col" class="number">
                            {t(Key::ColCount)}
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{t(Key::Total)}</th>
                        <td class="number">{total.total()}</td>
                    </tr>
                </tfoot>
            </table>
        </section>
    }
}

/// The numbers of one row of a visits table, in the columns' order.
fn visit_cells(counts: &VisitCounts) -> impl IntoView + use<> {
    view! {
        <td class="number">{counts.planned}</td>
        <td class="number">{counts.held}</td>
        <td class="number">{counts.cancelled}</td>
        <td class="number">{format_hours(counts.held_hours())}</td>
        <td class="number">{counts.residents}</td>
    }
}

/// A table's head for visit numbers, after its first column's.
fn visit_head(lang: Lang, first: Key) -> impl IntoView + use<> {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    view! {
        <thead>
            <tr>
                <th scope="col">{t(first)}</th>
                <th scope="col" class="number">
                    {t(Key::ColPlanned)}
                </th>
                <th scope="col" class="number">
                    {t(Key::Held)}
                </th>
                <th scope="col" class="number">
                    {t(Key::Cancelled)}
                </th>
                <th scope="col" class="number">
                    {t(Key::ColHours)}
                </th>
                <th scope="col" class="number">
                    {t(Key::ColResidents)}
                </th>
            </tr>
        </thead>
    }
}

/// A scrollable table of visit numbers: a row per labelled table, and the total.
fn visit_table(
    lang: Lang,
    first: Key,
    title_id: &'static str,
    rows: Vec<(String, VisitCounts)>,
    total: VisitCounts,
) -> impl IntoView + use<> {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let body = rows
        .into_iter()
        .map(|(label, counts)| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {visit_cells(&counts)}
                </tr>
            }
        })
        .collect_view();
    // A narrow phone scrolls the table sideways: focusable so a keyboard can too.
    view! {
        <div class="table-scroll" role="region" aria-labelledby=title_id tabindex="0">
            <table class="data-table">
                {visit_head(lang, first)} <tbody>{body}</tbody> <tfoot>
                    <tr>
                        <th scope="row">{t(Key::Total)}</th>
                        {visit_cells(&total)}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// Visits and hours per month, and the residents reached.
#[component]
fn VisitsSection(found: Results, lang: Lang) -> impl IntoView {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let all = &found.visits.all;
    let bars: Vec<Bar> = all
        .by_month
        .iter()
        .map(|(month, counts)| Bar {
            label: month_label(*month, lang),
            value: counts.held_hours(),
            shown: format_hours(counts.held_hours()),
        })
        .collect();
    let rows = all
        .by_month
        .iter()
        .map(|(month, counts)| (month_label(*month, lang), *counts))
        .collect();
    view! {
        <section class="card" data-testid="results-visits">
            <h2 id="results-visits-title">{t(Key::ResultsVisits)}</h2>
            <BarChart title=t(Key::ResultsHoursChart).to_owned() bars />
            {visit_table(lang, Key::Month, "results-visits-title", rows, all.total)}
        </section>
        <section class="card" data-testid="results-residents">
            <h2>{t(Key::ResultsResidents)}</h2>
            <p class="big-number" data-testid="results-residents-total">
                {found.residents.total}
            </p>
            <p class="muted">{t(Key::ResultsResidentsFor)}</p>
        </section>
    }
}

/// The coordinator's visits per care service and per company.
#[component]
fn PerPartnerSection(
    found: Results,
    lang: Lang,
    name_of: impl Fn(&str) -> String + Copy + 'static,
) -> impl IntoView {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let named = |tables: &std::collections::BTreeMap<String, VisitTable>| {
        let mut rows: Vec<(String, VisitCounts)> = tables
            .iter()
            .map(|(id, table)| (name_of(id), table.total))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    let care_services = named(&found.visits.by_care_service);
    let mut companies = named(&found.visits.by_company);
    companies.push((
        t(Key::NoCompany).to_owned(),
        found.visits.without_company.total,
    ));
    let total = found.visits.all.total;
    view! {
        <section class="card" data-testid="results-care-services">
            <h2 id="results-care-services-title">{t(Key::ResultsPerCareService)}</h2>
            {visit_table(
                lang,
                Key::CareService,
                "results-care-services-title",
                care_services,
                total,
            )}
        </section>
        <section class="card" data-testid="results-companies">
            <h2 id="results-companies-title">{t(Key::ResultsPerCompany)}</h2>
            {visit_table(lang, Key::ColCompany, "results-companies-title", companies, total)}
        </section>
    }
}

/// The 10 pieces of advice across the care services, the weakest named.
#[component]
fn AdviceSection(
    found: Results,
    lang: Lang,
    name_of: impl Fn(&str) -> String + Copy + 'static,
) -> impl IntoView {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let title = |id: &str| model::advice(id).map_or("", |a| a.title.get(lang));
    let advice = found.advice;
    // Named only where a few stand out; the table marks every weakest row anyway.
    let weakest = (1..=3).contains(&advice.weakest.len()).then(|| {
        let names: Vec<&str> = advice.weakest.iter().map(|id| title(id)).collect();
        view! {
            <p data-testid="results-weakest">
                {fill(t(Key::ResultsWeakest), &[("advice", &names.join("; "))])}
            </p>
        }
    });
    let rows = advice
        .per_advice
        .iter()
        .map(|row| {
            let weak = advice.weakest.contains(&row.advice);
            view! {
                <tr class:weakest=weak>
                    <th scope="row">
                        {format!("{}. {}", row.number, title(row.advice))}
                        // Said in words, not by the row's colour alone.
                        {weak
                            .then(|| {
                                view! {
                                    " "
                                    <span class="tag">{t(Key::WeakestTag)}</span>
                                }
                            })}
                    </th>
                    <td class="number">{of_total(lang, row.care_services)}</td>
                </tr>
            }
        })
        .collect_view();
    let per_care_service = advice
        .per_care_service
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{name_of(&c.care_service)}</th>
                    <td class="number">{of_total(lang, c.advice)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="results-advice">
            <h2 id="results-advice-title">{t(Key::ResultsAdvice)}</h2>
            {weakest}
            <div
                class="table-scroll"
                role="region"
                aria-labelledby="results-advice-title"
                tabindex="0"
            >
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::ColAdvice)}</th>
                            <th scope="col" class="number">
                                {t(Key::ColCareServices)}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::CareService)}</th>
                            <th scope="col" class="number">
                                {t(Key::ColAdvice)}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{per_care_service}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Every partner's progress per phase; a cell with open tasks opens to list them.
#[component]
fn MatrixSection(
    found: Results,
    lang: Lang,
    name_of: impl Fn(&str) -> String + Copy + 'static,
) -> impl IntoView {
    let t = move |key: Key| crate::i18n::tr(lang, key);
    let head = PHASES
        .iter()
        .map(|phase| {
            view! {
                <th scope="col">
                    {fill(t(Key::PhaseN), &[("n", &phase.number.to_string())])} " "
                    <span class="muted">{phase.title.get(lang)}</span>
                </th>
            }
        })
        .collect_view();
    let rows = found
        .progress
        .partners
        .into_iter()
        .map(|partner| {
            let name = name_of(&partner.partner);
            let cells = partner
                .phases
                .into_iter()
                .map(|cell| {
                    let count = of_total(lang, cell.progress);
                    if cell.open.is_empty() {
                        return view! { <td>{count} " " <span class="muted">{t(Key::AllDone)}</span></td> }
                            .into_any();
                    }
                    let open = cell
                        .open
                        .iter()
                        .map(|id| {
                            let text = model::task(id).map_or("", |task| task.text.get(lang));
                            view! { <li>{text}</li> }
                        })
                        .collect_view();
                    // Each cell named with its partner and phase, for a keyboard's tour.
                    let spoken = fill(
                        t(Key::MatrixCell),
                        &[("partner", &name), ("n", &cell.phase.to_string()), ("count", &count)],
                    );
                    view! {
                        <td>
                            <details>
                                <summary aria-label=spoken>{count}</summary>
                                <p class="muted">{t(Key::OpenTasks)}</p>
                                <ul>{open}</ul>
                            </details>
                        </td>
                    }
                        .into_any()
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="results-matrix">
            <h2 id="results-matrix-title">{t(Key::ResultsMatrix)}</h2>
            <div
                class="table-scroll"
                role="region"
                aria-labelledby="results-matrix-title"
                tabindex="0"
            >
                <table class="data-table matrix">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::ColPartner)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
