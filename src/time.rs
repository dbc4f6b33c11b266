//! Local date and time for forms and display (the device's time zone).
//!
//! The fixed formats are written out by hand: chrono's strftime engine would add ~30 KB
//! to the bundle for four patterns.

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use samskab_domain::Lang;
use samskab_domain::schedule::{Occurrence, copenhagen_date, copenhagen_local, hh_mm};
use samskab_domain::visits::Period;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_DA: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const MONTH_NAMES_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_DA: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `<input type="datetime-local">`'s value for a local time: `YYYY-MM-DDTHH:MM`.
pub fn local_input(at: DateTime<Local>) -> String {
    format!(
        "{}T{:02}:{:02}",
        date_input(at.date_naive()),
        at.hour(),
        at.minute()
    )
}

/// `<input type="datetime-local">`'s value for now.
pub fn now_local_input() -> String {
    local_input(Local::now())
}

/// `<input type="date">`'s value: `YYYY-MM-DD`.
pub fn date_input(date: NaiveDate) -> String {
    samskab_domain::validate::date_key(date)
}

/// Today in Denmark, where every visit's date and time is: a tablet set to another
/// zone still calls today's visit "i dag".
pub fn today() -> NaiveDate {
    copenhagen_date(Utc::now())
}

/// Today as `YYYY-MM-DD`.
pub fn today_input() -> String {
    date_input(today())
}

/// A `datetime-local` value to RFC 3339; unparsable input is passed on for validation to refuse.
pub fn local_input_to_rfc3339(value: &str) -> String {
    // The input gives minutes only; chrono's ISO parser wants seconds.
    let with_seconds = if value.len() == 16 {
        format!("{value}:00")
    } else {
        value.to_owned()
    };
    with_seconds
        .parse::<NaiveDateTime>()
        .ok()
        .and_then(|naive| Local.from_local_datetime(&naive).earliest())
        .map(|local| local.to_rfc3339())
        .unwrap_or_else(|| value.to_owned())
}

/// A short local date and time: "23.11.2026 kl. 10:42" or "23 Nov 2026, 10:42".
pub fn format_instant(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    let date = format_date(local.date_naive(), lang);
    match lang {
        Lang::Da => format!("{date} kl. {:02}:{:02}", local.hour(), local.minute()),
        Lang::En => format!("{date}, {:02}:{:02}", local.hour(), local.minute()),
    }
}

/// A date as a person reads it, from today on the device: "i morgen, tirsdag 24. nov.",
/// "tirsdag 1. dec.", "fredag 8. jan. 2027" (see [`format_day`]).
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    format_day(date, today(), lang)
}

/// A date relative to `today`: "i går", "i dag" or "i morgen" before it when it is one of
/// those, always its weekday, and its year only when not this year's. English:
/// "tomorrow, Tuesday 24 Nov".
pub fn format_day(date: NaiveDate, today: NaiveDate, lang: Lang) -> String {
    let mut text = weekday_date(date, lang);
    if date.year() != today.year() {
        text = format!("{text} {}", date.year());
    }
    let relative = match (date - today).num_days() {
        -1 => Some(["i går", "yesterday"]),
        0 => Some(["i dag", "today"]),
        1 => Some(["i morgen", "tomorrow"]),
        _ => None,
    };
    match relative {
        Some(words) => format!("{}, {text}", words[usize::from(lang == Lang::En)]),
        None => text,
    }
}

/// A date's weekday, day and month: "torsdag 3. dec.", "Thursday 3 Dec".
pub fn weekday_date(date: NaiveDate, lang: Lang) -> String {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let month = date.month0() as usize;
    match lang {
        Lang::Da => format!(
            "{} {}. {}",
            WEEKDAYS_DA[weekday],
            date.day(),
            MONTHS_DA[month]
        ),
        Lang::En => format!(
            "{} {} {}",
            WEEKDAYS_EN[weekday],
            date.day(),
            MONTHS_EN[month]
        ),
    }
}

/// A period of the "done" list: "Uge 49: 30. nov.–6. dec. 2026", "december 2026".
pub fn format_period(period: Period, day: NaiveDate, lang: Lang) -> String {
    let (first, last) = period.bounds(day);
    let short = |d: NaiveDate| match lang {
        Lang::Da => format!("{}. {}", d.day(), MONTHS_DA[d.month0() as usize]),
        Lang::En => format!("{} {}", d.day(), MONTHS_EN[d.month0() as usize]),
    };
    match period {
        Period::Week => {
            let word = match lang {
                Lang::Da => "Uge",
                Lang::En => "Week",
            };
            let week = first.iso_week().week();
            format!(
                "{word} {week}: {}–{} {}",
                short(first),
                short(last),
                last.year()
            )
        }
        Period::Month => {
            let names = match lang {
                Lang::Da => MONTH_NAMES_DA,
                Lang::En => MONTH_NAMES_EN,
            };
            format!("{} {}", names[first.month0() as usize], first.year())
        }
    }
}

/// A calendar month, short: "jan. 2026", "Jan 2026".
pub fn month_label((year, month): (i32, u32), lang: Lang) -> String {
    let names = match lang {
        Lang::Da => MONTHS_DA,
        Lang::En => MONTHS_EN,
    };
    let name = names.get(month.saturating_sub(1) as usize).unwrap_or(&"");
    format!("{name} {year}")
}

/// Hours as a person reads them: "1,5", "2" (to a tenth: sums of thirds would drift).
pub fn format_hours(hours: f64) -> String {
    let tenths = format!("{hours:.1}");
    tenths
        .strip_suffix(".0")
        .unwrap_or(&tenths)
        .replace('.', ",")
}

/// The text with its first letter in upper case, for a date that begins a line.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A visit's day and time span, as a line begins: "I morgen, tirsdag 24. nov. 14:00–16:00".
pub fn visit_when(o: &Occurrence, lang: Lang) -> String {
    capitalised(&format!(
        "{} {}",
        format_date(visit_date(o), lang),
        visit_hours(o)
    ))
}

/// A visit's local date.
pub fn visit_date(o: &Occurrence) -> NaiveDate {
    copenhagen_date(o.start)
}

/// A visit's time span, e.g. "10:00–12:00".
pub fn visit_hours(o: &Occurrence) -> String {
    format!(
        "{}–{}",
        hh_mm(&copenhagen_local(o.start)),
        hh_mm(&copenhagen_local(o.end))
    )
}

/// Waits `duration` (a browser timer).
pub async fn sleep(duration: std::time::Duration) {
    let millis = duration.as_millis().min(i32::MAX as u128) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_read_with_their_weekday_and_the_words_for_near_days() {
        let today = day(2026, 11, 23); // a Monday
        let cases = [
            (
                day(2026, 11, 24),
                "i morgen, tirsdag 24. nov.",
                "tomorrow, Tuesday 24 Nov",
            ),
            (
                day(2026, 11, 23),
                "i dag, mandag 23. nov.",
                "today, Monday 23 Nov",
            ),
            (
                day(2026, 11, 22),
                "i går, søndag 22. nov.",
                "yesterday, Sunday 22 Nov",
            ),
            (day(2026, 11, 25), "onsdag 25. nov.", "Wednesday 25 Nov"),
            (day(2026, 5, 1), "fredag 1. maj", "Friday 1 May"),
            // Another year says which; across New Year, tomorrow is still tomorrow.
            (day(2027, 1, 8), "fredag 8. jan. 2027", "Friday 8 Jan 2027"),
        ];
        for (date, da, en) in cases {
            assert_eq!(format_day(date, today, Lang::Da), da);
            assert_eq!(format_day(date, today, Lang::En), en);
        }
        assert_eq!(
            format_day(day(2027, 1, 1), day(2026, 12, 31), Lang::Da),
            "i morgen, fredag 1. jan. 2027"
        );
        assert_eq!(capitalised("i morgen, tirsdag"), "I morgen, tirsdag");
        assert_eq!(format_hours(1.5), "1,5");
        assert_eq!(format_hours(2.0), "2");
        assert_eq!(format_hours(0.1 + 0.2), "0,3");
        assert_eq!(format_hours(1.0 / 3.0), "0,3");
        assert_eq!(capitalised(""), "");
        assert_eq!(date_input(day(2026, 3, 5)), "2026-03-05");
    }

    #[test]
    fn periods_read_as_a_numbered_week_or_a_month() {
        let wednesday = day(2026, 12, 2);
        assert_eq!(
            format_period(Period::Week, wednesday, Lang::Da),
            "Uge 49: 30. nov.–6. dec. 2026"
        );
        assert_eq!(
            format_period(Period::Week, wednesday, Lang::En),
            "Week 49: 30 Nov–6 Dec 2026"
        );
        assert_eq!(
            format_period(Period::Month, wednesday, Lang::Da),
            "december 2026"
        );
        assert_eq!(
            format_period(Period::Month, wednesday, Lang::En),
            "December 2026"
        );
    }

    #[test]
    fn form_values_round_trip_through_rfc3339() {
        let rfc = local_input_to_rfc3339("2026-11-23T10:42");
        let back = DateTime::parse_from_rfc3339(&rfc)
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(local_input(back), "2026-11-23T10:42");
        assert_eq!(local_input_to_rfc3339("i går"), "i går");
    }
}
