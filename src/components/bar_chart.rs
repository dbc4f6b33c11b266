use leptos::prelude::*;

/// One bar: what it stands for, its value, and the value as a person reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

/// The chart's drawing units: a row per bar, labels on the left, values after the bars.
const WIDTH: f64 = 320.0;
const ROW: f64 = 26.0;
const LABEL: f64 = 110.0;
const VALUE: f64 = 44.0;

/// A horizontal bar chart as one SVG image, named for screen readers by its title and
/// every bar's value ("jan. 2026: 12"); the table beside it holds the same numbers.
#[component]
pub fn BarChart(
    /// What the chart shows.
    #[prop(into)]
    title: Signal<String>,
    /// The bars, top to bottom.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
) -> impl IntoView {
    let spoken = move || {
        let bars = bars.get();
        let values: Vec<String> = bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.shown))
            .collect();
        format!("{}. {}", title.get(), values.join(", "))
    };
    let drawn =
        move || {
            let bars = bars.get();
            let largest = bars.iter().map(|b| b.value).fold(0.0, f64::max);
            let room = WIDTH - LABEL - VALUE;
            bars.into_iter()
            .enumerate()
            .map(|(i, bar)| {
                let y = i as f64 * ROW;
                let width = if largest > 0.0 { (bar.value.max(0.0) / largest) * room } else { 0.0 };
                view! {
                    <text x="0" y=y + 17.0 class="chart-label">
                        {bar.label}
                    </text>
                    <rect x=LABEL y=y + 5.0 width=width height="16" rx="2" class="chart-bar"></rect>
                    <text x=LABEL + width + 4.0 y=y + 17.0 class="chart-value">
                        {bar.shown}
                    </text>
                }
            })
            .collect_view()
        };
    let height = move || (bars.with(Vec::len) as f64 * ROW).max(ROW);
    view! {
        <svg
            class="bar-chart"
            role="img"
            aria-label=spoken
            viewBox=move || format!("0 0 {WIDTH} {}", height())
            preserveAspectRatio="xMinYMin meet"
        >
            {drawn}
        </svg>
    }
}
