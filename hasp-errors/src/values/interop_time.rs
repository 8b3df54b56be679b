//! [`Timestamp`] to and from [`time::OffsetDateTime`] (feature `time`).
//!
//! An `OffsetDateTime` keeps the local date-time and the offset, as the
//! wire text does, so both are kept. It has no leap seconds: converting a
//! leap second (`:60`) to it is an error rather than a move to another
//! instant.

use super::{Timestamp, ValueError};

/// What a [`ValueError`] from a conversion to `time` says was expected.
const TIME_KIND: &str = "time::OffsetDateTime";

impl TryFrom<time::OffsetDateTime> for Timestamp {
    type Error = ValueError;

    /// The same local date-time and offset, with the shortest exact
    /// fraction; a zero offset is written `Z`.
    ///
    /// # Errors
    ///
    /// When the local year is outside 0000 to 9999, or the offset has
    /// seconds (RFC 3339 offsets are whole minutes).
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    /// use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
    ///
    /// let dt = OffsetDateTime::new_in_offset(
    ///     Date::from_calendar_date(2026, Month::December, 1).unwrap(),
    ///     Time::from_hms_milli(9, 30, 0, 250).unwrap(),
    ///     UtcOffset::from_hms(1, 0, 0).unwrap(),
    /// );
    /// assert_eq!(Timestamp::try_from(dt)?.as_str(), "2026-12-01T09:30:00.25+01:00");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(dt: time::OffsetDateTime) -> Result<Timestamp, ValueError> {
        let (year, month, day) = dt.to_calendar_date();
        let offset = dt.offset().whole_seconds();
        Timestamp::from_local(
            (i64::from(year), u32::from(u8::from(month)), u32::from(day)),
            (
                u32::from(dt.hour()),
                u32::from(dt.minute()),
                u32::from(dt.second()),
                dt.nanosecond(),
            ),
            (offset != 0).then_some(offset),
        )
    }
}

impl TryFrom<&Timestamp> for time::OffsetDateTime {
    type Error = ValueError;

    /// The same local date-time and offset.
    ///
    /// # Errors
    ///
    /// For a leap second, which `time` cannot hold.
    ///
    /// ```
    /// use hasp_errors::Timestamp;
    ///
    /// let t = Timestamp::parse("2026-12-01T09:30:00.25+01:00")?;
    /// let dt = time::OffsetDateTime::try_from(&t)?;
    /// assert_eq!((dt.hour(), dt.millisecond()), (9, 250));
    /// assert_eq!(dt.offset().whole_hours(), 1);
    /// assert_eq!(dt.unix_timestamp(), t.unix_seconds());
    ///
    /// let leap = Timestamp::parse("2016-12-31T23:59:60Z")?;
    /// assert!(time::OffsetDateTime::try_from(&leap).is_err());
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(t: &Timestamp) -> Result<time::OffsetDateTime, ValueError> {
        let f = t.fields();
        let error = |reason| ValueError::new(TIME_KIND, t.as_str(), reason);
        if f.is_leap_second() {
            return Err(error(
                "a leap second (:60), which time::OffsetDateTime cannot hold",
            ));
        }
        let small = |n: u32| u8::try_from(n).map_err(|_| error("field out of range"));
        let month =
            time::Month::try_from(small(f.month)?).map_err(|_| error("month out of range"))?;
        let year = i32::try_from(f.year).map_err(|_| error("year out of range"))?;
        let date = time::Date::from_calendar_date(year, month, small(f.day)?)
            .map_err(|_| error("date out of the range of time::Date"))?;
        let time =
            time::Time::from_hms_nano(small(f.hour)?, small(f.minute)?, small(f.second)?, f.nanos)
                .map_err(|_| error("time of day out of range"))?;
        let offset = time::UtcOffset::from_whole_seconds(f.offset_seconds)
            .map_err(|_| error("UTC offset out of range"))?;
        Ok(time::OffsetDateTime::new_in_offset(date, time, offset))
    }
}

impl TryFrom<Timestamp> for time::OffsetDateTime {
    type Error = ValueError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<time::OffsetDateTime, ValueError> {
        time::OffsetDateTime::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

    use super::super::test_support::ts;
    use super::*;

    fn dt(
        (year, month, day): (i32, Month, u8),
        (hour, minute, second, nanos): (u8, u8, u8, u32),
        offset_seconds: i32,
    ) -> OffsetDateTime {
        OffsetDateTime::new_in_offset(
            Date::from_calendar_date(year, month, day).unwrap(),
            Time::from_hms_nano(hour, minute, second, nanos).unwrap(),
            UtcOffset::from_whole_seconds(offset_seconds).unwrap(),
        )
    }

    #[test]
    fn round_trips_keep_the_local_time_and_the_offset() {
        for (value, text) in [
            (
                dt((2026, Month::December, 1), (9, 30, 0, 250_000_000), 3600),
                "2026-12-01T09:30:00.25+01:00",
            ),
            (
                dt((1969, Month::December, 31), (23, 59, 59, 999_999_999), 0),
                "1969-12-31T23:59:59.999999999Z",
            ),
            (
                dt(
                    (2024, Month::February, 29),
                    (0, 0, 0, 1),
                    -(23 * 3600 + 59 * 60),
                ),
                "2024-02-29T00:00:00.000000001-23:59",
            ),
            (
                dt((0, Month::January, 1), (0, 0, 0, 0), 23 * 3600 + 59 * 60),
                "0000-01-01T00:00:00+23:59",
            ),
            (
                dt((9999, Month::December, 31), (23, 59, 59, 0), -60),
                "9999-12-31T23:59:59-00:01",
            ),
            (
                dt((2026, Month::June, 30), (12, 0, 0, 0), 5 * 3600 + 30 * 60),
                "2026-06-30T12:00:00+05:30",
            ),
        ] {
            let t = Timestamp::try_from(value).unwrap();
            assert_eq!(t.as_str(), text);
            let back = OffsetDateTime::try_from(&t).unwrap();
            assert_eq!(back, value);
            assert_eq!(back.offset(), value.offset());
            assert_eq!(back.unix_timestamp(), t.unix_seconds());
        }
        // Lower-case and `-00:00` forms convert too.
        let back = OffsetDateTime::try_from(ts("2026-12-01t00:00:00-00:00")).unwrap();
        assert_eq!(back, dt((2026, Month::December, 1), (0, 0, 0, 0), 0));
    }

    #[test]
    fn rejects_what_either_side_cannot_hold() {
        let err = OffsetDateTime::try_from(&ts("2016-12-31T18:59:60.5-05:00")).unwrap_err();
        assert_eq!(
            err.reason(),
            "a leap second (:60), which time::OffsetDateTime cannot hold"
        );
        assert_eq!(err.expected(), "time::OffsetDateTime");

        let before_0000 = dt((-1, Month::December, 31), (23, 0, 0, 0), 0);
        let err = Timestamp::try_from(before_0000).unwrap_err();
        assert_eq!(err.reason(), "year outside 0000 to 9999");
        assert_eq!(err.expected(), "RFC 3339 timestamp");

        let seconds_offset = dt((2026, Month::January, 1), (0, 0, 0, 0), 3600 + 1);
        let err = Timestamp::try_from(seconds_offset).unwrap_err();
        assert_eq!(
            err.reason(),
            "UTC offset has seconds, which RFC 3339 cannot write"
        );
        assert_eq!(err.input(), "2026-01-01T00:00:00+01:00:01");

        let big_offset = dt((2026, Month::January, 1), (0, 0, 0, 0), 25 * 3600);
        assert_eq!(
            Timestamp::try_from(big_offset).unwrap_err().reason(),
            "offset hour out of range"
        );
    }
}
