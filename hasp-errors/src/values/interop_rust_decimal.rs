//! [`Money`] to and from [`rust_decimal::Decimal`] (feature
//! `rust_decimal`).
//!
//! Both are exact decimals with a scale, so amounts convert exactly and
//! keep their scale (`1.50` stays `1.50`). Every `Money` fits a `Decimal`;
//! a `Decimal` with more digits than `Money` holds is an error, never
//! rounded.

use rust_decimal::Decimal;

use super::{Money, ValueError, money};

// Every `Money` scale is a valid `Decimal` scale.
const _: () = assert!(money::MONEY_MAX_SCALE as u32 <= Decimal::MAX_SCALE);

impl From<Money> for Decimal {
    /// The same amount and scale.
    ///
    /// ```
    /// use hasp_errors::Money;
    /// use rust_decimal::Decimal;
    ///
    /// let d = Decimal::from(Money::parse("-412.50")?);
    /// assert_eq!(d.to_string(), "-412.50");
    /// assert_eq!((d.mantissa(), d.scale()), (-41250, 2));
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn from(m: Money) -> Decimal {
        // `try_new` fails only for a scale above `Decimal::MAX_SCALE`, which
        // the assertion above rules out.
        Decimal::try_new(m.mantissa(), u32::from(m.scale())).unwrap_or_default()
    }
}

impl TryFrom<Decimal> for Money {
    type Error = ValueError;

    /// The same amount, with the same scale when it fits: trailing zeros are
    /// dropped only as far as needed (never a non-zero digit), as when
    /// parsing text.
    ///
    /// # Errors
    ///
    /// When the amount has more than 18 integer digits, more than 18
    /// fraction digits (trailing zeros aside), or more digits than an `i64`
    /// mantissa holds.
    ///
    /// ```
    /// use hasp_errors::Money;
    /// use rust_decimal::Decimal;
    ///
    /// let m = Money::try_from(Decimal::new(41250, 2))?;
    /// assert_eq!(m.to_string(), "412.50");
    /// assert!(Money::try_from(Decimal::MAX).is_err());
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(d: Decimal) -> Result<Money, ValueError> {
        let (mut mantissa, mut scale) = (d.mantissa(), d.scale());
        let max_scale = u32::from(money::MONEY_MAX_SCALE);
        while scale > 0
            && mantissa % 10 == 0
            && (scale > max_scale || i64::try_from(mantissa).is_err())
        {
            mantissa /= 10;
            scale -= 1;
        }
        let error = |reason| ValueError::new(money::MONEY_KIND, &d.to_string(), reason);
        // `Decimal` scales are at most 28, so the power always exists.
        let integer_part = 10u128
            .checked_pow(scale)
            .map_or(0, |power| mantissa.unsigned_abs() / power);
        if integer_part >= u128::from(money::MONEY_INT_LIMIT) {
            return Err(error("more than 18 digits before the decimal point"));
        }
        if scale > max_scale {
            return Err(error("more than 18 digits after the decimal point"));
        }
        let mantissa = i64::try_from(mantissa).map_err(|_| error(money::MONEY_OVERFLOW))?;
        let scale = u8::try_from(scale)
            .map_err(|_| error("more than 18 digits after the decimal point"))?;
        Money::new(mantissa, scale)
            .ok_or_else(|| error("more than 18 digits before the decimal point"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::money as m;
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn every_money_converts_exactly_and_back() {
        for scale in 0..=18u8 {
            for mantissa in [
                0,
                1,
                -1,
                10,
                -10,
                41_250,
                999_999_999_999_999_999,
                i64::MAX,
                i64::MIN,
            ] {
                let Some(money) = Money::new(mantissa, scale) else {
                    continue;
                };
                let d = Decimal::from(money);
                assert_eq!(
                    (d.mantissa(), d.scale()),
                    (i128::from(mantissa), u32::from(scale))
                );
                assert_eq!(d.to_string(), money.to_string());
                let back = Money::try_from(d).unwrap();
                assert_eq!((back.mantissa(), back.scale()), (mantissa, scale));
            }
        }
    }

    #[test]
    fn decimals_convert_with_their_scale() {
        for (text, mantissa, scale) in [
            ("0", 0, 0),
            ("-0.00", 0, 2),
            ("412.50", 41_250, 2),
            ("-0.05", -5, 2),
            ("0.000000000000000001", 1, 18),
            ("999999999999999999", 999_999_999_999_999_999, 0),
            ("-922337203685477580.8", i64::MIN, 1),
            // Trailing zeros dropped only as far as needed.
            (
                "1.5000000000000000000000000000",
                1_500_000_000_000_000_000,
                18,
            ),
            ("10.000000000000000000", 1_000_000_000_000_000_000, 17),
            ("922337203685477580.70", i64::MAX, 1),
            ("0.0000000000000000000000000000", 0, 18),
        ] {
            let money = Money::try_from(dec(text)).unwrap();
            assert_eq!(
                (money.mantissa(), money.scale()),
                (mantissa, scale),
                "{text}"
            );
            // The same as parsing the text.
            let parsed = m(text);
            assert_eq!(
                (parsed.mantissa(), parsed.scale()),
                (mantissa, scale),
                "{text}"
            );
        }
    }

    #[test]
    fn decimals_that_do_not_fit_are_errors() {
        for (text, reason) in [
            (
                "1000000000000000000",
                "more than 18 digits before the decimal point",
            ),
            (
                "-1000000000000000000.5",
                "more than 18 digits before the decimal point",
            ),
            (
                "79228162514264337593543950335",
                "more than 18 digits before the decimal point",
            ),
            (
                "0.0000000000000000001",
                "more than 18 digits after the decimal point",
            ),
            (
                "-0.0000000000000000000000000001",
                "more than 18 digits after the decimal point",
            ),
            (
                "922337203685477580.8",
                "too many significant digits to represent exactly",
            ),
            (
                "999999999999999999.99",
                "too many significant digits to represent exactly",
            ),
        ] {
            let err = Money::try_from(dec(text)).unwrap_err();
            assert_eq!(err.reason(), reason, "{text}");
            assert_eq!(err.expected(), "money amount");
            assert_eq!(err.input(), text);
            // Parsing the text says the same.
            assert_eq!(Money::parse(text).unwrap_err().reason(), reason, "{text}");
        }
        assert!(Money::try_from(Decimal::MIN).is_err());
    }
}
