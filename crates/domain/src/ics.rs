//! An RFC 5545 (iCalendar) writer for visits, so a volunteer can add them to the
//! phone's calendar. UIDs are stable per occurrence, so importing again updates the
//! events instead of duplicating them. Times are local to Europe/Copenhagen, with its
//! VTIMEZONE included.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

use crate::schedule::Occurrence;

/// One calendar event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub location: String,
    pub description: String,
}

impl Event {
    /// An occurrence as an event; its UID survives the occurrence being moved.
    pub fn for_occurrence(
        occurrence: &Occurrence,
        summary: String,
        location: String,
        description: String,
    ) -> Event {
        let local = |at: DateTime<Utc>| {
            at.with_timezone(&chrono_tz::Europe::Copenhagen)
                .naive_local()
        };
        Event {
            uid: format!(
                "{}-{}@samskab",
                occurrence.series,
                compact_date(occurrence.original_date)
            ),
            start: local(occurrence.start),
            end: local(occurrence.end),
            summary,
            location,
            description,
        }
    }
}

/// `YYYYMMDD` (written by hand: chrono's formatter is large in the app's bundle).
fn compact_date(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// `YYYYMMDDTHHMMSS`.
fn compact_date_time(at: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        compact_date(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

const TIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a character (§3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A whole calendar file. `stamp` is when it was made (DTSTAMP).
pub fn calendar(events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samskab//Samskab//DA\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    out.push_str(TIMEZONE);
    let local = |at: NaiveDateTime| compact_date_time(at);
    for event in events {
        out.push_str("BEGIN:VEVENT\r\n");
        line(&mut out, &format!("UID:{}", escape(&event.uid)));
        line(
            &mut out,
            &format!("DTSTAMP:{}Z", compact_date_time(stamp.naive_utc())),
        );
        line(
            &mut out,
            &format!("DTSTART;TZID=Europe/Copenhagen:{}", local(event.start)),
        );
        line(
            &mut out,
            &format!("DTEND;TZID=Europe/Copenhagen:{}", local(event.end)),
        );
        let mut text = |name: &str, value: &str| {
            if !value.is_empty() {
                line(&mut out, &format!("{name}:{}", escape(value)));
            }
        };
        text("SUMMARY", &event.summary);
        text("LOCATION", &event.location);
        text("DESCRIPTION", &event.description);
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Recurrence, TimeSlot, VisitSeries};
    use chrono::NaiveDate;
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, EventLike};

    fn visits() -> Vec<Event> {
        let series = VisitSeries {
            id: "0001-abc".into(),
            volunteer: "v".into(),
            care_service: "c".into(),
            first: NaiveDate::from_ymd_opt(2026, 3, 19).unwrap(),
            slot: TimeSlot::parse("10:00", "13:00").unwrap(),
            recurrence: Recurrence::Weekly,
            until: None,
            activity: String::new(),
            allowed_uncleared: String::new(),
            exceptions: Default::default(),
        };
        series
            .occurrences(
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 4, 5).unwrap(),
            )
            .iter()
            .map(|o| {
                Event::for_occurrence(
                    o,
                    "IT-hjælp; tablets, Skype & mail".into(),
                    "Solhaven, Skovvej 3, 8000 Aarhus C".into(),
                    "Meld dig hos Karim.\nTag opladeren med. Æøå ".repeat(4),
                )
            })
            .collect()
    }

    #[test]
    fn a_real_parser_reads_back_every_event() {
        let events = visits();
        let text = calendar(&events, "2026-11-23T10:00:00Z".parse().unwrap());
        assert!(
            text.split("\r\n").all(|l| l.len() <= 75),
            "lines are folded"
        );
        let parsed: Calendar = text.parse().unwrap();
        let parsed: Vec<_> = parsed
            .components
            .iter()
            .filter_map(|c| {
                if let CalendarComponent::Event(e) = c {
                    Some(e)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(parsed.len(), events.len());
        for (event, back) in events.iter().zip(&parsed) {
            assert_eq!(back.get_uid(), Some(event.uid.as_str()));
            assert_eq!(back.get_summary(), Some("IT-hjælp; tablets, Skype & mail"));
            assert_eq!(
                back.get_location(),
                Some("Solhaven, Skovvej 3, 8000 Aarhus C")
            );
            assert_eq!(back.get_description(), Some(event.description.as_str()));
            match back.get_start() {
                Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
                    date_time,
                    tzid,
                })) => {
                    assert_eq!(tzid, "Europe/Copenhagen");
                    assert_eq!(date_time, event.start);
                    assert_eq!(
                        date_time.format("%H:%M").to_string(),
                        "10:00",
                        "local time stays 10:00 across DST"
                    );
                }
                other => panic!("unexpected start {other:?}"),
            }
        }
    }

    #[test]
    fn uids_are_stable_so_importing_again_updates() {
        let a = calendar(&visits(), "2026-11-23T10:00:00Z".parse().unwrap());
        let b = calendar(&visits(), "2026-12-01T08:00:00Z".parse().unwrap());
        let uids = |t: &str| {
            t.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(uids(&a), uids(&b));
        assert_eq!(uids(&a)[0], "UID:0001-abc-20260319@samskab");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\ne\r\u{7}"), "a\\;b\\,c\\\\d\\ne");
    }
}
