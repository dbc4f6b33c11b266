//! Local date and time for forms and display (the device's time zone).

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use samskab_domain::Lang;

/// `<input type="datetime-local">`'s value for now.
pub fn now_local_input() -> String {
    Local::now().format("%Y-%m-%dT%H:%M").to_string()
}

/// Today as `YYYY-MM-DD`.
pub fn today_input() -> String {
    Local::now().format("%Y-%m-%d").to_string()
}

/// A `datetime-local` value to RFC 3339; unparsable input is passed on for validation to refuse.
pub fn local_input_to_rfc3339(value: &str) -> String {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .ok()
        .and_then(|naive| Local.from_local_datetime(&naive).earliest())
        .map(|local| local.to_rfc3339())
        .unwrap_or_else(|| value.to_owned())
}

/// A short local date and time, e.g. "23.11.2026 10:42".
pub fn format_instant(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Da => local.format("%d.%m.%Y kl. %H:%M").to_string(),
        Lang::En => local.format("%d %b %Y, %H:%M").to_string(),
    }
}

pub fn format_date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => date.format("%d.%m.%Y").to_string(),
        Lang::En => date.format("%d %b %Y").to_string(),
    }
}
