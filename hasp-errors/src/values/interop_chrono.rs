//! [`Timestamp`] to and from [`chrono::DateTime`] (feature `chrono`), in
//! [`FixedOffset`] (the offset is kept) and [`Utc`].
//!
//! chrono can hold a leap second (as nanoseconds past one second at
//! `:59`), so leap seconds convert both ways; one that chrono holds where
//! RFC 3339 allows none is an error.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use super::{TextValue, Timestamp, ValueError};

/// What a [`ValueError`] from a conversion to chrono says was expected.
const CHRONO_KIND: &str = "chrono::DateTime";
const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// The timestamp of chrono's local fields, a leap second written `:60`.
fn from_chrono<T: Datelike + Timelike + std::fmt::Debug>(
    local: &T,
    offset_seconds: Option<i32>,
) -> Result<Timestamp, ValueError> {
    let (mut second, mut nanos) = (local.second(), local.nanosecond());
    if nanos >= NANOS_PER_SECOND {
        if second != 59 {
            // chrono keeps its leap seconds at :59, but a local time moved
            // by an offset with seconds can carry one elsewhere.
            return Err(ValueError::new(
                <Timestamp as TextValue>::KIND,
                &format!("{local:?}"),
                "a leap second that is not at :59",
            ));
        }
        second = 60;
        nanos = nanos.saturating_sub(NANOS_PER_SECOND);
    }
    Timestamp::from_local(
        (i64::from(local.year()), local.month(), local.day()),
        (local.hour(), local.minute(), second, nanos),
        offset_seconds,
    )
}

impl TryFrom<DateTime<FixedOffset>> for Timestamp {
    type Error = ValueError;

    /// The same local date-time and offset (a zero offset is written
    /// `+00:00`, as chrono writes it), with the shortest exact fraction; a
    /// chrono leap second is written `:60`.
    ///
    /// # Errors
    ///
    /// When the local year is outside 0000 to 9999, the offset has seconds,
    /// or a leap second is where RFC 3339 allows none.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let dt = chrono::DateTime::parse_from_rfc3339("2016-12-31T18:59:60.5-05:00").unwrap();
    /// assert_eq!(Timestamp::try_from(dt)?.as_str(), "2016-12-31T18:59:60.5-05:00");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(dt: DateTime<FixedOffset>) -> Result<Timestamp, ValueError> {
        from_chrono(&dt.naive_local(), Some(dt.offset().local_minus_utc()))
    }
}

impl TryFrom<DateTime<Utc>> for Timestamp {
    type Error = ValueError;

    /// The instant in UTC (`…Z`), with the shortest exact fraction.
    ///
    /// # Errors
    ///
    /// As for `DateTime<FixedOffset>`.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let dt = chrono::DateTime::from_timestamp(1_796_079_600, 0).unwrap();
    /// assert_eq!(Timestamp::try_from(dt)?.as_str(), "2026-11-30T23:00:00Z");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(dt: DateTime<Utc>) -> Result<Timestamp, ValueError> {
        from_chrono(&dt.naive_utc(), None)
    }
}

impl TryFrom<&Timestamp> for DateTime<FixedOffset> {
    type Error = ValueError;

    /// The same local date-time and offset; a leap second becomes chrono's
    /// leap second.
    ///
    /// # Errors
    ///
    /// None for any valid `Timestamp` (chrono's range is far wider); the
    /// `Result` guards against chrono refusing a value.
    ///
    /// ```
    /// use chrono::{DateTime, FixedOffset, Timelike};
    /// use hasp_errors::Timestamp;
    ///
    /// let t = Timestamp::parse("2016-12-31T18:59:60.5-05:00")?;
    /// let dt = DateTime::<FixedOffset>::try_from(&t)?;
    /// assert_eq!(dt.offset().local_minus_utc(), -5 * 3600);
    /// assert_eq!((dt.second(), dt.nanosecond()), (59, 1_500_000_000));
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(t: &Timestamp) -> Result<DateTime<FixedOffset>, ValueError> {
        let f = t.fields();
        let error = |reason| ValueError::new(CHRONO_KIND, t.as_str(), reason);
        let (second, nanos) = if f.is_leap_second() {
            (59, f.nanos.saturating_add(NANOS_PER_SECOND))
        } else {
            (f.second, f.nanos)
        };
        let year = i32::try_from(f.year).map_err(|_| error("year out of range"))?;
        let date = NaiveDate::from_ymd_opt(year, f.month, f.day)
            .ok_or_else(|| error("date out of range"))?;
        let time = NaiveTime::from_hms_nano_opt(f.hour, f.minute, second, nanos)
            .ok_or_else(|| error("time of day out of range"))?;
        let offset = FixedOffset::east_opt(f.offset_seconds)
            .ok_or_else(|| error("UTC offset out of range"))?;
        NaiveDateTime::new(date, time)
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| error("out of the range of chrono::DateTime"))
    }
}

impl TryFrom<&Timestamp> for DateTime<Utc> {
    type Error = ValueError;

    /// The same instant in UTC; a leap second stays one.
    ///
    /// # Errors
    ///
    /// As for `DateTime<FixedOffset>`.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use hasp_errors::Timestamp;
    ///
    /// let t = Timestamp::parse("2026-12-01T01:00:00+01:00")?;
    /// let dt = DateTime::<Utc>::try_from(&t)?;
    /// assert_eq!(dt.timestamp(), t.unix_seconds());
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(t: &Timestamp) -> Result<DateTime<Utc>, ValueError> {
        DateTime::<FixedOffset>::try_from(t).map(|dt| dt.with_timezone(&Utc))
    }
}

impl TryFrom<Timestamp> for DateTime<FixedOffset> {
    type Error = ValueError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<DateTime<FixedOffset>, ValueError> {
        DateTime::<FixedOffset>::try_from(&t)
    }
}

impl TryFrom<Timestamp> for DateTime<Utc> {
    type Error = ValueError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<DateTime<Utc>, ValueError> {
        DateTime::<Utc>::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::ts;
    use super::*;

    fn fixed(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn round_trips_keep_the_local_time_and_the_offset() {
        for text in [
            "2026-12-01T09:30:00.25+01:00",
            "1969-12-31T23:59:59.999999999+00:00",
            "2024-02-29T00:00:00.000000001-23:59",
            "0000-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-00:01",
            "2026-06-30T12:00:00+05:30",
            "2016-12-31T23:59:60+00:00",
            "2016-12-31T18:59:60.5-05:00",
            "2017-01-01T00:59:60.999999999+01:00",
        ] {
            let value = fixed(text);
            let t = Timestamp::try_from(value).unwrap();
            assert_eq!(t.as_str(), text);
            let back = DateTime::<FixedOffset>::try_from(&t).unwrap();
            assert_eq!(back, value, "{text}");
            assert_eq!(back.offset(), value.offset(), "{text}");
            assert_eq!(back.timestamp(), value.timestamp(), "{text}");
            // UTC keeps the instant, leap second included.
            let utc = DateTime::<Utc>::try_from(&t).unwrap();
            assert_eq!(utc, value.with_timezone(&Utc), "{text}");
            match Timestamp::try_from(utc) {
                Ok(in_utc) => {
                    assert_eq!(in_utc.cmp_instant(&t), std::cmp::Ordering::Equal, "{text}");
                    assert!(in_utc.as_str().ends_with('Z'));
                }
                // 0000-01-01T00:00:00+23:59 is in the year -1 in UTC, and
                // 9999-12-31T23:59:59-00:01 in the year 10000.
                Err(e) => {
                    assert!([-1, 10_000].contains(&utc.year()), "{text}: {e}");
                    assert_eq!(e.reason(), "year outside 0000 to 9999");
                }
            }
        }
        let t = Timestamp::try_from(fixed("2016-12-31T18:59:60.5-05:00")).unwrap();
        let utc = DateTime::<Utc>::try_from(t).unwrap();
        assert_eq!(
            Timestamp::try_from(utc).unwrap().as_str(),
            "2016-12-31T23:59:60.5Z"
        );
    }

    #[test]
    fn z_and_lower_case_convert() {
        let dt = DateTime::<FixedOffset>::try_from(ts("2026-12-01t00:00:00.5z")).unwrap();
        assert_eq!(dt, fixed("2026-12-01T00:00:00.5Z"));
        assert_eq!(dt.offset().local_minus_utc(), 0);
    }

    #[test]
    fn rejects_what_rfc_3339_cannot_write() {
        // chrono holds a leap second at any :59; RFC 3339 only at the end
        // of a UTC day that can have one.
        let date = NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
        let leap = |hour, offset: i32| {
            NaiveDateTime::new(
                date,
                NaiveTime::from_hms_nano_opt(hour, 59, 59, 1_000_000_000).unwrap(),
            )
            .and_local_timezone(FixedOffset::east_opt(offset).unwrap())
            .unwrap()
        };
        assert!(Timestamp::try_from(leap(23, 0)).is_ok());
        assert!(Timestamp::try_from(leap(18, -5 * 3600)).is_ok());
        let err = Timestamp::try_from(leap(23, -5 * 3600)).unwrap_err();
        assert_eq!(
            err.reason(),
            "second 60 (a leap second) is only valid at 23:59:60 UTC"
        );
        let err = Timestamp::try_from(leap(12, 0).with_timezone(&Utc)).unwrap_err();
        assert_eq!(
            err.reason(),
            "second 60 (a leap second) is only valid at 23:59:60 UTC"
        );

        let before_0000 = fixed("0000-01-01T00:00:00+00:00") - chrono::Duration::seconds(1);
        let err = Timestamp::try_from(before_0000).unwrap_err();
        assert_eq!(err.reason(), "year outside 0000 to 9999");
        let after_9999 = DateTime::<Utc>::from_timestamp(253_402_300_800, 0).unwrap();
        let err = Timestamp::try_from(after_9999).unwrap_err();
        assert_eq!(err.reason(), "year outside 0000 to 9999");
        assert_eq!(err.input(), "10000-01-01T00:00:00Z");

        let seconds_offset =
            fixed("2026-01-01T00:00:00Z").with_timezone(&FixedOffset::east_opt(3600 + 30).unwrap());
        let err = Timestamp::try_from(seconds_offset).unwrap_err();
        assert_eq!(
            err.reason(),
            "UTC offset has seconds, which RFC 3339 cannot write"
        );
        let min = Timestamp::try_from(DateTime::<Utc>::MIN_UTC).unwrap_err();
        assert_eq!(min.reason(), "year outside 0000 to 9999");
    }
}
