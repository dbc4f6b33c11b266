//! Local date and time for forms and display (the device's time zone).
//!
//! The fixed formats are written out by hand: chrono's strftime engine would add ~30 KB
//! to the bundle for four patterns.

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use samskab_domain::Lang;
use samskab_domain::schedule::{Occurrence, copenhagen_date, copenhagen_local, hh_mm};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
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
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Today as `YYYY-MM-DD`.
pub fn today_input() -> String {
    date_input(Local::now().date_naive())
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

/// "23.11.2026" or "23 Nov 2026".
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{:02}.{:02}.{}", date.day(), date.month(), date.year()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

/// A visit's date and time span, e.g. "tirsdag 24. november 10:00–12:00".
pub fn visit_when(o: &Occurrence, lang: Lang) -> String {
    format!("{} {}", format_date(visit_date(o), lang), visit_hours(o))
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

    #[test]
    fn dates_format_in_both_languages() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(format_date(date, Lang::Da), "05.03.2026");
        assert_eq!(format_date(date, Lang::En), "5 Mar 2026");
        assert_eq!(date_input(date), "2026-03-05");
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
