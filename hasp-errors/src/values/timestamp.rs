//! [`Timestamp`]: an RFC 3339 date-time, kept as the exact wire text.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{TextValue, ValueError, deserialize_text, parse_text, serialize_text};

/// The longest input [`Timestamp`] looks at; anything longer is rejected.
const TIMESTAMP_MAX_LEN: usize = 64;
/// Seconds from the Unix epoch to `0000-01-01T00:00:00Z`.
pub(super) const MIN_UNIX_SECONDS: i64 = -62_167_219_200;
/// Seconds from the Unix epoch to `9999-12-31T23:59:59Z`.
pub(super) const MAX_UNIX_SECONDS: i64 = 253_402_300_799;
const SECONDS_PER_DAY: i64 = 86_400;
/// The (year, month) of the first leap second, at the end of 1972-06-30.
const FIRST_LEAP_SECOND: (i64, i64) = (1972, 6);

/// An RFC 3339 date-time such as `2026-12-01T09:30:00.25+01:00`, kept as the
/// exact wire text so that re-serialising never changes what the server sent.
///
/// Accepted form: `YYYY-MM-DD`, `T` (or `t`), `HH:MM:SS`, optionally `.`
/// followed by 1 to 9 digits, then `Z` (or `z`) or a `+HH:MM` / `-HH:MM`
/// offset (at most `±23:59`; `-00:00` is accepted). Dates are checked
/// against the proleptic Gregorian calendar (including leap years; year
/// `0000` is one), years `0000` to `9999`. Inputs longer than 64 bytes are
/// rejected.
///
/// **Leap seconds.** Second `60` is accepted only where a leap second can
/// be (RFC 3339 section 5.7): the instant, moved to UTC by the offset, must
/// be `23:59:60` on the last day of March, June, September or December,
/// from 1972-06-30 (the first leap second) on. Appendix D of the RFC gives
/// those four month ends as the only opportunities (first preference June
/// and December, where every leap second so far has been). So
/// `2016-12-31T23:59:60Z` and `2016-12-31T18:59:60-05:00` are accepted, but
/// `2016-12-31T23:59:60-05:00` (04:59:60 UTC) and `2016-11-30T23:59:60Z`
/// are not. Which leap seconds really happened is not checked (no table to
/// go stale), and a negative leap second (a missing `23:59:59`) is not
/// modelled: every `:59` is accepted.
///
/// **Ordering** is chronological: `2026-01-01T00:00:00+01:00` comes before
/// `2025-12-31T23:30:00Z`, fractional seconds compare by value (`.09` before
/// `.1`), and a leap second comes after the `23:59:59` before it and before
/// the next day's `00:00:00`. Two different texts for the same instant
/// (`…T10:00:00Z` and `…T11:00:00+01:00`, or `.5` and `.50`) are ordered by
/// their text, so that ordering agrees with equality.
///
/// **Equality and hashing** are *textual*, like the value itself: those two
/// texts are different `Timestamp`s. To ask whether two timestamps are the
/// same instant, use [`Timestamp::cmp_instant`].
///
/// # Examples
///
/// ```
/// use hasp_errors::Timestamp;
/// use std::cmp::Ordering;
///
/// let t: Timestamp = "2026-12-01T00:00:00+01:00".parse()?;
/// assert_eq!(t.as_str(), "2026-12-01T00:00:00+01:00");
/// assert_eq!(t.unix_seconds(), 1_796_079_600);
/// assert!(Timestamp::parse("2023-02-29T00:00:00Z").is_err());
///
/// let utc: Timestamp = "2026-11-30T23:00:00Z".parse()?;
/// assert_ne!(t, utc);
/// assert_eq!(t.cmp_instant(&utc), Ordering::Equal);
/// # Ok::<(), hasp_errors::ValueError>(())
/// ```
#[derive(Clone)]
pub struct Timestamp {
    text: String,
    fields: TimestampFields,
}

/// The numeric fields of a validated timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TimestampFields {
    pub(super) year: u32,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) hour: u32,
    pub(super) minute: u32,
    /// `60` for a leap second.
    pub(super) second: u32,
    pub(super) nanos: u32,
    /// Offset east of UTC, in seconds (`+01:00` is `3600`).
    pub(super) offset_seconds: i32,
    /// Whole seconds since the Unix epoch, with the offset applied, a leap
    /// second counting as the `:59` before it.
    pub(super) utc_seconds: i64,
}

impl TimestampFields {
    /// Whether this is a leap second (`:60`).
    pub(super) fn is_leap_second(&self) -> bool {
        self.second == 60
    }

    /// A key that orders instants chronologically: a leap second sorts
    /// after the `:59` it follows (same `utc_seconds`) and before the next
    /// second (`utc_seconds + 1`).
    fn instant_key(&self) -> (i64, bool, u32) {
        (self.utc_seconds, self.is_leap_second(), self.nanos)
    }
}

/// A forward-only reader over the bytes of the input.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    /// Consumes the next byte if it is one of `choices`.
    fn eat(&mut self, choices: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| choices.contains(b))?;
        self.bump();
        Some(b)
    }

    /// Consumes exactly `n` ASCII digits (`n` is at most 4 here) and returns
    /// their value.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut value: u32 = 0;
        for _ in 0..n {
            let digit = self.peek().filter(u8::is_ascii_digit)?;
            value = value
                .checked_mul(10)?
                .checked_add(u32::from(digit.wrapping_sub(b'0')))?;
            self.bump();
        }
        Some(value)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
///
/// Howard Hinnant's `days_from_civil`, with checked arithmetic (for years
/// 0..=9999 every intermediate value is tiny, so it never fails).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    let y = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let month_from_march = month.checked_add(9)?.rem_euclid(12);
    let day_of_year = (month_from_march.checked_mul(153)?.checked_add(2)? / 5)
        .checked_add(day)?
        .checked_sub(1)?;
    let day_of_era = year_of_era
        .checked_mul(365)?
        .checked_add(year_of_era / 4)?
        .checked_sub(year_of_era / 100)?
        .checked_add(day_of_year)?;
    era.checked_mul(146_097)?
        .checked_add(day_of_era)?
        .checked_sub(719_468)
}

/// The proleptic Gregorian `(year, month, day)` that is `days` days after
/// 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, with checked arithmetic.
fn civil_from_days(days: i64) -> Option<(i64, i64, i64)> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = day_of_era
        .checked_sub(day_of_era / 1460)?
        .checked_add(day_of_era / 36_524)?
        .checked_sub(day_of_era / 146_096)?
        / 365;
    let day_of_year = day_of_era.checked_sub(
        year_of_era
            .checked_mul(365)?
            .checked_add(year_of_era / 4)?
            .checked_sub(year_of_era / 100)?,
    )?;
    let month_from_march = day_of_year.checked_mul(5)?.checked_add(2)? / 153;
    let day = day_of_year
        .checked_sub(month_from_march.checked_mul(153)?.checked_add(2)? / 5)?
        .checked_add(1)?;
    let month = if month_from_march < 10 {
        month_from_march.checked_add(3)?
    } else {
        month_from_march.checked_sub(9)?
    };
    let year = era
        .checked_mul(400)?
        .checked_add(year_of_era)?
        .checked_add(i64::from(month <= 2))?;
    Some((year, month, day))
}

/// Seconds east of UTC for a `+HH:MM` (or `-HH:MM`) offset.
fn offset_seconds(negative: bool, hours: u32, minutes: u32) -> Option<i32> {
    let magnitude = hours
        .checked_mul(3600)?
        .checked_add(minutes.checked_mul(60)?)?;
    let magnitude = i32::try_from(magnitude).ok()?;
    if negative {
        magnitude.checked_neg()
    } else {
        Some(magnitude)
    }
}

/// Seconds since the Unix epoch for the given fields (ignoring `nanos`),
/// with a leap second counted as the `:59` before it.
fn utc_seconds_of(f: &TimestampFields) -> Option<i64> {
    days_from_civil(i64::from(f.year), i64::from(f.month), i64::from(f.day))?
        .checked_mul(SECONDS_PER_DAY)?
        .checked_add(i64::from(f.hour).checked_mul(3600)?)?
        .checked_add(i64::from(f.minute).checked_mul(60)?)?
        .checked_add(i64::from(f.second.min(59)))?
        .checked_sub(i64::from(f.offset_seconds))
}

/// Checks that a leap second whose `:59` is `utc_seconds` is at a place
/// where RFC 3339 allows one (see the [`Timestamp`] docs).
fn check_leap_second(utc_seconds: i64) -> Result<(), &'static str> {
    if utc_seconds.rem_euclid(SECONDS_PER_DAY) != SECONDS_PER_DAY - 1 {
        return Err("second 60 (a leap second) is only valid at 23:59:60 UTC");
    }
    let (year, month, day) =
        civil_from_days(utc_seconds.div_euclid(SECONDS_PER_DAY)).ok_or("date-time out of range")?;
    if (year, month) < FIRST_LEAP_SECOND {
        return Err("no leap second before the first one, at the end of 1972-06-30");
    }
    let last_day = u32::try_from(year)
        .ok()
        .zip(u32::try_from(month).ok())
        .map(|(y, m)| days_in_month(y, m));
    if !matches!(month, 3 | 6 | 9 | 12) || last_day != u32::try_from(day).ok() {
        return Err(
            "a leap second can only end the last day of March, June, September or December (UTC)",
        );
    }
    Ok(())
}

/// Writes `YYYY-MM-DDTHH:MM:SS[.fraction]` and then `Z` (offset `None`) or
/// `±HH:MM`; the fraction has no trailing zeros. The caller validates.
fn write_text(
    (year, month, day): (i64, u32, u32),
    (hour, minute, second, nanos): (u32, u32, u32, u32),
    offset_seconds: Option<i32>,
) -> String {
    use std::fmt::Write as _;
    // A year outside 0000..=9999 is only shown in the error that rejects it.
    let sign = if year < 0 { "-" } else { "" };
    let year = year.unsigned_abs();
    let mut text = format!("{sign}{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    if nanos != 0 {
        let fraction = format!("{nanos:09}");
        let _ = write!(text, ".{}", fraction.trim_end_matches('0'));
    }
    match offset_seconds {
        None => text.push('Z'),
        Some(offset) => {
            let sign = if offset < 0 { '-' } else { '+' };
            let seconds = offset.unsigned_abs();
            let _ = write!(text, "{sign}{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
            if seconds % 60 != 0 {
                // Not RFC 3339: only shown in the error that rejects it.
                let _ = write!(text, ":{:02}", seconds % 60);
            }
        }
    }
    text
}

fn parse_timestamp(text: &str) -> Result<TimestampFields, &'static str> {
    if text.is_empty() {
        return Err("empty input");
    }
    if text.len() > TIMESTAMP_MAX_LEN {
        return Err("longer than 64 bytes");
    }
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };

    let year = c.digits(4).ok_or("expected a 4-digit year")?;
    c.eat(b"-").ok_or("expected '-' after the year")?;
    let month = c.digits(2).ok_or("expected a 2-digit month")?;
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    c.eat(b"-").ok_or("expected '-' after the month")?;
    let day = c.digits(2).ok_or("expected a 2-digit day")?;
    if day < 1 || day > days_in_month(year, month) {
        return Err("day out of range for the month");
    }
    c.eat(b"Tt")
        .ok_or("expected 'T' between the date and the time")?;
    let hour = c.digits(2).ok_or("expected a 2-digit hour")?;
    if hour > 23 {
        return Err("hour out of range");
    }
    c.eat(b":").ok_or("expected ':' after the hour")?;
    let minute = c.digits(2).ok_or("expected a 2-digit minute")?;
    if minute > 59 {
        return Err("minute out of range");
    }
    c.eat(b":").ok_or("expected ':' after the minute")?;
    let second = c.digits(2).ok_or("expected a 2-digit second")?;
    if second > 60 {
        return Err("second out of range");
    }

    let mut nanos: u32 = 0;
    if c.eat(b".").is_some() {
        let mut count: u32 = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if count == 9 {
                return Err("more than 9 fractional-second digits");
            }
            count = count.saturating_add(1);
            nanos = nanos
                .saturating_mul(10)
                .saturating_add(u32::from(d.wrapping_sub(b'0')));
            c.bump();
        }
        if count == 0 {
            return Err("expected digits after '.'");
        }
        nanos = nanos.saturating_mul(10u32.saturating_pow(9u32.saturating_sub(count)));
    }

    let offset_seconds = match c.peek() {
        None => return Err("missing UTC offset ('Z' or +HH:MM)"),
        Some(b'Z' | b'z') => {
            c.bump();
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.bump();
            let hours = c.digits(2).ok_or("expected a 2-digit offset hour")?;
            if hours > 23 {
                return Err("offset hour out of range");
            }
            c.eat(b":").ok_or("expected ':' in the UTC offset")?;
            let minutes = c.digits(2).ok_or("expected a 2-digit offset minute")?;
            if minutes > 59 {
                return Err("offset minute out of range");
            }
            offset_seconds(sign == b'-', hours, minutes).ok_or("offset out of range")?
        }
        Some(_) => return Err("expected 'Z' or a +HH:MM offset after the time"),
    };
    if !c.at_end() {
        return Err("unexpected characters after the UTC offset");
    }

    let mut fields = TimestampFields {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset_seconds,
        utc_seconds: 0,
    };
    fields.utc_seconds = utc_seconds_of(&fields).ok_or("date-time out of range")?;
    if fields.is_leap_second() {
        check_leap_second(fields.utc_seconds)?;
    }
    Ok(fields)
}

impl Timestamp {
    /// Validates `text` as an RFC 3339 date-time and keeps it verbatim.
    ///
    /// # Errors
    ///
    /// Returns a [`ValueError`] saying what is wrong when `text` is not an
    /// RFC 3339 date-time (see the [type docs](Timestamp) for the form).
    ///
    /// # Examples
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// assert!(Timestamp::parse("2016-12-31T23:59:60.5z").is_ok());
    /// let err = Timestamp::parse("2026-12-01 00:00:00Z").unwrap_err();
    /// assert_eq!(err.reason(), "expected 'T' between the date and the time");
    /// let err = Timestamp::parse("2016-12-31T23:59:60-05:00").unwrap_err();
    /// assert_eq!(err.reason(), "second 60 (a leap second) is only valid at 23:59:60 UTC");
    /// ```
    pub fn parse(text: &str) -> Result<Timestamp, ValueError> {
        parse_text(text)
    }

    /// The exact wire text.
    ///
    /// ```
    /// let t = hasp_errors::Timestamp::parse("2026-01-02T03:04:05.6-07:00")?;
    /// assert_eq!(t.as_str(), "2026-01-02T03:04:05.6-07:00");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since `1970-01-01T00:00:00Z`, with the UTC offset applied.
    ///
    /// Fractional seconds are dropped (rounded towards the past), and a leap
    /// second `:60` counts as one second after `:59`, so
    /// `…T23:59:60Z` has the same value as the next day's `T00:00:00Z`.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z")?.unix_seconds(), 0);
    /// assert_eq!(Timestamp::parse("1970-01-01T01:00:00+01:00")?.unix_seconds(), 0);
    /// assert_eq!(Timestamp::parse("1969-12-31T23:59:59.9Z")?.unix_seconds(), -1);
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn unix_seconds(&self) -> i64 {
        let leap = i64::from(self.fields.is_leap_second());
        self.fields.utc_seconds.saturating_add(leap)
    }

    /// The instant as a [`SystemTime`], fractional seconds included (a leap
    /// second counts as in [`unix_seconds`](Self::unix_seconds)); `None`
    /// where the platform's `SystemTime` cannot hold it.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let t = Timestamp::parse("1970-01-01T00:00:01.5+00:00")?;
    /// assert_eq!(t.to_system_time(), Some(UNIX_EPOCH + Duration::from_millis(1500)));
    /// let before = Timestamp::parse("1969-12-31T23:59:59.25Z")?;
    /// assert_eq!(before.to_system_time(), UNIX_EPOCH.checked_sub(Duration::from_millis(750)));
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let secs = self.unix_seconds();
        let whole = match u64::try_from(secs) {
            Ok(after) => UNIX_EPOCH.checked_add(Duration::from_secs(after)),
            Err(_) => UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs())),
        };
        whole?.checked_add(Duration::from_nanos(self.fields.nanos.into()))
    }

    /// The UTC timestamp `secs` seconds after `1970-01-01T00:00:00Z`, written
    /// as `YYYY-MM-DDTHH:MM:SSZ`.
    ///
    /// Returns `None` outside `0000-01-01T00:00:00Z..=9999-12-31T23:59:59Z`,
    /// which RFC 3339 cannot express.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let t = Timestamp::from_unix_seconds(946_684_800).unwrap();
    /// assert_eq!(t.as_str(), "2000-01-01T00:00:00Z");
    /// assert_eq!(Timestamp::from_unix_seconds(i64::MAX), None);
    /// ```
    #[must_use]
    pub fn from_unix_seconds(secs: i64) -> Option<Timestamp> {
        Timestamp::from_utc(secs, 0)
    }

    /// Compares the instants alone, ignoring how they are written: unlike
    /// [`Ord::cmp`], two texts for the same instant compare `Equal`.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    /// use std::cmp::Ordering;
    ///
    /// let a = Timestamp::parse("2026-12-01T00:00:00.5Z")?;
    /// let b = Timestamp::parse("2026-12-01T01:00:00.50+01:00")?;
    /// assert_eq!(a.cmp_instant(&b), Ordering::Equal);
    /// assert_eq!(a.cmp(&b), Ordering::Less); // same instant: then by text
    /// assert_ne!(a, b);
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn cmp_instant(&self, other: &Timestamp) -> Ordering {
        self.fields.instant_key().cmp(&other.fields.instant_key())
    }

    /// The fields of the wire text.
    #[cfg(any(feature = "chrono", feature = "jiff", feature = "time"))]
    pub(super) fn fields(&self) -> &TimestampFields {
        &self.fields
    }

    /// The UTC timestamp `secs` seconds and `nanos` nanoseconds after the
    /// Unix epoch, with the shortest fraction that is exact; `None` outside
    /// the years 0000 to 9999 or if `nanos` is not below one second.
    pub(super) fn from_utc(secs: i64, nanos: u32) -> Option<Timestamp> {
        if !(MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&secs) || nanos >= 1_000_000_000 {
            return None;
        }
        let (year, month, day) = civil_from_days(secs.div_euclid(SECONDS_PER_DAY))?;
        let time = u32::try_from(secs.rem_euclid(SECONDS_PER_DAY)).ok()?;
        let date = (year, u32::try_from(month).ok()?, u32::try_from(day).ok()?);
        let text = write_text(
            date,
            (time / 3600, time % 3600 / 60, time % 60, nanos),
            None,
        );
        parse_text(&text).ok()
    }

    /// The timestamp with these local fields and offset (`None` writes `Z`),
    /// validated like any text.
    #[cfg(any(feature = "chrono", feature = "time"))]
    pub(super) fn from_local(
        date: (i64, u32, u32),
        time: (u32, u32, u32, u32),
        offset_seconds: Option<i32>,
    ) -> Result<Timestamp, ValueError> {
        let text = write_text(date, time, offset_seconds);
        let kind = <Timestamp as TextValue>::KIND;
        if !(0..=9999).contains(&date.0) {
            return Err(ValueError::new(kind, &text, "year outside 0000 to 9999"));
        }
        if offset_seconds.is_some_and(|offset| offset % 60 != 0) {
            return Err(ValueError::new(
                kind,
                &text,
                "UTC offset has seconds, which RFC 3339 cannot write",
            ));
        }
        parse_text(&text)
    }
}

impl FromStr for Timestamp {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Timestamp, ValueError> {
        Timestamp::parse(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Timestamp) -> bool {
        self.text == other.text
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Ord for Timestamp {
    /// Chronological, then by text for equal instants written differently,
    /// so that `Equal` means equal text, as for [`PartialEq`].
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.cmp_instant(other)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl TextValue for Timestamp {
    const KIND: &'static str = "RFC 3339 timestamp";
    const EXPECTING: &'static str = "an RFC 3339 timestamp string";
    type Parsed = TimestampFields;

    fn validate(text: &str) -> Result<TimestampFields, &'static str> {
        parse_timestamp(text)
    }

    fn from_validated(text: String, fields: TimestampFields) -> Timestamp {
        Timestamp { text, fields }
    }

    fn text(&self) -> &str {
        &self.text
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_text(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserialize_text(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, RandomState};

    use super::super::test_support::*;
    use super::*;

    // ----- Timestamp: validation -------------------------------------------

    #[test]
    fn timestamp_accepts_valid_forms() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2026-12-01T00:00:00+01:00",
            "2026-12-01T00:00:00-08:00",
            "2026-12-01T00:00:00+23:59",
            "2026-12-01T00:00:00-00:00",
            "2026-12-01t00:00:00z",
            "2026-12-01T23:59:59.9Z",
            "2026-12-01T23:59:59.123456789Z",
            "2026-12-01T23:59:59.000000000+05:30",
            "2026-06-30T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-01-31T00:00:00Z",
            "2026-04-30T00:00:00Z",
            "0000-01-01T00:00:00-23:59",
            "0000-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:59:59.999999999+23:59",
            "0000-02-29T23:59:59Z",
            "2000-02-29T12:00:00.000000001-12:00",
            "1970-01-01T00:00:00.000000001Z",
        ] {
            let t = ts(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn timestamp_checks_february_29_with_the_gregorian_rule() {
        ts("2000-02-29T00:00:00Z"); // divisible by 400
        ts("2024-02-29T00:00:00Z"); // divisible by 4
        ts("0000-02-29T00:00:00Z"); // year 0 is a leap year
        ts("2400-02-29T00:00:00Z");
        for s in [
            "1900-02-29T00:00:00Z", // divisible by 100, not 400
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-02-30T00:00:00Z",
        ] {
            assert_eq!(ts_reason(s), "day out of range for the month", "{s}");
        }
    }

    #[test]
    fn timestamp_day_validity_agrees_with_the_day_count() {
        // Cross-check `days_in_month` against the independent day-number
        // conversion: a date exists iff day 1 of its month plus (day - 1)
        // days lands in the same month.
        for year in [
            0u32, 1, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2100, 9999,
        ] {
            for month in 1..=12u32 {
                let first = days_from_civil(i64::from(year), i64::from(month), 1).unwrap();
                for day in 0..=32u32 {
                    let s = format!("{year:04}-{month:02}-{day:02}T12:00:00Z");
                    let exists = day >= 1
                        && civil_from_days(first + i64::from(day) - 1)
                            == Some((i64::from(year), i64::from(month), i64::from(day)));
                    assert_eq!(Timestamp::parse(&s).is_ok(), exists, "{s}");
                }
            }
        }
    }

    #[test]
    fn timestamp_rejects_out_of_range_fields() {
        let cases = [
            ("2026-00-01T00:00:00Z", "month out of range"),
            ("2026-13-01T00:00:00Z", "month out of range"),
            ("2026-01-00T00:00:00Z", "day out of range for the month"),
            ("2026-01-32T00:00:00Z", "day out of range for the month"),
            ("2026-04-31T00:00:00Z", "day out of range for the month"),
            ("2026-01-01T24:00:00Z", "hour out of range"),
            ("2026-01-01T00:60:00Z", "minute out of range"),
            ("2026-01-01T00:00:61Z", "second out of range"),
            ("2026-01-01T00:00:99Z", "second out of range"),
            ("2026-01-01T00:00:00+24:00", "offset hour out of range"),
            ("2026-01-01T00:00:00+00:60", "offset minute out of range"),
        ];
        for (s, reason) in cases {
            assert_eq!(ts_reason(s), reason, "{s}");
        }
    }

    #[test]
    fn timestamp_rejects_malformed_text() {
        let cases = [
            ("", "empty input"),
            ("2026", "expected '-' after the year"),
            ("26-01-01T00:00:00Z", "expected a 4-digit year"),
            ("２０２６-01-01T00:00:00Z", "expected a 4-digit year"),
            ("2026-０1-01T00:00:00Z", "expected a 2-digit month"),
            ("+2026-01-01T00:00:00Z", "expected a 4-digit year"),
            ("20260-01-01T00:00:00Z", "expected '-' after the year"),
            ("2026/01/01T00:00:00Z", "expected '-' after the year"),
            ("2026-1-01T00:00:00Z", "expected a 2-digit month"),
            ("2026-01-1T00:00:00Z", "expected a 2-digit day"),
            ("2026-01-01", "expected 'T' between the date and the time"),
            (
                "2026-01-01 00:00:00Z",
                "expected 'T' between the date and the time",
            ),
            (
                "2026-01-01_00:00:00Z",
                "expected 'T' between the date and the time",
            ),
            ("2026-01-01T0:00:00Z", "expected a 2-digit hour"),
            ("2026-01-01T00-00:00Z", "expected ':' after the hour"),
            ("2026-01-01T00:0:00Z", "expected a 2-digit minute"),
            ("2026-01-01T00:00", "expected ':' after the minute"),
            ("2026-01-01T00:00:0Z", "expected a 2-digit second"),
            ("2026-01-01T00:00:00", "missing UTC offset ('Z' or +HH:MM)"),
            ("2026-01-01T00:00:00.Z", "expected digits after '.'"),
            ("2026-01-01T00:00:00.", "expected digits after '.'"),
            (
                "2026-01-01T00:00:00.1234567890Z",
                "more than 9 fractional-second digits",
            ),
            (
                "2026-01-01T00:00:00,5Z",
                "expected 'Z' or a +HH:MM offset after the time",
            ),
            (
                "2026-01-01T00:00:00 Z",
                "expected 'Z' or a +HH:MM offset after the time",
            ),
            (
                "2026-01-01T00:00:00UTC",
                "expected 'Z' or a +HH:MM offset after the time",
            ),
            ("2026-01-01T00:00:00+0100", "expected ':' in the UTC offset"),
            ("2026-01-01T00:00:00+01", "expected ':' in the UTC offset"),
            ("2026-01-01T00:00:00+1:00", "expected a 2-digit offset hour"),
            (
                "2026-01-01T00:00:00+01:0",
                "expected a 2-digit offset minute",
            ),
            (
                "2026-01-01T00:00:00ZZ",
                "unexpected characters after the UTC offset",
            ),
            (
                "2026-01-01T00:00:00Z ",
                "unexpected characters after the UTC offset",
            ),
            (
                "2026-01-01T00:00:00+01:00:00",
                "unexpected characters after the UTC offset",
            ),
            (
                "2026-01-01T00:00:00Zé",
                "unexpected characters after the UTC offset",
            ),
            (" 2026-01-01T00:00:00Z", "expected a 4-digit year"),
        ];
        for (s, reason) in cases {
            assert_eq!(ts_reason(s), reason, "{s:?}");
        }
    }

    #[test]
    fn timestamp_rejects_long_input_before_parsing() {
        let long = format!("2026-01-01T00:00:00Z{}", " ".repeat(45));
        assert_eq!(long.len(), 65);
        assert_eq!(ts_reason(&long), "longer than 64 bytes");
        assert_eq!(ts_reason(&"1".repeat(100_000)), "longer than 64 bytes");
        // 64 bytes exactly is parsed (and rejected for what it contains).
        let sixty_four = format!("2026-01-01T00:00:00Z{}", "0".repeat(44));
        assert_eq!(sixty_four.len(), 64);
        assert_eq!(
            ts_reason(&sixty_four),
            "unexpected characters after the UTC offset"
        );
    }

    #[test]
    fn timestamp_from_str_matches_parse() {
        let t: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        assert_eq!(t, ts("2026-12-01T00:00:00Z"));
        let e = "bad".parse::<Timestamp>().unwrap_err();
        assert_eq!(e, Timestamp::parse("bad").unwrap_err());
    }

    // ----- Timestamp: arithmetic -------------------------------------------

    #[test]
    fn timestamp_unix_seconds_of_known_instants() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-01-01T00:00:00Z", 946_684_800),
            ("2026-12-01T00:00:00+01:00", 1_796_079_600),
            ("2026-11-30T23:00:00Z", 1_796_079_600),
            ("2026-11-30T15:00:00-08:00", 1_796_079_600),
            ("2026-12-01T05:30:00+05:30", 1_796_083_200),
            ("1969-12-31T23:59:59Z", -1),
            ("1969-12-31T23:59:59.999999999Z", -1),
            ("1970-01-01T00:00:00.999Z", 0),
            ("2038-01-19T03:14:07Z", 2_147_483_647),
            ("1900-01-01T00:00:00Z", -2_208_988_800),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
            ("0000-01-01T00:00:00Z", MIN_UNIX_SECONDS),
            ("9999-12-31T23:59:59Z", MAX_UNIX_SECONDS),
            // Leap second: one past :59.
            ("2016-12-31T23:59:60Z", 1_483_228_800),
            ("2017-01-01T00:00:00Z", 1_483_228_800),
            // Extreme offsets at the ends of the range.
            ("0000-01-01T00:00:00+23:59", MIN_UNIX_SECONDS - 86_340),
            ("9999-12-31T23:59:59-23:59", MAX_UNIX_SECONDS + 86_340),
        ];
        for (s, secs) in cases {
            assert_eq!(ts(s).unix_seconds(), secs, "{s}");
        }
    }

    #[test]
    fn timestamp_from_unix_seconds_known_values() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (946_684_800, "2000-01-01T00:00:00Z"),
            (1_796_079_600, "2026-11-30T23:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (MIN_UNIX_SECONDS, "0000-01-01T00:00:00Z"),
            (MAX_UNIX_SECONDS, "9999-12-31T23:59:59Z"),
        ];
        for (secs, s) in cases {
            let t = Timestamp::from_unix_seconds(secs).unwrap();
            assert_eq!(t.as_str(), s, "{secs}");
        }
        for secs in [
            MIN_UNIX_SECONDS - 1,
            MAX_UNIX_SECONDS + 1,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(Timestamp::from_unix_seconds(secs), None, "{secs}");
        }
    }

    #[test]
    fn calendar_helpers_report_overflow_instead_of_panicking() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(civil_from_days(0), Some((1970, 1, 1)));
        assert_eq!(days_from_civil(i64::MIN, 1, 1), None);
        assert_eq!(days_from_civil(i64::MAX, 3, 1), None);
        assert_eq!(days_from_civil(2026, i64::MAX, 1), None);
        assert_eq!(civil_from_days(i64::MAX), None);
        // Far outside RFC 3339, but representable: no overflow, no panic.
        assert!(civil_from_days(i64::MIN).is_some());
        assert_eq!(offset_seconds(true, 23, 59), Some(-86_340));
        assert_eq!(offset_seconds(false, u32::MAX, 0), None);
    }

    #[test]
    fn timestamp_unix_seconds_round_trip() {
        let mut secs = MIN_UNIX_SECONDS;
        let step = 9_999_991; // a prime, so every time of day gets visited
        while secs <= MAX_UNIX_SECONDS {
            let t = Timestamp::from_unix_seconds(secs).unwrap();
            let reparsed = ts(t.as_str());
            assert_eq!(reparsed, t);
            assert_eq!(reparsed.unix_seconds(), secs, "{t}");
            secs += step;
        }
        // Every day boundary in 0000..=9999.
        for day in MIN_UNIX_SECONDS / SECONDS_PER_DAY..=MAX_UNIX_SECONDS / SECONDS_PER_DAY {
            let secs = day * SECONDS_PER_DAY;
            let t = Timestamp::from_unix_seconds(secs).unwrap();
            assert_eq!(t.unix_seconds(), secs, "{t}");
        }
    }

    #[test]
    fn timestamp_ordering_is_chronological_and_consistent_with_eq() {
        let mut values: Vec<Timestamp> = [
            "2026-12-01T00:00:00.5Z",
            "2026-12-01T00:00:00Z",
            "2026-12-01T01:00:00+01:00",
            "2026-11-30T23:59:59.999999999Z",
            "2026-12-01T00:00:00.50Z",
            "2026-12-01T00:00:00z",
            "1999-12-31T23:59:60Z",
            "2000-01-01T00:00:00Z",
            "2026-12-01T00:00:00.000000001Z",
        ]
        .iter()
        .map(|s| ts(s))
        .collect();
        values.sort();
        let sorted: Vec<&str> = values.iter().map(Timestamp::as_str).collect();
        assert_eq!(
            sorted,
            [
                "1999-12-31T23:59:60Z",
                "2000-01-01T00:00:00Z",
                "2026-11-30T23:59:59.999999999Z",
                "2026-12-01T00:00:00Z",
                "2026-12-01T00:00:00z",
                "2026-12-01T01:00:00+01:00",
                "2026-12-01T00:00:00.000000001Z",
                "2026-12-01T00:00:00.50Z",
                "2026-12-01T00:00:00.5Z",
            ]
        );
        assert_total_order_agrees_with_eq_and_hash(&values);
    }

    /// `Ord` is a total order that says `Equal` exactly when `Eq` says
    /// equal, and equal values hash equally.
    fn assert_total_order_agrees_with_eq_and_hash(values: &[Timestamp]) {
        let state = RandomState::new();
        for a in values {
            for b in values {
                assert_eq!(a.cmp(b) == Ordering::Equal, a == b, "{a} vs {b}");
                assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} vs {b}");
                assert_eq!(a.partial_cmp(b), Some(a.cmp(b)));
                if a == b {
                    assert_eq!(state.hash_one(a), state.hash_one(b));
                }
                // The order refines the instant order.
                if a.cmp_instant(b) != Ordering::Equal {
                    assert_eq!(a.cmp(b), a.cmp_instant(b), "{a} vs {b}");
                }
                for c in values {
                    if a <= b && b <= c {
                        assert!(a <= c, "{a} <= {b} <= {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn timestamp_orders_by_instant_across_offsets_and_fractions() {
        // Each pair: the first is strictly earlier.
        for (earlier, later) in [
            ("2026-01-01T00:00:00+01:00", "2025-12-31T23:30:00Z"),
            ("2026-01-01T00:00:00+00:01", "2025-12-31T23:59:59-00:01"),
            ("2026-01-01T23:59:00+23:59", "2026-01-01T00:00:01Z"),
            ("2026-01-01T00:00:00Z", "2025-12-31T00:01:01-23:59"),
            ("2026-01-01T00:00:00.09Z", "2026-01-01T00:00:00.1Z"),
            ("2026-01-01T00:00:00.099999999Z", "2026-01-01T00:00:00.1Z"),
            ("2026-01-01T00:00:00.9Z", "2026-01-01T00:00:01Z"),
            ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000000001Z"),
            ("1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z"),
            ("0000-01-01T00:00:00+23:59", "0000-01-01T00:00:00Z"),
            (
                "9999-12-31T23:59:59.999999999Z",
                "9999-12-31T23:59:59-23:59",
            ),
            // A leap second is after the :59 it follows, with any fraction,
            // and before the next day's midnight, in any offset.
            ("2016-12-31T23:59:59Z", "2016-12-31T23:59:60Z"),
            ("2016-12-31T23:59:59.999999999Z", "2016-12-31T23:59:60Z"),
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60.000000001Z"),
            ("2016-12-31T23:59:60.999999999Z", "2017-01-01T00:00:00Z"),
            ("2016-12-31T23:59:60.5Z", "2017-01-01T00:00:00.2Z"),
            ("2016-12-31T23:59:60.5Z", "2016-12-31T19:00:00.2-05:00"),
            ("2017-01-01T00:59:60+01:00", "2016-12-31T19:00:00-05:00"),
            ("2016-12-31T18:59:59.9-05:00", "2017-01-01T00:59:60+01:00"),
        ] {
            let (a, b) = (ts(earlier), ts(later));
            assert_eq!(a.cmp_instant(&b), Ordering::Less, "{a} < {b}");
            assert_eq!(a.cmp(&b), Ordering::Less, "{a} < {b}");
            assert_eq!(b.cmp(&a), Ordering::Greater, "{b} > {a}");
            assert!(a < b);
            assert!(b > a);
        }
    }

    #[test]
    fn timestamp_same_instant_different_text_is_ordered_by_text_not_equal() {
        let groups = [
            &[
                "2026-12-01T00:00:00Z",
                "2026-12-01T00:00:00z",
                "2026-12-01t00:00:00Z",
                "2026-12-01T00:00:00-00:00",
                "2026-12-01T00:00:00+00:00",
                "2026-12-01T00:00:00.0Z",
                "2026-12-01T00:00:00.000000000Z",
                "2026-12-01T01:00:00+01:00",
                "2026-11-30T19:00:00-05:00",
                "2026-12-01T23:59:00+23:59",
            ][..],
            &[
                "2026-12-01T00:00:00.5Z",
                "2026-12-01T00:00:00.50Z",
                "2026-12-01T00:00:00.500000000Z",
                "2026-12-01T05:30:00.5+05:30",
            ],
            &[
                "2016-12-31T23:59:60Z",
                "2016-12-31T18:59:60-05:00",
                "2017-01-01T00:59:60+01:00",
                "2017-01-01T05:29:60+05:30",
                "2016-12-31T23:59:60.0Z",
            ],
        ];
        let mut all = Vec::new();
        for group in groups {
            let values: Vec<Timestamp> = group.iter().map(|s| ts(s)).collect();
            for a in &values {
                for b in &values {
                    assert_eq!(a.cmp_instant(b), Ordering::Equal, "{a} vs {b}");
                    assert_eq!(a == b, a.as_str() == b.as_str(), "{a} vs {b}");
                    assert_eq!(a.cmp(b), a.as_str().cmp(b.as_str()), "{a} vs {b}");
                }
            }
            all.extend(values);
        }
        assert_total_order_agrees_with_eq_and_hash(&all);
        let set: std::collections::HashSet<&Timestamp> = all.iter().collect();
        assert_eq!(set.len(), all.len());
    }

    #[test]
    fn timestamp_ordering_matches_a_reference_over_a_grid() {
        // Every value here is compared with the instant computed
        // independently: (seconds of the UTC day, leap, nanoseconds).
        let mut values = Vec::new();
        for offset in ["Z", "+01:00", "-05:00", "+23:59", "-23:59", "+05:30"] {
            for (date, time) in [
                ("2016-12-31", "23:59:59"),
                ("2016-12-31", "23:59:60"),
                ("2017-01-01", "00:00:00"),
                ("2017-01-01", "00:59:60"),
                ("2016-12-31", "18:59:60"),
                ("2017-01-01", "05:29:60"),
                ("2017-01-01", "23:58:60"),
                ("2016-12-31", "00:00:60"),
            ] {
                for fraction in ["", ".1", ".09", ".999999999"] {
                    let s = format!("{date}T{time}{fraction}{offset}");
                    if let Ok(t) = Timestamp::parse(&s) {
                        values.push(t);
                    }
                }
            }
        }
        assert!(values.len() > 40, "{}", values.len());
        let reference = |t: &Timestamp| {
            let f = t.fields;
            let local = days_from_civil(i64::from(f.year), i64::from(f.month), i64::from(f.day))
                .unwrap()
                * 86_400
                + i64::from(f.hour) * 3600
                + i64::from(f.minute) * 60
                + i64::from(f.second.min(59));
            (local - i64::from(f.offset_seconds), f.second == 60, f.nanos)
        };
        for a in &values {
            for b in &values {
                assert_eq!(
                    a.cmp_instant(b),
                    reference(a).cmp(&reference(b)),
                    "{a} vs {b}"
                );
            }
        }
        assert_total_order_agrees_with_eq_and_hash(&values);
    }

    #[test]
    fn timestamp_accepts_leap_seconds_only_where_one_can_be() {
        for s in [
            "1972-06-30T23:59:60Z",
            "1972-12-31T23:59:60Z",
            "2016-12-31T23:59:60Z",
            "2015-06-30T23:59:60.999999999Z",
            "2016-12-31T23:59:60z",
            "2016-12-31t23:59:60.5z",
            "2016-12-31T18:59:60-05:00",
            "2017-01-01T00:59:60+01:00",
            "2017-01-01T05:29:60+05:30",
            "2017-01-01T23:58:60+23:59",
            "2016-12-31T00:00:60-23:59",
            "2016-12-31T23:59:60-00:00",
            "2016-12-31T23:59:60+00:00",
            // March and September: the second-preference opportunities.
            "2026-03-31T23:59:60Z",
            "2026-09-30T23:59:60Z",
            "2026-06-30T23:59:60Z",
            "9999-12-31T23:59:60Z",
            "9999-12-31T18:59:60-05:00",
        ] {
            let t = ts(s);
            assert!(t.fields.is_leap_second(), "{s}");
        }
        let not_2359 = "second 60 (a leap second) is only valid at 23:59:60 UTC";
        let not_month_end =
            "a leap second can only end the last day of March, June, September or December (UTC)";
        let before_first = "no leap second before the first one, at the end of 1972-06-30";
        let cases = [
            ("2016-12-31T23:59:60-05:00", not_2359),
            ("2016-12-31T23:59:60+01:00", not_2359),
            ("2017-01-01T00:00:60Z", not_2359),
            ("2016-12-31T23:58:60Z", not_2359),
            ("2016-12-31T22:59:60Z", not_2359),
            ("2016-12-31T00:59:60+01:00", not_month_end),
            ("2017-01-01T00:59:60+01:01", not_2359),
            ("2017-01-01T05:29:60+05:00", not_2359),
            ("2016-12-30T23:59:60Z", not_month_end),
            ("2016-11-30T23:59:60Z", not_month_end),
            ("2016-01-31T23:59:60Z", not_month_end),
            ("2016-02-29T23:59:60Z", not_month_end),
            ("2015-02-28T23:59:60Z", not_month_end),
            ("2016-04-30T23:59:60Z", not_month_end),
            ("2016-05-31T23:59:60Z", not_month_end),
            ("2016-07-31T23:59:60Z", not_month_end),
            ("2016-08-31T23:59:60Z", not_month_end),
            ("2016-10-31T23:59:60Z", not_month_end),
            ("2016-06-29T23:59:60Z", not_month_end),
            // Local date is a month end, UTC date is not.
            ("2016-06-30T05:29:60+05:30", not_month_end),
            ("2016-07-02T00:59:60+01:00", not_month_end),
            ("1971-12-31T23:59:60Z", before_first),
            ("1970-06-30T23:59:60Z", before_first),
            ("0000-03-31T23:59:60Z", before_first),
            ("1972-01-01T00:59:60+01:00", before_first),
            ("1972-03-31T23:59:60Z", before_first),
            ("1972-04-01T00:59:60+01:00", before_first),
        ];
        for (s, reason) in cases {
            assert_eq!(ts_reason(s), reason, "{s}");
        }
    }

    #[test]
    fn timestamp_equality_and_hash_are_textual() {
        let a = ts("2026-12-01T00:00:00Z");
        let b = ts("2026-12-01T01:00:00+01:00");
        assert_eq!(a.unix_seconds(), b.unix_seconds());
        assert_eq!(a.cmp_instant(&b), Ordering::Equal);
        assert_ne!(a, b);
        let state = RandomState::new();
        assert_eq!(
            state.hash_one(&a),
            state.hash_one(ts("2026-12-01T00:00:00Z"))
        );
        assert_eq!(format!("{a:?}"), r#"Timestamp("2026-12-01T00:00:00Z")"#);
    }

    #[test]
    fn timestamp_display_honours_padding() {
        let t = ts("2026-12-01T00:00:00Z");
        assert_eq!(format!("[{t:>22}]"), "[  2026-12-01T00:00:00Z]");
    }

    // ----- Timestamp: serde ------------------------------------------------

    #[test]
    fn timestamp_serde_round_trip() {
        let t = ts("2026-12-01T00:00:00.250+01:00");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#""2026-12-01T00:00:00.250+01:00""#);
        let back: Timestamp = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        // Owned-string path (serde_json::Value holds a String).
        let value = serde_json::Value::String(t.as_str().to_owned());
        let back: Timestamp = serde_json::from_value(value).unwrap();
        assert_eq!(back, t);
        // Escaped JSON strings go through the buffered path.
        let back: Timestamp = serde_json::from_str(r#""2026-12-01T00:00:00\u005a""#).unwrap();
        assert_eq!(back.as_str(), "2026-12-01T00:00:00Z");
    }

    #[test]
    fn timestamp_serde_rejects_invalid_text_and_wrong_types() {
        let err = serde_json::from_str::<Timestamp>(r#""2026-13-01T00:00:00Z""#).unwrap_err();
        assert!(
            err.to_string().starts_with(
                r#"invalid RFC 3339 timestamp "2026-13-01T00:00:00Z": month out of range"#
            ),
            "{err}"
        );
        let err = serde_json::from_value::<Timestamp>(serde_json::json!("2023-02-29T00:00:00Z"))
            .unwrap_err();
        assert!(err.to_string().contains("day out of range"), "{err}");

        let err = serde_json::from_str::<Timestamp>("1796079600").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: integer `1796079600`, expected an RFC 3339 timestamp"),
            "{err}"
        );
        let err = serde_json::from_str::<Timestamp>("null").unwrap_err();
        assert!(err.to_string().contains("invalid type: null"), "{err}");
    }
}
