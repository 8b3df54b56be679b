//! Integers as JSON Schema reads them: the details fields of catalog type
//! `integer` (`i64`) and `duration_seconds` (`u64`).
//!
//! JSON Schema counts any number with a zero fraction as an integer
//! (`30`, `30.0`, `3e1`; Python's `json.dumps` writes a float `30.0`), so
//! the contract (`docs/errors.schema.json`) accepts them all; `serde_json`
//! alone reads only `30` into an integer type. The generated details
//! structs read these fields with [`deserialize`], which takes what the
//! contract takes: an integer, or a finite number with no fraction, within
//! the field's range (a float's value, as every JSON reader that keeps
//! floats as binary doubles reads it). Serializing writes plain integers.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// A Rust type a JSON integer field is read into.
pub trait JsonInteger: Sized {
    /// Reads one value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// An integer type: its name, and how numbers convert into it.
trait Whole: Sized + TryFrom<i64> + TryFrom<u64> {
    const EXPECTING: &'static str;
    /// Lowest and one past the highest value, as doubles (both exact).
    const RANGE: (f64, f64);
    fn from_whole_f64(v: f64) -> Self;
}

impl Whole for i64 {
    const EXPECTING: &'static str = "an integer from -2^63 to 2^63 - 1";
    const RANGE: (f64, f64) = (-9_223_372_036_854_775_808.0, 9_223_372_036_854_775_808.0);
    #[allow(clippy::cast_possible_truncation)] // In range and whole: exact.
    fn from_whole_f64(v: f64) -> Self {
        v as i64
    }
}

impl Whole for u64 {
    const EXPECTING: &'static str = "a non-negative integer below 2^64";
    const RANGE: (f64, f64) = (0.0, 18_446_744_073_709_551_616.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // In range and whole: exact.
    fn from_whole_f64(v: f64) -> Self {
        v as u64
    }
}

struct WholeVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Whole> Visitor<'de> for WholeVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(text) = super::number_text(&mut map)? else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        if let Ok(v) = text.parse::<u64>() {
            self.visit_u64(v)
        } else if let Ok(v) = text.parse::<i64>() {
            self.visit_i64(v)
        } else if let Ok(v) = text.parse::<f64>() {
            self.visit_f64(v)
        } else {
            Err(de::Error::invalid_value(de::Unexpected::Str(&text), &self))
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        let (low, end) = T::RANGE;
        // `-0.0` is zero; NaN and the infinities fail every test here.
        if v.fract() == 0.0 && v >= low && v < end {
            Ok(T::from_whole_f64(v))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

impl<T: Whole> JsonInteger for T {
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WholeVisitor(std::marker::PhantomData))
    }
}

/// A [`Whole`] read as [`JsonInteger`] reads it, so that an optional one
/// is read the way serde reads any `Option` (`null` or absent is `None`).
struct Int<T>(T);

impl<'de, T: Whole> serde::Deserialize<'de> for Int<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <T as JsonInteger>::deserialize(deserializer).map(Int)
    }
}

impl<T: Whole> JsonInteger for Option<T> {
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = <Option<Int<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(read.map(|Int(v)| v))
    }
}

/// Reads an integer field (or an optional one) as the contract allows it
/// written: the generated details structs name this in
/// `#[serde(deserialize_with)]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: JsonInteger>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(deserializer)
}

/// A JSON value as a `u64`, read as [`deserialize`] reads it (`30.0` is
/// 30), for code that reads details as untyped JSON.
#[cfg(any(feature = "http", test))]
pub(crate) fn as_u64(value: &serde_json::Value) -> Option<u64> {
    <u64 as JsonInteger>::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: JsonInteger>(json: &str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::deserialize(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_in_any_spelling() {
        for (json, want) in [
            ("30", 30),
            ("30.0", 30),
            ("3e1", 30),
            ("3.0E+1", 30),
            ("300e-1", 30),
            ("-0", 0),
            ("-0.0", 0),
            ("0e5", 0),
            ("1e18", 1_000_000_000_000_000_000),
            ("18446744073709551615", u64::MAX),
            ("18446744073709549568.0", 18_446_744_073_709_549_568),
        ] {
            assert_eq!(read::<u64>(json), Ok(want), "{json}");
        }
        for (json, want) in [
            ("-30.0", -30),
            ("-9223372036854775808", i64::MIN),
            ("-9223372036854775808.0", i64::MIN),
            ("9223372036854775807", i64::MAX),
            ("9223372036854774784.0", 9_223_372_036_854_774_784),
        ] {
            assert_eq!(read::<i64>(json), Ok(want), "{json}");
        }
    }

    #[test]
    fn fractions_out_of_range_and_other_types_refused() {
        for json in [
            "30.5",
            "-1",
            "-1.0",
            "-0.5",
            "18446744073709551616",
            "18446744073709551616.0",
            "1e20",
            "1e400",
            "\"30\"",
            "true",
            "null",
            "[30]",
        ] {
            let err = read::<u64>(json).expect_err(json);
            assert!(
                err.contains("invalid") || err.contains("number out of range"),
                "{json}: {err}"
            );
        }
        for json in [
            "9223372036854775808",
            "9223372036854775808.0",
            "-9223372036854777856.0",
            "0.1",
        ] {
            assert!(read::<i64>(json).is_err(), "{json}");
        }
        let err = read::<u64>("30.5").unwrap_err();
        assert!(
            err.contains("floating point `30.5`") && err.contains("non-negative integer"),
            "{err}"
        );
    }

    #[test]
    fn optional_fields() {
        assert_eq!(read::<Option<u64>>("null"), Ok(None));
        assert_eq!(read::<Option<u64>>("30.0"), Ok(Some(30)));
        assert_eq!(read::<Option<i64>>("-3e0"), Ok(Some(-3)));
        assert!(read::<Option<u64>>("30.5").is_err());
    }

    /// `serde_json` with `arbitrary_precision` hands numbers over as a map
    /// holding their text (here as its deserializer would).
    #[test]
    fn numbers_as_arbitrary_precision_hands_them_over() {
        use serde::de::value::{Error, MapDeserializer};
        fn read<T: JsonInteger>(text: &str) -> Result<T, Error> {
            T::deserialize(MapDeserializer::<_, Error>::new(
                [(super::super::ARBITRARY_PRECISION_KEY, text)].into_iter(),
            ))
        }
        for (text, want) in [
            ("30", 30),
            ("30.0", 30),
            ("3e1", 30),
            ("-0", 0),
            ("-0.0", 0),
        ] {
            assert_eq!(read::<u64>(text).ok(), Some(want), "{text}");
        }
        assert_eq!(read::<i64>("-9223372036854775808").ok(), Some(i64::MIN));
        assert_eq!(read::<u64>("18446744073709551615").ok(), Some(u64::MAX));
        for text in ["30.5", "-1", "18446744073709551616", "1e400", "x"] {
            assert!(read::<u64>(text).is_err(), "{text}");
        }
        // Any other map is not a number.
        let other = <u64 as JsonInteger>::deserialize(MapDeserializer::<_, Error>::new(
            [("a", "1")].into_iter(),
        ));
        assert!(other.is_err());
    }

    #[test]
    fn untyped_values() {
        let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        assert_eq!(as_u64(&v("30.0")), Some(30));
        assert_eq!(as_u64(&v("30")), Some(30));
        assert_eq!(as_u64(&v("30.5")), None);
        assert_eq!(as_u64(&v("-30")), None);
        assert_eq!(as_u64(&v("\"30\"")), None);
    }
}
