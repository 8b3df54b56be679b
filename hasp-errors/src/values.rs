//! Validated value types used by the generated error-detail structs.
//!
//! * [`Timestamp`]: an RFC 3339 date-time, kept as the exact wire text.
//! * [`Url`]: an absolute URL (or IRI), kept as the exact wire text.
//! * [`Money`]: an exact decimal amount, never a lossy float.
//!
//! Every constructor validates its input and reports problems as a
//! [`ValueError`]; none of them panics, whatever the input.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

// ---------------------------------------------------------------------------
// ValueError
// ---------------------------------------------------------------------------

/// How many characters of the rejected input a [`ValueError`] keeps.
const QUOTED_INPUT_CHARS: usize = 64;

const TIMESTAMP_KIND: &str = "RFC 3339 timestamp";
const URL_KIND: &str = "absolute URL";
const MONEY_KIND: &str = "money amount";

/// The error returned when text is not a valid [`Timestamp`], [`Url`] or
/// [`Money`].
///
/// It says what kind of value was expected and why the input is not one,
/// quoting at most the first 64 characters of the input.
///
/// # Examples
///
/// ```
/// use hasp_errors::Timestamp;
///
/// let err = "2026-13-01T00:00:00Z".parse::<Timestamp>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"invalid RFC 3339 timestamp "2026-13-01T00:00:00Z": month out of range"#,
/// );
/// assert_eq!(err.reason(), "month out of range");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    expected: &'static str,
    input: String,
    truncated: bool,
    reason: &'static str,
}

impl ValueError {
    fn new(expected: &'static str, input: &str, reason: &'static str) -> ValueError {
        let (quoted, truncated) = match input.char_indices().nth(QUOTED_INPUT_CHARS) {
            Some((end, _)) => (input.get(..end).unwrap_or(input), true),
            None => (input, false),
        };
        ValueError {
            expected,
            input: quoted.to_owned(),
            truncated,
            reason,
        }
    }

    /// The kind of value that was expected, e.g. `"RFC 3339 timestamp"`.
    ///
    /// ```
    /// let err = hasp_errors::Url::parse("not a url").unwrap_err();
    /// assert_eq!(err.expected(), "absolute URL");
    /// ```
    #[must_use]
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// Why the input was rejected, e.g. `"month out of range"`.
    ///
    /// ```
    /// let err = hasp_errors::Money::parse("1.").unwrap_err();
    /// assert_eq!(err.reason(), "missing digits after the decimal point");
    /// ```
    #[must_use]
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// The rejected input, cut to its first 64 characters.
    ///
    /// ```
    /// let long = "x".repeat(100);
    /// let err = hasp_errors::Url::parse(&long).unwrap_err();
    /// assert_eq!(err.input(), "x".repeat(64));
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} \"", self.expected)?;
        for c in self.input.chars() {
            write!(f, "{}", c.escape_debug())?;
        }
        if self.truncated {
            f.write_str("…")?;
        }
        write!(f, "\": {}", self.reason)
    }
}

impl std::error::Error for ValueError {}

// ---------------------------------------------------------------------------
// Shared serde plumbing for the string newtypes
// ---------------------------------------------------------------------------

/// A value whose wire form is a validated string.
trait TextValue: Sized {
    const EXPECTING: &'static str;
    fn from_text(text: &str) -> Result<Self, ValueError>;
    fn from_owned_text(text: String) -> Result<Self, ValueError>;
}

struct TextVisitor<T>(PhantomData<T>);

impl<T: TextValue> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_text(v).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        T::from_owned_text(v).map_err(E::custom)
    }
}

// ---------------------------------------------------------------------------
// Timestamp
// ---------------------------------------------------------------------------

/// The longest input [`Timestamp`] looks at; anything longer is rejected.
const TIMESTAMP_MAX_LEN: usize = 64;
/// Seconds from the Unix epoch to `0000-01-01T00:00:00Z`.
const MIN_UNIX_SECONDS: i64 = -62_167_219_200;
/// Seconds from the Unix epoch to `9999-12-31T23:59:59Z`.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;
const SECONDS_PER_DAY: i64 = 86_400;

/// An RFC 3339 date-time such as `2026-12-01T09:30:00.25+01:00`, kept as the
/// exact wire text so that re-serialising never changes what the server sent.
///
/// Accepted form: `YYYY-MM-DD`, `T` (or `t`), `HH:MM:SS`, optionally `.`
/// followed by 1 to 9 digits, then `Z` (or `z`) or a `+HH:MM` / `-HH:MM`
/// offset. Dates are checked against the Gregorian calendar (including leap
/// years), and a leap second (`:60`) is accepted. Inputs longer than 64 bytes
/// are rejected.
///
/// Equality and hashing are *textual*: `…T10:00:00Z` and `…T11:00:00+01:00`
/// are different values. Ordering is *chronological* (then by fractional
/// seconds, then by text, so that it agrees with equality).
///
/// # Examples
///
/// ```
/// use hasp_errors::Timestamp;
///
/// let t: Timestamp = "2026-12-01T00:00:00+01:00".parse()?;
/// assert_eq!(t.as_str(), "2026-12-01T00:00:00+01:00");
/// assert_eq!(t.unix_seconds(), 1_796_079_600);
/// assert!(Timestamp::parse("2023-02-29T00:00:00Z").is_err());
/// # Ok::<(), hasp_errors::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp(String);

/// The numeric fields of a validated timestamp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct TimestampFields {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    /// Offset east of UTC, in seconds (`+01:00` is `3600`).
    offset_seconds: i32,
    /// Whole seconds since the Unix epoch, with the offset applied.
    unix_seconds: i64,
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

/// Seconds since the Unix epoch for the given fields (ignoring `nanos`).
fn unix_seconds_of(f: &TimestampFields) -> Option<i64> {
    days_from_civil(i64::from(f.year), i64::from(f.month), i64::from(f.day))?
        .checked_mul(SECONDS_PER_DAY)?
        .checked_add(i64::from(f.hour).checked_mul(3600)?)?
        .checked_add(i64::from(f.minute).checked_mul(60)?)?
        .checked_add(i64::from(f.second))?
        .checked_sub(i64::from(f.offset_seconds))
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
        unix_seconds: 0,
    };
    fields.unix_seconds = unix_seconds_of(&fields).ok_or("date-time out of range")?;
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
    /// assert!(Timestamp::parse("2024-02-29T23:59:60.5z").is_ok());
    /// let err = Timestamp::parse("2026-12-01 00:00:00Z").unwrap_err();
    /// assert_eq!(err.reason(), "expected 'T' between the date and the time");
    /// ```
    pub fn parse(text: &str) -> Result<Timestamp, ValueError> {
        parse_timestamp(text).map_err(|reason| ValueError::new(TIMESTAMP_KIND, text, reason))?;
        Ok(Timestamp(text.to_owned()))
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
        &self.0
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
        self.fields().unix_seconds
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
        if !(MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&secs) {
            return None;
        }
        let days = secs.div_euclid(SECONDS_PER_DAY);
        let time = secs.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days)?;
        Some(Timestamp(format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            time / 3600,
            time % 3600 / 60,
            time % 60,
        )))
    }

    /// The fields of the (already validated) wire text.
    fn fields(&self) -> TimestampFields {
        // Every `Timestamp` was validated on construction, so this cannot
        // fail; the default keeps the method total without panicking.
        parse_timestamp(&self.0).unwrap_or_default()
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
        f.pad(&self.0)
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        let (a, b) = (self.fields(), other.fields());
        a.unix_seconds
            .cmp(&b.unix_seconds)
            .then(a.nanos.cmp(&b.nanos))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl TextValue for Timestamp {
    const EXPECTING: &'static str = "an RFC 3339 timestamp string";

    fn from_text(text: &str) -> Result<Timestamp, ValueError> {
        Timestamp::parse(text)
    }

    fn from_owned_text(text: String) -> Result<Timestamp, ValueError> {
        parse_timestamp(&text).map_err(|reason| ValueError::new(TIMESTAMP_KIND, &text, reason))?;
        Ok(Timestamp(text))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

// ---------------------------------------------------------------------------
// Url
// ---------------------------------------------------------------------------

/// The longest URL accepted, in bytes.
const URL_MAX_LEN: usize = 2048;

/// An absolute URL such as `https://docs.example.com/errors#quota`, kept as
/// its exact text.
///
/// Validation is deliberately light: 1 to 2048 bytes; a scheme
/// (`[A-Za-z][A-Za-z0-9+.-]*`) followed by `:`; for `http` and `https` (any
/// case) a `//` followed by a non-empty host; no whitespace or control
/// characters anywhere. Non-ASCII characters are allowed, so IRIs such as
/// `https://例え.jp/` are accepted as sent.
///
/// This is not the [`url`](https://docs.rs/url) crate's `Url` on purpose:
/// keeping this crate's dependency graph (and so that of every crate that
/// depends on it) small matters more than full WHATWG parsing for a value
/// that is usually only displayed or followed. If you need to take a URL
/// apart, convert it with `url::Url::parse(u.as_str())`.
///
/// Equality, hashing and ordering compare the text.
///
/// # Examples
///
/// ```
/// use hasp_errors::Url;
///
/// let u: Url = "https://docs.example.com/errors#quota".parse()?;
/// assert_eq!(u.scheme(), "https");
/// assert!(Url::parse("/relative/path").is_err());
/// assert!(Url::parse("https:///no-host").is_err());
/// # Ok::<(), hasp_errors::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Url(String);

fn validate_url(text: &str) -> Result<(), &'static str> {
    if text.is_empty() {
        return Err("empty input");
    }
    if text.len() > URL_MAX_LEN {
        return Err("longer than 2048 bytes");
    }
    if text
        .chars()
        .any(|c| c.is_ascii_whitespace() || c.is_control())
    {
        return Err("contains whitespace or control characters");
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return Err("missing scheme (such as \"https:\")");
    };
    let mut scheme_bytes = scheme.bytes();
    match scheme_bytes.next() {
        None => return Err("empty scheme"),
        Some(first) if !first.is_ascii_alphabetic() => {
            return Err("scheme must start with an ASCII letter");
        }
        Some(_) => {}
    }
    if !scheme_bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        return Err("scheme may contain only ASCII letters, digits, '+', '-' and '.'");
    }
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        let Some(after) = rest.strip_prefix("//") else {
            return Err("expected \"//\" and a host after the http(s) scheme");
        };
        let host = after.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() {
            return Err("missing host");
        }
    }
    Ok(())
}

impl Url {
    /// Validates `text` as an absolute URL and keeps it verbatim.
    ///
    /// # Errors
    ///
    /// Returns a [`ValueError`] saying what is wrong when `text` is not an
    /// absolute URL (see the [type docs](Url) for the rules).
    ///
    /// ```
    /// use hasp_errors::Url;
    ///
    /// assert!(Url::parse("mailto:support@example.com").is_ok());
    /// let err = Url::parse("https://exa mple.com").unwrap_err();
    /// assert_eq!(err.reason(), "contains whitespace or control characters");
    /// ```
    pub fn parse(text: &str) -> Result<Url, ValueError> {
        validate_url(text).map_err(|reason| ValueError::new(URL_KIND, text, reason))?;
        Ok(Url(text.to_owned()))
    }

    /// The exact text of the URL.
    ///
    /// ```
    /// let u = hasp_errors::Url::parse("HTTPS://Example.COM")?;
    /// assert_eq!(u.as_str(), "HTTPS://Example.COM");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The scheme, as written (not lower-cased), without the `:`.
    ///
    /// ```
    /// let u = hasp_errors::Url::parse("HTTPS://Example.COM")?;
    /// assert_eq!(u.scheme(), "HTTPS");
    /// assert!(u.scheme().eq_ignore_ascii_case("https"));
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn scheme(&self) -> &str {
        self.0.split_once(':').map_or("", |(scheme, _)| scheme)
    }
}

impl FromStr for Url {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Url, ValueError> {
        Url::parse(s)
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl TextValue for Url {
    const EXPECTING: &'static str = "an absolute URL string";

    fn from_text(text: &str) -> Result<Url, ValueError> {
        Url::parse(text)
    }

    fn from_owned_text(text: String) -> Result<Url, ValueError> {
        validate_url(&text).map_err(|reason| ValueError::new(URL_KIND, &text, reason))?;
        Ok(Url(text))
    }
}

impl Serialize for Url {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Url, D::Error> {
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/// The most digits allowed before the decimal point.
const MONEY_MAX_INT_DIGITS: usize = 18;
/// The most digits allowed after the decimal point.
const MONEY_MAX_SCALE: u8 = 18;
/// The integer part of every `Money` is below this (18 digits at most).
const MONEY_INT_LIMIT: u64 = 1_000_000_000_000_000_000;

/// Why an amount with too many significant digits is rejected.
const MONEY_OVERFLOW: &str = "too many significant digits to represent exactly";

/// The message for a JSON float where a money amount was expected.
const MONEY_FLOAT_MESSAGE: &str = "money must be a decimal string such as \"12.50\", \
     not a floating-point number, so that no rounding happens";

/// An exact decimal amount of money (USD in this API), never a lossy float.
///
/// Stored as an `i64` mantissa and a scale (the number of fraction digits):
/// `"412.50"` is `(41250, 2)`.
///
/// Wire form: a JSON string holding an optional `-`, 1 to 18 integer digits,
/// and optionally a `.` followed by 1 to 18 fraction digits, with all the
/// digits together fitting an `i64` mantissa. No exponent, no `+`, no spaces,
/// no empty parts (`"1."` and `".5"` are rejected). When deserializing, JSON
/// integers (up to 18 digits) are accepted too, but JSON floats are
/// rejected so that nothing is ever rounded.
///
/// Equality, ordering and hashing are *numeric*: `1.50 == 1.5` and
/// `-0 == 0`. [`Display`](fmt::Display) (and serialization) writes exactly
/// `scale` fraction digits, so the text sent is kept (apart from a sign on
/// zero or leading zeros).
///
/// # Examples
///
/// ```
/// use hasp_errors::Money;
///
/// let price: Money = "412.50".parse()?;
/// assert_eq!((price.mantissa(), price.scale()), (41250, 2));
/// assert_eq!(price.to_string(), "412.50");
/// assert_eq!(price, Money::parse("412.5")?);
/// assert!(Money::parse("1e3").is_err());
/// # Ok::<(), hasp_errors::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Money {
    mantissa: i64,
    scale: u8,
}

fn parse_money(text: &str) -> Result<Money, &'static str> {
    if text.is_empty() {
        return Err("empty input");
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !frac_part.is_none_or(all_digits) {
        return Err(
            "expected an optional '-', digits, and optionally '.' followed by digits \
             (no spaces, '+' or exponent)",
        );
    }
    if int_part.is_empty() {
        return Err("missing digits before the decimal point");
    }
    if int_part.len() > MONEY_MAX_INT_DIGITS {
        return Err("more than 18 digits before the decimal point");
    }
    if frac_part == Some("") {
        return Err("missing digits after the decimal point");
    }
    let frac_part = frac_part.unwrap_or_default();
    if frac_part.len() > usize::from(MONEY_MAX_SCALE) {
        return Err("more than 18 digits after the decimal point");
    }
    let scale = u8::try_from(frac_part.len()).map_err(|_| "too many fraction digits")?;

    let mut mantissa: i64 = 0;
    for b in int_part.bytes().chain(frac_part.bytes()) {
        let digit = i64::from(b.wrapping_sub(b'0'));
        mantissa = mantissa.checked_mul(10).ok_or(MONEY_OVERFLOW)?;
        // Accumulate negatives directly so that `i64::MIN` is reachable.
        mantissa = if negative {
            mantissa.checked_sub(digit)
        } else {
            mantissa.checked_add(digit)
        }
        .ok_or(MONEY_OVERFLOW)?;
    }
    Ok(Money { mantissa, scale })
}

impl Money {
    /// Validates `text` as a decimal amount (see the [type docs](Money) for
    /// the form).
    ///
    /// # Errors
    ///
    /// Returns a [`ValueError`] when `text` is not such a decimal, or has
    /// more significant digits than an `i64` mantissa holds.
    ///
    /// ```
    /// use hasp_errors::Money;
    ///
    /// assert_eq!(Money::parse("-0.05")?.to_string(), "-0.05");
    /// assert!(Money::parse(".5").is_err());
    /// assert!(Money::parse("9999999999999999999").is_err());
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Money, ValueError> {
        parse_money(text).map_err(|reason| ValueError::new(MONEY_KIND, text, reason))
    }

    /// The amount `mantissa × 10^-scale`.
    ///
    /// Returns `None` if `scale` is above 18, or if the integer part would
    /// have more than 18 digits (so that every `Money` can be written and
    /// read back in the wire form).
    ///
    /// ```
    /// use hasp_errors::Money;
    ///
    /// assert_eq!(Money::new(41250, 2).unwrap().to_string(), "412.50");
    /// assert_eq!(Money::new(7, 0).unwrap().to_string(), "7");
    /// assert_eq!(Money::new(1, 19), None);
    /// assert_eq!(Money::new(i64::MAX, 0), None);
    /// ```
    #[must_use]
    pub fn new(mantissa: i64, scale: u8) -> Option<Money> {
        if scale > MONEY_MAX_SCALE {
            return None;
        }
        let divisor = 10u64.checked_pow(u32::from(scale))?;
        let integer_part = mantissa.unsigned_abs().checked_div(divisor)?;
        if integer_part >= MONEY_INT_LIMIT {
            return None;
        }
        Some(Money { mantissa, scale })
    }

    /// The digits of the amount as an integer: `412.50` gives `41250`.
    ///
    /// ```
    /// assert_eq!(hasp_errors::Money::parse("-1.250")?.mantissa(), -1250);
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn mantissa(self) -> i64 {
        self.mantissa
    }

    /// The number of fraction digits: `412.50` gives `2`.
    ///
    /// ```
    /// assert_eq!(hasp_errors::Money::parse("-1.250")?.scale(), 3);
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    #[must_use]
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// The mantissa rescaled to `scale` (never smaller than `self.scale`).
    ///
    /// With both scales at most 18 and `|mantissa| <= 2^63`, the result is
    /// below `10^37`, far inside `i128`; saturation is never reached.
    fn rescaled(self, scale: u8) -> i128 {
        let factor = 10i128.saturating_pow(u32::from(scale.saturating_sub(self.scale)));
        i128::from(self.mantissa).saturating_mul(factor)
    }
}

impl FromStr for Money {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Money, ValueError> {
        Money::parse(s)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        if scale == 0 {
            return f.pad(&format!("{sign}{digits}"));
        }
        let padded = format!("{digits:0>width$}", width = scale.saturating_add(1));
        let text = match padded.split_at_checked(padded.len().saturating_sub(scale)) {
            Some((int_part, frac_part)) => format!("{sign}{int_part}.{frac_part}"),
            // Unreachable: `padded` is ASCII and longer than `scale`.
            None => format!("{sign}{padded}"),
        };
        f.pad(&text)
    }
}

impl PartialEq for Money {
    fn eq(&self, other: &Money) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Money {}

impl Ord for Money {
    fn cmp(&self, other: &Money) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.rescaled(scale).cmp(&other.rescaled(scale))
    }
}

impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Money {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Hash the normal form (no trailing fraction zeros) so that equal
        // amounts hash equally: 1.50 and 1.5 both hash as (15, 1).
        let (mut mantissa, mut scale) = (self.mantissa, self.scale);
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale = scale.saturating_sub(1);
        }
        mantissa.hash(state);
        scale.hash(state);
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct MoneyVisitor;

impl MoneyVisitor {
    fn integer<E: de::Error>(value: Option<i64>, text: &dyn fmt::Display) -> Result<Money, E> {
        value.and_then(|m| Money::new(m, 0)).ok_or_else(|| {
            E::custom(ValueError::new(
                MONEY_KIND,
                &text.to_string(),
                "more than 18 digits before the decimal point",
            ))
        })
    }
}

impl Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal string such as \"12.50\", or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        MoneyVisitor::integer(Some(v), &v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        MoneyVisitor::integer(i64::try_from(v).ok(), &v)
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Money, E> {
        Err(E::custom(MONEY_FLOAT_MESSAGE))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, RandomState};

    // ----- helpers ---------------------------------------------------------

    fn ts(s: &str) -> Timestamp {
        match Timestamp::parse(s) {
            Ok(t) => t,
            Err(e) => panic!("{s:?} should be a valid timestamp: {e}"),
        }
    }

    fn ts_reason(s: &str) -> &'static str {
        match Timestamp::parse(s) {
            Ok(t) => panic!("{s:?} should be rejected, got {t:?}"),
            Err(e) => e.reason(),
        }
    }

    fn money(s: &str) -> Money {
        match Money::parse(s) {
            Ok(m) => m,
            Err(e) => panic!("{s:?} should be valid money: {e}"),
        }
    }

    fn money_reason(s: &str) -> &'static str {
        match Money::parse(s) {
            Ok(m) => panic!("{s:?} should be rejected, got {m:?}"),
            Err(e) => e.reason(),
        }
    }

    fn url_reason(s: &str) -> &'static str {
        match Url::parse(s) {
            Ok(u) => panic!("{s:?} should be rejected, got {u:?}"),
            Err(e) => e.reason(),
        }
    }

    /// A small deterministic xorshift generator for the no-panic sweeps.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }
    }

    fn random_string(rng: &mut Rng, alphabet: &[char], max_len: usize) -> String {
        let len = rng.below(max_len + 1);
        (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect()
    }

    // ----- ValueError ------------------------------------------------------

    #[test]
    fn value_error_display_matches_the_documented_form() {
        let err = Timestamp::parse("2026-13-01T00:00:00Z").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid RFC 3339 timestamp "2026-13-01T00:00:00Z": month out of range"#
        );
        assert_eq!(err.expected(), "RFC 3339 timestamp");
        assert_eq!(err.input(), "2026-13-01T00:00:00Z");
        assert_eq!(err.reason(), "month out of range");

        let err = Url::parse("nope").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid absolute URL "nope": missing scheme (such as "https:")"#
        );
        let err = Money::parse("1.").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid money amount "1.": missing digits after the decimal point"#
        );
    }

    #[test]
    fn value_error_truncates_long_input_on_a_char_boundary() {
        // Multi-byte characters: a byte-based cut would split one of them.
        let input = "é".repeat(100);
        let err = Money::parse(&input).unwrap_err();
        assert_eq!(err.input().chars().count(), QUOTED_INPUT_CHARS);
        assert_eq!(err.input(), "é".repeat(64));
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("\"{}…\"", "é".repeat(64))),
            "{shown}"
        );

        // Exactly 64 characters is not truncated.
        let input = "€".repeat(64);
        let err = Url::parse(&input).unwrap_err();
        assert_eq!(err.input(), input);
        assert!(!err.to_string().contains('…'));

        // Huge inputs are cut too.
        let huge = "9".repeat(1_000_000);
        let err = Timestamp::parse(&huge).unwrap_err();
        assert_eq!(err.input().len(), 64);
        assert!(err.to_string().len() < 200);
    }

    #[test]
    fn value_error_escapes_quotes_and_control_characters() {
        let err = Url::parse("a\"b\nc").unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains(r#""a\"b\nc""#), "{shown}");
    }

    #[test]
    fn value_error_is_a_std_error() {
        fn takes_error(_: &dyn std::error::Error) {}
        let err = Money::parse("").unwrap_err();
        takes_error(&err);
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err.clone());
        assert_eq!(boxed.to_string(), err.to_string());
    }

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
        for a in &values {
            for b in &values {
                assert_eq!(a.cmp(b) == Ordering::Equal, a == b, "{a} vs {b}");
                assert_eq!(a.cmp(b), b.cmp(a).reverse());
                assert_eq!(a.partial_cmp(b), Some(a.cmp(b)));
            }
        }
    }

    #[test]
    fn timestamp_equality_and_hash_are_textual() {
        let a = ts("2026-12-01T00:00:00Z");
        let b = ts("2026-12-01T01:00:00+01:00");
        assert_eq!(a.unix_seconds(), b.unix_seconds());
        assert_ne!(a, b);
        let state = RandomState::new();
        assert_eq!(
            state.hash_one(&a),
            state.hash_one(ts("2026-12-01T00:00:00Z"))
        );
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

    // ----- Url ---------------------------------------------------------------

    #[test]
    fn url_accepts_valid_forms() {
        for (s, scheme) in [
            ("https://example.com", "https"),
            ("https://example.com/", "https"),
            ("https://docs.example.com/errors?code=E1#quota", "https"),
            ("http://127.0.0.1:8080/x", "http"),
            ("http://[::1]/", "http"),
            ("https://user:pw@example.com", "https"),
            ("HTTPS://Example.COM", "HTTPS"),
            ("hTTp://h", "hTTp"),
            ("https://example.com?q", "https"),
            ("https://example.com#frag", "https"),
            ("https://例え.jp/パス?q=値", "https"),
            ("mailto:support@example.com", "mailto"),
            ("urn:isbn:0451450523", "urn"),
            ("tel:+1-201-555-0123", "tel"),
            ("data:,hello", "data"),
            ("file:///etc/hosts", "file"),
            ("x:", "x"),
            ("a+b.c-d:opaque", "a+b.c-d"),
            ("httpx:no-slashes-needed", "httpx"),
        ] {
            let u = Url::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            assert_eq!(u.as_str(), s);
            assert_eq!(u.to_string(), s);
            assert_eq!(u.scheme(), scheme, "{s}");
            assert_eq!(s.parse::<Url>().unwrap(), u);
        }
    }

    #[test]
    fn url_rejects_invalid_forms() {
        let ws = "contains whitespace or control characters";
        let cases = [
            ("", "empty input"),
            ("example.com", "missing scheme (such as \"https:\")"),
            ("/relative/path", "missing scheme (such as \"https:\")"),
            ("//example.com/x", "missing scheme (such as \"https:\")"),
            (":foo", "empty scheme"),
            (
                "1http://example.com",
                "scheme must start with an ASCII letter",
            ),
            ("+x:y", "scheme must start with an ASCII letter"),
            (
                "ht_tp://example.com",
                "scheme may contain only ASCII letters, digits, '+', '-' and '.'",
            ),
            (
                "héllo:world",
                "scheme may contain only ASCII letters, digits, '+', '-' and '.'",
            ),
            (
                "example.com/a:b",
                "scheme may contain only ASCII letters, digits, '+', '-' and '.'",
            ),
            (
                "http:example.com",
                "expected \"//\" and a host after the http(s) scheme",
            ),
            (
                "https:/example.com",
                "expected \"//\" and a host after the http(s) scheme",
            ),
            (
                "HTTPS:example.com",
                "expected \"//\" and a host after the http(s) scheme",
            ),
            ("http://", "missing host"),
            ("https:///path", "missing host"),
            ("https://?q=1", "missing host"),
            ("https://#frag", "missing host"),
            ("https://exa mple.com", ws),
            (" https://example.com", ws),
            ("https://example.com ", ws),
            ("https://example.com/\n", ws),
            ("https://example.com/\t", ws),
            ("https://example.com/\r", ws),
            ("https://example.com/\u{0}", ws),
            ("https://example.com/\u{7f}", ws),
            ("https://example.com/\u{85}", ws),
            ("https://example.com/\u{c}", ws),
        ];
        for (s, reason) in cases {
            assert_eq!(url_reason(s), reason, "{s:?}");
        }
    }

    #[test]
    fn url_length_limit() {
        let prefix = "https://example.com/";
        let ok = format!("{prefix}{}", "a".repeat(URL_MAX_LEN - prefix.len()));
        assert_eq!(ok.len(), 2048);
        assert!(Url::parse(&ok).is_ok());
        let too_long = format!("{ok}a");
        assert_eq!(url_reason(&too_long), "longer than 2048 bytes");
        // Length is counted in bytes, not characters.
        let multibyte = format!("{prefix}{}", "é".repeat(1015));
        assert_eq!(multibyte.len(), 2050);
        assert_eq!(url_reason(&multibyte), "longer than 2048 bytes");
        assert_eq!(
            url_reason(&"x".repeat(10_000_000)),
            "longer than 2048 bytes"
        );
    }

    #[test]
    fn url_eq_ord_hash_are_textual() {
        let a = Url::parse("https://a.example").unwrap();
        let b = Url::parse("https://b.example").unwrap();
        let upper = Url::parse("HTTPS://a.example").unwrap();
        assert!(a < b);
        assert_ne!(a, upper);
        let state = RandomState::new();
        assert_eq!(
            state.hash_one(&a),
            state.hash_one(Url::parse("https://a.example").unwrap())
        );
    }

    #[test]
    fn url_serde_round_trip_and_errors() {
        let u = Url::parse("https://例え.jp/errors?x=1#y").unwrap();
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, "\"https://例え.jp/errors?x=1#y\"");
        let back: Url = serde_json::from_str(&json).unwrap();
        assert_eq!(back, u);
        let back: Url = serde_json::from_value(serde_json::json!(u.as_str())).unwrap();
        assert_eq!(back, u);

        let err = serde_json::from_str::<Url>(r#""https://""#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(r#"invalid absolute URL "https://": missing host"#),
            "{err}"
        );
        // A JSON escape can smuggle in a control character; it is still caught.
        let err = serde_json::from_str::<Url>(r#""https://example.com/\n""#).unwrap_err();
        assert!(err.to_string().contains("control characters"), "{err}");
        let err = serde_json::from_str::<Url>("42").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: integer `42`, expected an absolute URL string"),
            "{err}"
        );
    }

    // ----- Money: validation -----------------------------------------------

    #[test]
    fn money_accepts_valid_forms() {
        let cases = [
            ("0", 0, 0, "0"),
            ("7", 7, 0, "7"),
            ("412.50", 41_250, 2, "412.50"),
            ("-0.05", -5, 2, "-0.05"),
            ("0.000000000000000001", 1, 18, "0.000000000000000001"),
            ("-1.250", -1_250, 3, "-1.250"),
            ("007.10", 710, 2, "7.10"),
            ("-0", 0, 0, "0"),
            ("-0.00", 0, 2, "0.00"),
            (
                "999999999999999999",
                999_999_999_999_999_999,
                0,
                "999999999999999999",
            ),
            (
                "-999999999999999999",
                -999_999_999_999_999_999,
                0,
                "-999999999999999999",
            ),
            ("922337203685477580.7", i64::MAX, 1, "922337203685477580.7"),
            (
                "-922337203685477580.8",
                i64::MIN,
                1,
                "-922337203685477580.8",
            ),
            ("9.223372036854775807", i64::MAX, 18, "9.223372036854775807"),
            (
                "-9.223372036854775808",
                i64::MIN,
                18,
                "-9.223372036854775808",
            ),
        ];
        for (s, mantissa, scale, shown) in cases {
            let m = money(s);
            assert_eq!((m.mantissa(), m.scale()), (mantissa, scale), "{s}");
            assert_eq!(m.to_string(), shown, "{s}");
            assert_eq!(s.parse::<Money>().unwrap(), m);
        }
    }

    #[test]
    fn money_rejects_invalid_forms() {
        let syntax = money_reason("x");
        let cases = [
            ("", "empty input"),
            ("-", "missing digits before the decimal point"),
            (".5", "missing digits before the decimal point"),
            ("-.5", "missing digits before the decimal point"),
            ("1.", "missing digits after the decimal point"),
            ("-1.", "missing digits after the decimal point"),
            (".", "missing digits before the decimal point"),
            ("+1", syntax),
            ("--1", syntax),
            ("1-", syntax),
            ("1e3", syntax),
            ("1E3", syntax),
            ("1.5e-2", syntax),
            (" 1", syntax),
            ("1 ", syntax),
            ("1,000.00", syntax),
            ("1.2.3", syntax),
            ("1..2", syntax),
            ("NaN", syntax),
            ("inf", syntax),
            ("１２", syntax),
            ("٣", syntax),
            ("$1.00", syntax),
            ("0x10", syntax),
            (
                "9999999999999999999",
                "more than 18 digits before the decimal point",
            ),
            (
                "-1000000000000000000",
                "more than 18 digits before the decimal point",
            ),
            (
                "0.0000000000000000001",
                "more than 18 digits after the decimal point",
            ),
            (
                "999999999999999999.99",
                "too many significant digits to represent exactly",
            ),
            (
                "922337203685477580.8",
                "too many significant digits to represent exactly",
            ),
            (
                "-922337203685477580.9",
                "too many significant digits to represent exactly",
            ),
            (
                "10.000000000000000000",
                "too many significant digits to represent exactly",
            ),
            (
                "123456789012345678.123456789012345678",
                "too many significant digits to represent exactly",
            ),
        ];
        for (s, reason) in cases {
            assert_eq!(money_reason(s), reason, "{s:?}");
        }
        assert_eq!(
            money_reason(&"1".repeat(1_000_000)),
            "more than 18 digits before the decimal point"
        );
    }

    #[test]
    fn money_new_enforces_the_wire_limits() {
        assert_eq!(Money::new(41_250, 2), Some(money("412.50")));
        assert_eq!(Money::new(0, 18).map(Money::scale), Some(18));
        assert_eq!(Money::new(1, 19), None);
        assert_eq!(Money::new(1, u8::MAX), None);
        assert_eq!(
            Money::new(999_999_999_999_999_999, 0).map(Money::mantissa),
            Some(999_999_999_999_999_999)
        );
        assert_eq!(Money::new(1_000_000_000_000_000_000, 0), None);
        assert_eq!(Money::new(-1_000_000_000_000_000_000, 0), None);
        assert_eq!(Money::new(i64::MAX, 0), None);
        assert_eq!(Money::new(i64::MIN, 0), None);
        assert!(Money::new(i64::MAX, 1).is_some());
        assert!(Money::new(i64::MIN, 1).is_some());
        assert!(Money::new(i64::MIN, 18).is_some());
    }

    #[test]
    fn money_display_round_trips_for_every_constructible_value() {
        for scale in 0..=MONEY_MAX_SCALE {
            for mantissa in [
                0,
                1,
                -1,
                9,
                10,
                -10,
                123_456,
                -123_456,
                999_999_999_999_999_999,
                -999_999_999_999_999_999,
                i64::MAX,
                i64::MIN,
                i64::MAX / 7,
            ] {
                let Some(m) = Money::new(mantissa, scale) else {
                    continue;
                };
                let shown = m.to_string();
                let back = money(&shown);
                assert_eq!(
                    (back.mantissa(), back.scale()),
                    (mantissa, scale),
                    "{shown}"
                );
                let fraction = shown.split_once('.').map_or("", |(_, f)| f);
                assert_eq!(fraction.len(), usize::from(scale), "{shown}");
            }
        }
        assert_eq!(format!("[{:>8}]", money("-1.5")), "[    -1.5]");
    }

    // ----- Money: numeric semantics ----------------------------------------

    #[test]
    fn money_equality_is_numeric() {
        assert_eq!(money("1.50"), money("1.5"));
        assert_eq!(money("1.000000000000000000"), money("1"));
        assert_eq!(money("0"), money("-0.000"));
        assert_eq!(money("-2.10"), money("-2.1"));
        assert_ne!(money("1.5"), money("1.05"));
        assert_ne!(money("1.5"), money("-1.5"));
        assert_ne!(money("0.000000000000000001"), money("0"));
        // Extremes at different scales do not overflow the comparison.
        assert_ne!(
            Money::new(i64::MIN, 1).unwrap(),
            Money::new(i64::MIN, 18).unwrap()
        );
        assert_ne!(money("922337203685477580.7"), money("922337203685477580.6"));
    }

    #[test]
    fn money_ordering_is_numeric() {
        let mut values: Vec<Money> = [
            "1.5",
            "-0.05",
            "10",
            "1.49",
            "-922337203685477580.8",
            "922337203685477580.7",
            "0.000000000000000001",
            "-9.223372036854775808",
            "0",
            "1.50",
        ]
        .iter()
        .map(|s| money(s))
        .collect();
        values.sort();
        let sorted: Vec<String> = values.iter().map(Money::to_string).collect();
        assert_eq!(
            sorted,
            [
                "-922337203685477580.8",
                "-9.223372036854775808",
                "-0.05",
                "0",
                "0.000000000000000001",
                "1.49",
                "1.5",
                "1.50",
                "10",
                "922337203685477580.7",
            ]
        );
        assert!(money("0.1") > money("0.09"));
        assert!(money("-0.1") < money("-0.09"));
        assert_eq!(money("2.0").partial_cmp(&money("2")), Some(Ordering::Equal));
    }

    #[test]
    fn money_hash_is_consistent_with_eq() {
        let state = RandomState::new();
        let groups = [
            &["1.5", "1.50", "1.500000000000000000"][..],
            &["0", "-0", "0.00", "-0.000000000000000000"],
            &["-2.1", "-2.10", "-2.100"],
            &["100", "100.0", "100.00"],
            &["10", "10.000"],
        ];
        for group in groups {
            let first = money(group[0]);
            for s in group {
                let m = money(s);
                assert_eq!(m, first, "{s}");
                assert_eq!(state.hash_one(m), state.hash_one(first), "{s}");
            }
        }
        let set: std::collections::HashSet<Money> = ["1.5", "1.50", "2", "2.00", "-0", "0"]
            .iter()
            .map(|s| money(s))
            .collect();
        assert_eq!(set.len(), 3);
        // And exhaustively over a small grid: equal values hash equally.
        let grid: Vec<Money> = (-30..=30)
            .flat_map(|m| (0..=3).filter_map(move |s| Money::new(m, s)))
            .collect();
        for a in &grid {
            for b in &grid {
                if a == b {
                    assert_eq!(state.hash_one(a), state.hash_one(b), "{a} vs {b}");
                }
                assert_eq!(a.cmp(b) == Ordering::Equal, a == b);
            }
        }
    }

    // ----- Money: serde ----------------------------------------------------

    #[test]
    fn money_serde_round_trip() {
        for s in [
            "412.50",
            "-0.05",
            "7",
            "0.000000000000000001",
            "-922337203685477580.8",
        ] {
            let m = money(s);
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{s}\""));
            let back: Money = serde_json::from_str(&json).unwrap();
            assert_eq!((back.mantissa(), back.scale()), (m.mantissa(), m.scale()));
        }
        let back: Money = serde_json::from_value(serde_json::json!("12.50")).unwrap();
        assert_eq!(back.to_string(), "12.50");
    }

    #[test]
    fn money_deserializes_json_integers() {
        let m: Money = serde_json::from_str("12").unwrap();
        assert_eq!((m.mantissa(), m.scale()), (12, 0));
        let m: Money = serde_json::from_str("-5").unwrap();
        assert_eq!((m.mantissa(), m.scale()), (-5, 0));
        let m: Money = serde_json::from_str("999999999999999999").unwrap();
        assert_eq!(m.mantissa(), 999_999_999_999_999_999);

        for big in [
            "1000000000000000000",
            "-1000000000000000000",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
        ] {
            let err = serde_json::from_str::<Money>(big).unwrap_err();
            assert!(
                err.to_string()
                    .contains("more than 18 digits before the decimal point"),
                "{big}: {err}"
            );
        }
    }

    #[test]
    fn money_rejects_json_floats() {
        for float in ["12.5", "12.50", "1e3", "-0.0", "1.0"] {
            let err = serde_json::from_str::<Money>(float).unwrap_err();
            let shown = err.to_string();
            assert!(shown.starts_with(MONEY_FLOAT_MESSAGE), "{float}: {shown}");
            assert!(
                shown.contains(r#"decimal string such as "12.50""#),
                "{shown}"
            );
            assert!(shown.contains("no rounding"), "{shown}");
        }
        let err = serde_json::from_value::<Money>(serde_json::json!(0.1)).unwrap_err();
        assert!(err.to_string().contains("no rounding"), "{err}");
    }

    #[test]
    fn money_serde_rejects_invalid_strings_and_wrong_types() {
        let err = serde_json::from_str::<Money>(r#""1.""#).unwrap_err();
        assert!(
            err.to_string().starts_with(
                r#"invalid money amount "1.": missing digits after the decimal point"#
            ),
            "{err}"
        );
        let err = serde_json::from_str::<Money>(r#""9999999999999999999""#).unwrap_err();
        assert!(err.to_string().contains("more than 18 digits"), "{err}");
        for wrong in ["true", "null", "[]", "{}"] {
            let err = serde_json::from_str::<Money>(wrong).unwrap_err();
            assert!(
                err.to_string().contains("invalid type")
                    && err
                        .to_string()
                        .contains(r#"expected a decimal string such as "12.50", or an integer"#),
                "{wrong}: {err}"
            );
        }
    }

    #[test]
    fn detail_struct_round_trip() {
        // How generated error-detail structs use these types.
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Detail {
            at: Timestamp,
            docs: Url,
            amount: Money,
        }
        let json = r#"{"at":"2026-12-01T00:00:00+01:00","docs":"https://example.com/e","amount":"412.50"}"#;
        let d: Detail = serde_json::from_str(json).unwrap();
        assert_eq!(d.amount, money("412.5"));
        assert_eq!(serde_json::to_string(&d).unwrap(), json);
    }

    // ----- never panics ----------------------------------------------------

    #[test]
    fn parsers_never_panic_on_arbitrary_input() {
        let alphabet: Vec<char> = "0123456789-:.+TtZz /?#htps:é２\u{0}\u{7f}\u{10FFFF}"
            .chars()
            .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let s = random_string(&mut rng, &alphabet, 40);
            if let Ok(t) = Timestamp::parse(&s) {
                assert_eq!(t.as_str(), s);
                let _ = t.unix_seconds();
            }
            if let Ok(u) = Url::parse(&s) {
                assert_eq!(u.as_str(), s);
                assert!(!u.scheme().is_empty());
            }
            if let Ok(m) = Money::parse(&s) {
                assert_eq!(money(&m.to_string()), m);
            }
        }
    }

    #[test]
    fn mutated_valid_inputs_never_panic() {
        let seeds = [
            "2024-02-29T23:59:60.123456789+23:59",
            "https://例え.jp/x?y#z",
            "-922337203685477580.8",
        ];
        let replacements: Vec<char> = "09-:.+TZé\u{0}".chars().collect();
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for seed in seeds {
            for _ in 0..5_000 {
                let mut chars: Vec<char> = seed.chars().collect();
                for _ in 0..=rng.below(3) {
                    let i = rng.below(chars.len());
                    match rng.below(3) {
                        0 => chars[i] = replacements[rng.below(replacements.len())],
                        1 => {
                            chars.remove(i);
                        }
                        _ => chars.insert(i, replacements[rng.below(replacements.len())]),
                    }
                }
                let s: String = chars.into_iter().collect();
                if let Ok(t) = Timestamp::parse(&s) {
                    let secs = t.unix_seconds();
                    assert!(
                        (MIN_UNIX_SECONDS - 86_400..=MAX_UNIX_SECONDS + 86_400).contains(&secs)
                    );
                }
                let _ = Url::parse(&s);
                if let Ok(m) = Money::parse(&s) {
                    assert_eq!(money(&m.to_string()), m);
                }
            }
        }
    }
}
