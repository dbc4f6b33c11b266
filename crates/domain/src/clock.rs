//! Hybrid-logical-clock stamps that order every operation in the programme.
//!
//! A [`Stamp`] is the pair (HLC time, device id). Its text form
//! `"{time:016x}-{device:032x}"` sorts exactly like the pair, so it doubles as the
//! operation's key in IndexedDB and on the server.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;
use uhlc::{HLCBuilder, ID, NTP64};

/// How far ahead of our own clock a remote stamp may be before it is refused.
/// Devices at group homes can have clocks that are days wrong.
pub const MAX_CLOCK_DRIFT: Duration = Duration::from_secs(3 * 24 * 60 * 60);

/// A device's random, non-zero 128-bit id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(u128);

impl DeviceId {
    pub fn new(raw: u128) -> Result<DeviceId, StampError> {
        if raw == 0 {
            Err(StampError::ZeroDevice)
        } else {
            Ok(DeviceId(raw))
        }
    }

    /// A fresh random id (from the platform's secure random source).
    pub fn random() -> DeviceId {
        DeviceId(u128::from_le_bytes(ID::rand().to_le_bytes()))
    }

    fn hlc_id(self) -> ID {
        // Non-zero by construction, so the conversion cannot fail.
        ID::try_from(self.0).unwrap_or_else(|_| unreachable!("DeviceId is never zero"))
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl FromStr for DeviceId {
    type Err = StampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 32
            || !s
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(StampError::Malformed(s.to_owned()));
        }
        let raw = u128::from_str_radix(s, 16).map_err(|_| StampError::Malformed(s.to_owned()))?;
        DeviceId::new(raw)
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum StampError {
    #[error("malformed stamp or device id: {0:?}")]
    Malformed(String),
    #[error("a device id must not be zero")]
    ZeroDevice,
    #[error("stamp is more than the allowed drift ahead of this device's clock")]
    TooFarAhead,
}

/// When and where an operation was made: totally ordered, unique per operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// HLC time: NTP64 (32.32 fixed-point seconds since the Unix epoch).
    time: u64,
    device: DeviceId,
}

impl Stamp {
    pub fn new(time: u64, device: DeviceId) -> Stamp {
        Stamp { time, device }
    }

    pub fn time(&self) -> u64 {
        self.time
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// Wall-clock milliseconds since the Unix epoch (the HLC's physical part).
    pub fn unix_millis(&self) -> u64 {
        NTP64(self.time).to_duration().as_millis() as u64
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}-{}", self.time, self.device)
    }
}

impl FromStr for Stamp {
    type Err = StampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || StampError::Malformed(s.to_owned());
        let (time, device) = s.split_once('-').ok_or_else(malformed)?;
        if time.len() != 16
            || !time
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            return Err(malformed());
        }
        let time = u64::from_str_radix(time, 16).map_err(|_| malformed())?;
        Ok(Stamp {
            time,
            device: device.parse()?,
        })
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A device's hybrid logical clock: physical time from `physical`, never going backwards,
/// and always after every stamp it has seen.
pub struct Clock {
    hlc: uhlc::HLC,
    device: DeviceId,
}

impl Clock {
    /// `physical` reads the wall clock as NTP64 (the browser passes one built on `Date.now()`).
    pub fn new(device: DeviceId, physical: fn() -> NTP64) -> Clock {
        let hlc = HLCBuilder::new()
            .with_id(device.hlc_id())
            .with_clock(physical)
            .with_max_delta(MAX_CLOCK_DRIFT)
            .build();
        Clock { hlc, device }
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// A new stamp, later than every stamp this clock has made or observed.
    pub fn now(&self) -> Stamp {
        Stamp {
            time: self.hlc.new_timestamp().get_time().as_u64(),
            device: self.device,
        }
    }

    /// Moves the clock past a stamp seen from another device (or from storage at start-up).
    pub fn observe(&self, stamp: &Stamp) -> Result<(), StampError> {
        let remote = uhlc::Timestamp::new(NTP64(stamp.time), stamp.device.hlc_id());
        self.hlc
            .update_with_timestamp(&remote)
            .map_err(|_| StampError::TooFarAhead)
    }
}

/// The system's wall clock, for native code (the server and its tests). The browser has
/// no `SystemTime`; the app reads `js_sys::Date` instead.
#[cfg(not(target_arch = "wasm32"))]
pub fn system_clock() -> NTP64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    NTP64::from(since_epoch)
}

/// Converts Unix milliseconds to the NTP64 the clock works in.
pub fn ntp64_from_unix_millis(millis: f64) -> NTP64 {
    NTP64::from(Duration::from_micros((millis.max(0.0) * 1000.0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(n: u128) -> DeviceId {
        DeviceId::new(n).unwrap()
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_pair() {
        let a = Stamp::new(5, device(0xff));
        let b = Stamp::new(5, device(0x100));
        let c = Stamp::new(6, device(1));
        for s in [a, b, c] {
            assert_eq!(s.to_string().parse::<Stamp>().unwrap(), s);
        }
        assert!(a < b && b < c);
        assert!(a.to_string() < b.to_string() && b.to_string() < c.to_string());
    }

    #[test]
    fn malformed_stamps_are_refused() {
        for bad in [
            "",
            "x",
            "0000000000000001",
            "000000000000000g-00000000000000000000000000000001",
            "0000000000000001-00000000000000000000000000000000",
            "0000000000000001-0000000000000000000000000000001",
            "0000000000000001-0000000000000000000000000000000A",
        ] {
            assert!(bad.parse::<Stamp>().is_err(), "{bad}");
        }
    }

    fn fixed_clock() -> NTP64 {
        ntp64_from_unix_millis(1_700_000_000_000.0)
    }

    #[test]
    fn clock_is_monotonic_even_when_the_wall_clock_stands_still() {
        let clock = Clock::new(device(7), fixed_clock);
        let stamps: Vec<_> = (0..100).map(|_| clock.now()).collect();
        assert!(stamps.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(stamps[0].unix_millis(), 1_700_000_000_000);
    }

    #[test]
    fn clock_moves_past_observed_stamps_within_the_drift() {
        let clock = Clock::new(device(7), fixed_clock);
        let two_days = NTP64::from(Duration::from_secs(2 * 24 * 3600)).as_u64();
        let remote = Stamp::new(fixed_clock().as_u64() + two_days, device(9));
        clock.observe(&remote).unwrap();
        assert!(clock.now() > remote);
        let four_days = NTP64::from(Duration::from_secs(4 * 24 * 3600)).as_u64();
        let absurd = Stamp::new(fixed_clock().as_u64() + four_days, device(9));
        assert_eq!(clock.observe(&absurd), Err(StampError::TooFarAhead));
    }
}
