//! Contact details, validated by parsing.

use crate::validate::Problem;

/// An e-mail address (UTF-8 allowed, as in RFC 6531): one `@`, a local part of at most 64 characters and a domain of
/// dot-separated labels (letters, digits, hyphens), at most 254 characters in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Problem> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let (local, domain) = text.split_once('@').ok_or(Problem::InvalidEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| (c.is_ascii_graphic() || c.is_alphanumeric()) && c != '@')
            && !local.starts_with('.')
            && !local.ends_with('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if text.len() > 254 || !local_ok || !domain_ok {
            return Err(Problem::InvalidEmail);
        }
        Ok(Email(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: an optional leading `+` and 8 to 15 digits; spaces, hyphens, dots and
/// parentheses are allowed as separators and dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, Problem> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let (plus, rest) = text
            .strip_prefix('+')
            .map_or((false, text), |rest| (true, rest));
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(Problem::InvalidPhone),
            }
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(Problem::InvalidPhone);
        }
        Ok(Phone(if plus { format!("+{digits}") } else { digits }))
    }

    /// Digits only, with a leading `+` if it was international.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A stored phone number as a person reads it: a Danish one as "+45 20 30 40 50", any
/// other as it was stored.
pub fn display_phone(stored: &str) -> String {
    let local = stored.strip_prefix("+45").unwrap_or(stored);
    if local.len() == 8 && local.bytes().all(|b| b.is_ascii_digit()) {
        let pairs: Vec<&str> = (0..4).map(|i| &local[i * 2..i * 2 + 2]).collect();
        format!("+45 {}", pairs.join(" "))
    } else {
        stored.to_owned()
    }
}

/// A map search for an address (OpenStreetMap). The address itself is shown beside it
/// as text: the link needs a network, the text does not.
pub fn map_url(address: &str) -> String {
    let one_line = address.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut query = String::new();
    for byte in one_line.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                query.push(byte as char)
            }
            b' ' => query.push('+'),
            _ => query.push_str(&format!("%{byte:02X}")),
        }
    }
    format!("https://www.openstreetmap.org/search?query={query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_link_carries_the_whole_address_escaped() {
        assert_eq!(
            map_url("Solvej 4,\n8000 Århus & C"),
            "https://www.openstreetmap.org/search?query=Solvej+4%2C+8000+%C3%85rhus+%26+C"
        );
    }

    #[test]
    fn email_addresses() {
        for ok in [
            "lone@solhaven.dk",
            " karim.h@aarhus.dk ",
            "a+b@frivillig-center.example.org",
            "søren@æble.dk",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "lone",
            "lone@",
            "@solhaven.dk",
            "lone@solhaven",
            "lo ne@solhaven.dk",
            "lone@@solhaven.dk",
            "lone@-x.dk",
            "lone@x..dk",
            ".lone@x.dk",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::InvalidEmail), "{bad}");
        }
        assert_eq!(Email::parse(" "), Err(Problem::Required));
    }

    #[test]
    fn danish_numbers_read_in_pairs_and_others_as_they_are() {
        assert_eq!(display_phone("20304050"), "+45 20 30 40 50");
        assert_eq!(display_phone("+4520304050"), "+45 20 30 40 50");
        assert_eq!(display_phone("+46701234567"), "+46701234567");
        assert_eq!(display_phone("123456789"), "123456789");
        assert_eq!(display_phone(""), "");
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(Phone::parse("12 34 56 78").unwrap().as_str(), "12345678");
        assert_eq!(
            Phone::parse("+45 12-34-56-78").unwrap().as_str(),
            "+4512345678"
        );
        assert_eq!(Phone::parse("(+45) 1234 5678"), Err(Problem::InvalidPhone));
        for bad in ["1234567", "12 34 56 7x", "1234567890123456", "++4512345678"] {
            assert_eq!(Phone::parse(bad), Err(Problem::InvalidPhone), "{bad}");
        }
    }
}
