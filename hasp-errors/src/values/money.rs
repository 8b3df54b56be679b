//! [`Money`]: an exact decimal amount, never a lossy float.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ValueError;

pub(super) const MONEY_KIND: &str = "money amount";

/// The most digits allowed before the decimal point.
const MONEY_MAX_INT_DIGITS: usize = 18;
/// The most digits allowed after the decimal point.
pub(super) const MONEY_MAX_SCALE: u8 = 18;
/// The integer part of every `Money` is below this (18 digits at most).
pub(super) const MONEY_INT_LIMIT: u64 = 1_000_000_000_000_000_000;

/// Why an amount with too many significant digits is rejected.
pub(super) const MONEY_OVERFLOW: &str = "too many significant digits to represent exactly";

/// The message for a JSON float where a money amount was expected.
const MONEY_FLOAT_MESSAGE: &str = "money must be a decimal string such as \"12.50\", \
     not a floating-point number, so that no rounding happens";

/// An exact decimal amount of money (USD in this API), never a lossy float.
///
/// Stored as an `i64` mantissa and a scale (the number of fraction digits):
/// `"412.50"` is `(41250, 2)`.
///
/// Wire form: a JSON string holding an optional `-`, integer digits, and
/// optionally a `.` followed by fraction digits. No exponent, no `+`, no
/// spaces, no empty parts (`"1."` and `".5"` are rejected). Leading zeros
/// are not digits of the amount: `"000000000000000000001.5"` is `1.5`. Apart
/// from them, the amount holds at most 18 integer digits and at most 18
/// fraction digits, and all of its digits together must fit an `i64`
/// mantissa (`922337203685477580.7` fits, `922337203685477580.8` does not).
/// When deserializing, JSON integers (up to 18 digits) are accepted too, but
/// JSON floats are rejected so that nothing is ever rounded.
///
/// The scale is the number of fraction digits written, trailing zeros
/// included, so that the text is kept; only when they would not fit (more
/// than 18, or too many digits for the mantissa) are trailing zeros dropped,
/// as many as needed and never a non-zero digit: `"10.000000000000000000"`
/// is `(1000000000000000000, 17)`. The value is always exact.
///
/// Equality, ordering and hashing are *numeric*: `1.50 == 1.5` and
/// `-0 == 0`. [`Display`](fmt::Display) (and serialization) writes exactly
/// `scale` fraction digits, so the text sent is kept, apart from a sign on
/// zero, leading zeros, and trailing zeros that had to be dropped.
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
    if frac_part == Some("") {
        return Err("missing digits after the decimal point");
    }
    // Leading zeros say nothing about the amount.
    let int_digits = int_part.trim_start_matches('0');
    if int_digits.len() > MONEY_MAX_INT_DIGITS {
        return Err("more than 18 digits before the decimal point");
    }
    // Trailing zeros only say how the amount was written: they are kept
    // when they fit, and dropped (the fewest possible) when they do not.
    let frac_part = frac_part.unwrap_or_default();
    let needed = frac_part.trim_end_matches('0').len();
    let max_scale = usize::from(MONEY_MAX_SCALE);
    if needed > max_scale {
        return Err("more than 18 digits after the decimal point");
    }
    for len in (needed..=frac_part.len().min(max_scale)).rev() {
        let (Some(fraction), Ok(scale)) = (frac_part.get(..len), u8::try_from(len)) else {
            continue;
        };
        if let Some(mantissa) = mantissa_of(negative, int_digits, fraction) {
            return Ok(Money { mantissa, scale });
        }
    }
    Err(MONEY_OVERFLOW)
}

/// The digits of `int_digits` then `fraction` as one integer, negated if
/// `negative`; `None` if it does not fit an `i64`.
fn mantissa_of(negative: bool, int_digits: &str, fraction: &str) -> Option<i64> {
    let mut mantissa: i64 = 0;
    for b in int_digits.bytes().chain(fraction.bytes()) {
        let digit = i64::from(b.wrapping_sub(b'0'));
        mantissa = mantissa.checked_mul(10)?;
        // Accumulate negatives directly so that `i64::MIN` is reachable.
        mantissa = if negative {
            mantissa.checked_sub(digit)?
        } else {
            mantissa.checked_add(digit)?
        };
    }
    Some(mantissa)
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
    /// The wire form. Width, fill, alignment (right by default), `+` (which
    /// signs a positive amount) and `0` (zeros after the sign) apply as for
    /// numbers (`{:+08.2}` of `7` is `+0007.00`); a precision is the least
    /// number of decimal places, made up with zeros (`{:.2}` of `412.5` is
    /// `412.50`): digits are never dropped, since formatting must not round
    /// an amount.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let mut text = if scale == 0 {
            digits
        } else {
            let padded = format!("{digits:0>width$}", width = scale.saturating_add(1));
            match padded.split_at_checked(padded.len().saturating_sub(scale)) {
                Some((int_part, frac_part)) => format!("{int_part}.{frac_part}"),
                // Unreachable: `padded` is ASCII and longer than `scale`.
                None => padded,
            }
        };
        if let Some(places) = f.precision()
            && places > scale
        {
            if scale == 0 {
                text.push('.');
            }
            text.extend(std::iter::repeat_n('0', places - scale));
        }
        // The sign, width, fill, alignment and `0` as for integers (which
        // leaves the precision alone: `pad` would cut the text to it).
        f.pad_integral(self.mantissa >= 0, "", &text)
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

impl<'de> Visitor<'de> for MoneyVisitor {
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

    /// A number from `serde_json` with `arbitrary_precision`: an integer,
    /// or else a float.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
        match super::number_text(&mut map)? {
            Some(text) if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                MoneyVisitor::integer(text.parse().ok(), &text)
            }
            Some(_) => Err(de::Error::custom(MONEY_FLOAT_MESSAGE)),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, RandomState};

    use super::super::test_support::*;
    use super::*;

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
    fn money_leading_zeros_are_not_digits() {
        let cases = [
            ("000000000000000000001.5", 15, 1, "1.5"),
            ("-000000000000000000001.5", -15, 1, "-1.5"),
            ("0000000000000000000000", 0, 0, "0"),
            ("-0000000000000000000000.000", 0, 3, "0.000"),
            ("00.5", 5, 1, "0.5"),
            (
                "0000000999999999999999999",
                999_999_999_999_999_999,
                0,
                "999999999999999999",
            ),
            (
                "-00000000000000000000099999999999999999.9",
                -999_999_999_999_999_999,
                1,
                "-99999999999999999.9",
            ),
            (
                "000922337203685477580.7",
                i64::MAX,
                1,
                "922337203685477580.7",
            ),
            (
                "-0009.223372036854775808",
                i64::MIN,
                18,
                "-9.223372036854775808",
            ),
        ];
        for (s, mantissa, scale, shown) in cases {
            let m = money(s);
            assert_eq!((m.mantissa(), m.scale()), (mantissa, scale), "{s}");
            assert_eq!(m.to_string(), shown, "{s}");
        }
        // However many there are.
        let many = format!("{}1.25", "0".repeat(100_000));
        assert_eq!(money(&many), money("1.25"));
        assert_eq!(money(&format!("-{many}")), money("-1.25"));
    }

    #[test]
    fn money_drops_trailing_zeros_only_when_they_do_not_fit() {
        let cases = [
            // Kept when they fit.
            ("1.500", 1_500, 3, "1.500"),
            (
                "1.000000000000000000",
                1_000_000_000_000_000_000,
                18,
                "1.000000000000000000",
            ),
            (
                "9.000000000000000000",
                9_000_000_000_000_000_000,
                18,
                "9.000000000000000000",
            ),
            // More than 18: dropped down to 18.
            (
                "1.5000000000000000000000",
                1_500_000_000_000_000_000,
                18,
                "1.500000000000000000",
            ),
            ("0.0000000000000000000", 0, 18, "0.000000000000000000"),
            // Too many for the mantissa: dropped until it fits.
            (
                "10.000000000000000000",
                1_000_000_000_000_000_000,
                17,
                "10.00000000000000000",
            ),
            (
                "999999999999999999.000",
                999_999_999_999_999_999,
                0,
                "999999999999999999",
            ),
            ("922337203685477580.70", i64::MAX, 1, "922337203685477580.7"),
            (
                "-922337203685477580.80000",
                i64::MIN,
                1,
                "-922337203685477580.8",
            ),
            (
                "92233720368547758.0700",
                i64::MAX,
                2,
                "92233720368547758.07",
            ),
        ];
        for (s, mantissa, scale, shown) in cases {
            let m = money(s);
            assert_eq!((m.mantissa(), m.scale()), (mantissa, scale), "{s}");
            assert_eq!(m.to_string(), shown, "{s}");
            assert_eq!(money(shown), m, "{s}");
        }
        let long = format!("7.25{}", "0".repeat(100_000));
        let m = money(&long);
        assert_eq!((m.mantissa(), m.scale()), (725 * 10i64.pow(16), 18));
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
                "0.0000000000000000001000",
                "more than 18 digits after the decimal point",
            ),
            (
                "00000000000000000000999999999999999999.99",
                "too many significant digits to represent exactly",
            ),
            (
                "-0001000000000000000000",
                "more than 18 digits before the decimal point",
            ),
            (
                "0000000000000000000010000000000000000000",
                "more than 18 digits before the decimal point",
            ),
            ("00.", "missing digits after the decimal point"),
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
        // A precision adds decimal places and never drops any (no rounding,
        // no cutting to a length, as `pad` would for text).
        assert_eq!(format!("{:.2}", money("412.5")), "412.50");
        assert_eq!(format!("{:.2}", money("412.50")), "412.50");
        assert_eq!(format!("{:.0}", money("-1.25")), "-1.25");
        assert_eq!(format!("{:.1}", money("-1.25")), "-1.25");
        assert_eq!(format!("{:.2}", money("7")), "7.00");
        assert_eq!(format!("[{:*^10.2}]", money("-7")), "[**-7.00***]");
        assert_eq!(format!("[{:<6}]", money("1.5")), "[1.5   ]");
        assert_eq!(format!("[{:2}]", money("412.5")), "[412.5]");
        assert_eq!(
            format!("[{:6}]", money("1.5")),
            "[   1.5]",
            "right, as numbers"
        );
        // The numeric flags: a sign for positive amounts, zeros after it.
        assert_eq!(format!("{:+}", money("5")), "+5");
        assert_eq!(format!("{:+}", money("-5")), "-5");
        assert_eq!(format!("{:+08.2}", money("7")), "+0007.00");
        assert_eq!(format!("{:08.2}", money("-7")), "-0007.00");
        assert_eq!(format!("{:08}", money("0.5")), "000000.5");
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
}
