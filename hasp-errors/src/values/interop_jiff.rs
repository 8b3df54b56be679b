//! [`Timestamp`] to and from [`jiff::Timestamp`] (feature `jiff`).
//!
//! A `jiff::Timestamp` is an instant without an offset, and has no leap
//! seconds: converting to it keeps the instant and drops the offset, and a
//! leap second (`:60`) is an error rather than being moved to another
//! instant. Converting from it writes the instant in UTC (`…Z`).

use super::{TextValue, Timestamp, ValueError};

/// What a [`ValueError`] from a conversion to `jiff` says was expected.
const JIFF_KIND: &str = "jiff::Timestamp";

impl TryFrom<jiff::Timestamp> for Timestamp {
    type Error = ValueError;

    /// The instant in UTC, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, with the
    /// shortest fraction that is exact.
    ///
    /// # Errors
    ///
    /// When the instant is outside `0000-01-01T00:00:00Z` to
    /// `9999-12-31T23:59:59.999999999Z`, which RFC 3339 cannot write.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let instant = jiff::Timestamp::new(1_483_228_799, 500_000_000).unwrap();
    /// let t = Timestamp::try_from(instant)?;
    /// assert_eq!(t.as_str(), "2016-12-31T23:59:59.5Z");
    /// assert!(Timestamp::try_from(jiff::Timestamp::MIN).is_err());
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(instant: jiff::Timestamp) -> Result<Timestamp, ValueError> {
        let (seconds, nanos) = (instant.as_second(), instant.subsec_nanosecond());
        // jiff gives negative instants negative nanoseconds.
        let (seconds, nanos) = if nanos < 0 {
            (seconds.checked_sub(1), nanos.checked_add(1_000_000_000))
        } else {
            (Some(seconds), Some(nanos))
        };
        seconds
            .zip(nanos.and_then(|n| u32::try_from(n).ok()))
            .and_then(|(seconds, nanos)| Timestamp::from_utc(seconds, nanos))
            .ok_or_else(|| {
                ValueError::new(
                    <Timestamp as TextValue>::KIND,
                    &instant.to_string(),
                    "outside the years 0000 to 9999 (UTC)",
                )
            })
    }
}

impl TryFrom<&Timestamp> for jiff::Timestamp {
    type Error = ValueError;

    /// The same instant; the offset is not kept.
    ///
    /// # Errors
    ///
    /// For a leap second (`jiff` has none), and for instants after
    /// `jiff::Timestamp::MAX` (`9999-12-30T22:00:00.999999999Z`).
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let t = Timestamp::parse("2026-12-01T01:00:00.25+01:00")?;
    /// let instant = jiff::Timestamp::try_from(&t)?;
    /// assert_eq!(instant.to_string(), "2026-12-01T00:00:00.25Z");
    ///
    /// let leap = Timestamp::parse("2016-12-31T23:59:60Z")?;
    /// let err = jiff::Timestamp::try_from(&leap).unwrap_err();
    /// assert_eq!(err.reason(), "a leap second (:60), which jiff::Timestamp cannot hold");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(t: &Timestamp) -> Result<jiff::Timestamp, ValueError> {
        let f = t.fields();
        if f.is_leap_second() {
            return Err(ValueError::new(
                JIFF_KIND,
                t.as_str(),
                "a leap second (:60), which jiff::Timestamp cannot hold",
            ));
        }
        i32::try_from(f.nanos)
            .ok()
            .and_then(|nanos| jiff::Timestamp::new(f.utc_seconds, nanos).ok())
            .ok_or_else(|| {
                ValueError::new(
                    JIFF_KIND,
                    t.as_str(),
                    "outside the range of jiff::Timestamp",
                )
            })
    }
}

impl TryFrom<Timestamp> for jiff::Timestamp {
    type Error = ValueError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<jiff::Timestamp, ValueError> {
        jiff::Timestamp::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::ts;
    use super::*;

    fn instant(seconds: i64, nanos: i32) -> jiff::Timestamp {
        jiff::Timestamp::new(seconds, nanos).unwrap()
    }

    #[test]
    fn from_jiff_writes_the_instant_in_utc() {
        for (seconds, nanos, text) in [
            (0, 0, "1970-01-01T00:00:00Z"),
            (0, 1, "1970-01-01T00:00:00.000000001Z"),
            (-1, 0, "1969-12-31T23:59:59Z"),
            (0, -1, "1969-12-31T23:59:59.999999999Z"),
            (-1, -500_000_000, "1969-12-31T23:59:58.5Z"),
            (1_796_079_600, 250_000_000, "2026-11-30T23:00:00.25Z"),
            (951_782_400, 120_000, "2000-02-29T00:00:00.00012Z"),
            (-62_167_219_200, 0, "0000-01-01T00:00:00Z"),
            (
                253_402_128_000,
                999_999_999,
                "9999-12-30T00:00:00.999999999Z",
            ),
        ] {
            let t = Timestamp::try_from(instant(seconds, nanos)).unwrap();
            assert_eq!(t.as_str(), text);
            // And back: the same instant.
            assert_eq!(
                jiff::Timestamp::try_from(&t).unwrap(),
                instant(seconds, nanos)
            );
        }
        // jiff's own RFC 3339 text agrees.
        let i = instant(1_700_000_000, 123_000_000);
        assert_eq!(Timestamp::try_from(i).unwrap().as_str(), i.to_string());
    }

    #[test]
    fn from_jiff_rejects_years_before_0000() {
        for i in [
            jiff::Timestamp::MIN,
            instant(-62_167_219_201, 0),
            instant(-62_167_219_200, -1),
        ] {
            let err = Timestamp::try_from(i).unwrap_err();
            assert_eq!(err.reason(), "outside the years 0000 to 9999 (UTC)", "{i}");
            assert_eq!(err.expected(), "RFC 3339 timestamp");
            assert_eq!(err.input(), i.to_string());
        }
        // jiff's maximum is inside 9999.
        assert!(Timestamp::try_from(jiff::Timestamp::MAX).is_ok());
    }

    #[test]
    fn to_jiff_keeps_the_instant_and_drops_the_offset() {
        for (text, seconds, nanos) in [
            ("2026-12-01T00:00:00+01:00", 1_796_079_600, 0),
            ("2026-11-30T15:00:00.5-08:00", 1_796_079_600, 500_000_000),
            ("1969-12-31T23:59:59.9Z", -1, 900_000_000),
            ("0000-01-01T00:00:00+23:59", -62_167_219_200 - 86_340, 0),
            (
                "9999-12-30T22:00:00.999999999Z",
                253_402_207_200,
                999_999_999,
            ),
        ] {
            let i = jiff::Timestamp::try_from(ts(text)).unwrap();
            assert_eq!(i, instant(seconds, nanos), "{text}");
        }
    }

    #[test]
    fn to_jiff_rejects_leap_seconds_and_instants_past_its_range() {
        for text in ["2016-12-31T23:59:60Z", "2017-01-01T00:59:60.5+01:00"] {
            let err = jiff::Timestamp::try_from(&ts(text)).unwrap_err();
            assert_eq!(
                err.reason(),
                "a leap second (:60), which jiff::Timestamp cannot hold"
            );
            assert_eq!(err.expected(), "jiff::Timestamp");
            assert_eq!(err.input(), text);
        }
        for text in [
            "9999-12-30T22:00:01Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59-23:59",
        ] {
            let err = jiff::Timestamp::try_from(&ts(text)).unwrap_err();
            assert_eq!(
                err.reason(),
                "outside the range of jiff::Timestamp",
                "{text}"
            );
        }
    }

    #[test]
    fn round_trips_through_jiff_for_every_day_boundary_step() {
        let mut seconds = -62_167_219_200;
        while seconds < 253_402_207_200 {
            let i = instant(seconds, 7);
            let t = Timestamp::try_from(i).unwrap();
            assert_eq!(t.unix_seconds(), seconds);
            assert_eq!(jiff::Timestamp::try_from(&t).unwrap(), i);
            seconds += 7_777_777;
        }
    }
}
