//! Hybrid-logical-clock stamps that order every operation in the programme.
//!
//! A [`Stamp`] is the pair (HLC time, device id). Its text form
//! `"{time:016x}-{device:032x}"` sorts exactly like the pair, so it doubles as the
//! operation's key in IndexedDB and on the server.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use thiserror::Error;

use uhlc::{ID, NTP64};

/// How far ahead of the server's clock a pushed stamp may be before it is refused: a
/// device whose clock runs fast would otherwise drag every clock it reaches forward.
/// Judged against the server's time (see [`Clock::trust`]), never a device's own.
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

    /// For constants: `None` for zero.
    pub const fn new_const(raw: u128) -> Option<DeviceId> {
        if raw == 0 { None } else { Some(DeviceId(raw)) }
    }

    /// A fresh random id (from the platform's secure random source).
    pub fn random() -> DeviceId {
        DeviceId(u128::from_le_bytes(ID::rand().to_le_bytes()))
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

/// A device's hybrid logical clock: physical time, corrected by what the server's clock
/// said, and never going backwards; every stamp it makes is after every stamp it has made
/// or observed, whatever the device's own clock says (days slow, days fast, reset to
/// 2000). Observing never refuses: a stamp is only ever refused by the server, against
/// its own time.
pub struct Clock {
    device: DeviceId,
    physical: fn() -> NTP64,
    /// The greatest time made or observed.
    last: AtomicU64,
    /// Trusted time minus the device's wall clock, in NTP64 units (see [`Clock::trust`]).
    offset: AtomicI64,
    /// Whether a trusted time has been learnt (else the wall clock is all there is).
    trusted: AtomicBool,
}

impl Clock {
    /// `physical` reads the wall clock as NTP64 (the browser passes one built on `Date.now()`).
    pub fn new(device: DeviceId, physical: fn() -> NTP64) -> Clock {
        Clock {
            device,
            physical,
            last: AtomicU64::new(0),
            offset: AtomicI64::new(0),
            trusted: AtomicBool::new(false),
        }
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The wall clock corrected by the last trusted time: what this device believes the
    /// time is, as NTP64.
    pub fn trusted_now(&self) -> u64 {
        let wall = (self.physical)().as_u64();
        wall.saturating_add_signed(self.offset.load(Ordering::Relaxed))
    }

    /// Learns the time from a trusted source (the server's reply): from now on physical
    /// time is the wall clock plus the difference. `trusted` is Unix milliseconds.
    pub fn trust(&self, trusted_unix_millis: u64) {
        let trusted = ntp64_from_unix_millis(trusted_unix_millis as f64).as_u64();
        let wall = (self.physical)().as_u64();
        self.set_offset(trusted.wrapping_sub(wall) as i64);
    }

    /// Whether the clock has learnt a trusted time (now or before a restart).
    pub fn trusted(&self) -> bool {
        self.trusted.load(Ordering::Relaxed)
    }

    /// The correction [`Clock::trust`] found, to keep across restarts.
    pub fn offset(&self) -> i64 {
        self.offset.load(Ordering::Relaxed)
    }

    pub fn set_offset(&self, offset: i64) {
        self.offset.store(offset, Ordering::Relaxed);
        self.trusted.store(true, Ordering::Relaxed);
    }

    /// A new stamp, later than every stamp this clock has made or observed.
    pub fn now(&self) -> Stamp {
        let physical = self.trusted_now();
        let previous = self
            .last
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
                Some(physical.max(last.saturating_add(1)))
            })
            .unwrap_or_else(|last| last);
        Stamp {
            time: physical.max(previous.saturating_add(1)),
            device: self.device,
        }
    }

    /// Moves the clock past a stamp it holds: seen from another device, or read from
    /// storage at start-up.
    pub fn observe(&self, stamp: &Stamp) {
        self.last.fetch_max(stamp.time, Ordering::Relaxed);
    }

    /// Forgets every stamp made or observed and starts again after `latest`: for a device
    /// that has just taken back stamps made with a clock far ahead (they are re-made).
    pub fn restart_after(&self, latest: Option<Stamp>) {
        self.last
            .store(latest.map_or(0, |s| s.time), Ordering::Relaxed);
    }

    /// Whether a stamp lies further ahead of the trusted time than any clock may run.
    /// Without a trusted time nothing is judged: a device's own clock may be the wrong
    /// one.
    pub fn too_far_ahead(&self, stamp: &Stamp) -> bool {
        self.trusted()
            && stamp.time
                > self
                    .trusted_now()
                    .saturating_add(NTP64::from(MAX_CLOCK_DRIFT).as_u64())
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

    fn days(n: u64) -> u64 {
        NTP64::from(Duration::from_secs(n * 24 * 3600)).as_u64()
    }

    #[test]
    fn clock_moves_past_every_observed_stamp_however_far_ahead() {
        let clock = Clock::new(device(7), fixed_clock);
        for ahead in [2, 40, 400] {
            let remote = Stamp::new(fixed_clock().as_u64() + days(ahead), device(9));
            clock.observe(&remote);
            assert!(clock.now() > remote);
        }
    }

    fn year_2000() -> NTP64 {
        ntp64_from_unix_millis(946_684_800_000.0)
    }

    #[test]
    fn a_clock_reset_to_2000_still_stamps_after_what_it_holds() {
        let before = Clock::new(device(7), fixed_clock);
        let held = before.now();
        let after = Clock::new(device(7), year_2000);
        after.observe(&held);
        assert!(after.now() > held);
    }

    #[test]
    fn trusted_time_corrects_a_wrong_wall_clock() {
        let clock = Clock::new(device(7), year_2000);
        assert!(clock.now().unix_millis() < 1_000_000_000_000);
        let far = Stamp::new(fixed_clock().as_u64(), device(9));
        assert!(
            !clock.too_far_ahead(&far),
            "nothing is judged without a trusted time"
        );
        clock.trust(1_700_000_000_000);
        let millis = clock.now().unix_millis();
        assert!(
            (1_700_000_000_000..1_700_000_001_000).contains(&millis),
            "{millis}"
        );
        // Kept across restarts through the offset.
        let again = Clock::new(device(7), year_2000);
        again.set_offset(clock.offset());
        assert!(again.trusted_now().abs_diff(clock.trusted_now()) < days(1));
        let ahead = Stamp::new(clock.trusted_now() + days(4), device(9));
        assert!(clock.too_far_ahead(&ahead));
        assert!(!clock.too_far_ahead(&Stamp::new(clock.trusted_now() + days(2), device(9))));
    }

    #[test]
    fn restarting_after_taking_stamps_back_stamps_from_the_trusted_time() {
        let clock = Clock::new(device(7), fixed_clock);
        clock.observe(&Stamp::new(fixed_clock().as_u64() + days(30), device(7)));
        let kept = Stamp::new(fixed_clock().as_u64() - days(1), device(9));
        clock.restart_after(Some(kept));
        let next = clock.now();
        assert!(next > kept && next.time() < fixed_clock().as_u64() + days(1));
    }
}
