//! Validated value types used by the generated error-detail structs.
//!
//! * [`Timestamp`]: an RFC 3339 date-time, kept as the exact wire text.
//! * [`Url`]: an absolute URL (an RFC 3986 URI), kept as the exact wire text.
//! * [`Money`]: an exact decimal amount, never a lossy float.
//! * `integer`: integer fields read as JSON Schema reads integers (`30.0`
//!   is 30), for the generated structs.
//!
//! Every constructor validates its input and reports problems as a
//! [`ValueError`]; none of them panics, whatever the input.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

pub mod integer;
mod money;
mod timestamp;
mod url;

#[cfg(feature = "chrono")]
mod interop_chrono;
#[cfg(feature = "jiff")]
mod interop_jiff;
#[cfg(feature = "rust_decimal")]
mod interop_rust_decimal;
#[cfg(feature = "time")]
mod interop_time;
#[cfg(feature = "url")]
mod interop_url;

/// How `serde_json` with its `arbitrary_precision` feature (which any crate
/// of a build can turn on for all of it) hands a number to a visitor's
/// `visit_map`: a map of one entry, this key and the number's text.
const ARBITRARY_PRECISION_KEY: &str = "$serde_json::private::Number";

/// The number's text, when `map` is how `serde_json` with
/// `arbitrary_precision` hands a number over; `None` for any other map.
fn number_text<'de, A: de::MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<std::borrow::Cow<'de, str>>, A::Error> {
    match map.next_key::<std::borrow::Cow<'de, str>>()? {
        Some(key) if key == ARBITRARY_PRECISION_KEY => map.next_value().map(Some),
        _ => Ok(None),
    }
}

pub use money::Money;
pub use timestamp::Timestamp;
pub use url::Url;

// ---------------------------------------------------------------------------
// ValueError
// ---------------------------------------------------------------------------

/// How many characters of the rejected input a [`ValueError`] keeps.
const QUOTED_INPUT_CHARS: usize = 64;

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
// Shared plumbing for the values whose wire form is a validated string
// ---------------------------------------------------------------------------

/// A value whose wire form is a validated string kept verbatim
/// ([`Timestamp`] and [`Url`]).
trait TextValue: Sized {
    /// What [`ValueError::expected`] says, e.g. `"absolute URL"`.
    const KIND: &'static str;
    /// What serde's "invalid type" errors say was expected.
    const EXPECTING: &'static str;
    /// What validation learns about the text and the value keeps.
    type Parsed;

    /// Checks `text`, or says why it is not a valid value.
    fn validate(text: &str) -> Result<Self::Parsed, &'static str>;
    /// The value of already validated `text`.
    fn from_validated(text: String, parsed: Self::Parsed) -> Self;
    /// The text the value was made from.
    fn text(&self) -> &str;
}

/// Validates `text` and keeps a copy of it.
fn parse_text<T: TextValue>(text: &str) -> Result<T, ValueError> {
    let parsed = T::validate(text).map_err(|reason| ValueError::new(T::KIND, text, reason))?;
    Ok(T::from_validated(text.to_owned(), parsed))
}

/// Validates `text` and keeps it, without copying it.
fn parse_owned_text<T: TextValue>(text: String) -> Result<T, ValueError> {
    match T::validate(&text) {
        Ok(parsed) => Ok(T::from_validated(text, parsed)),
        Err(reason) => Err(ValueError::new(T::KIND, &text, reason)),
    }
}

/// Writes a [`TextValue`] as its exact text.
fn serialize_text<T: TextValue, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.text())
}

/// Reads a [`TextValue`] from a string, borrowed or owned.
fn deserialize_text<'de, T: TextValue, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(TextVisitor(PhantomData))
}

struct TextVisitor<T>(PhantomData<T>);

impl<T: TextValue> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        parse_text(v).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        parse_owned_text(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::{Rng, money, random_string};
    use super::timestamp::{MAX_UNIX_SECONDS, MIN_UNIX_SECONDS};
    use super::*;

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
        let alphabet: Vec<char> =
            "0123456789-:.+TtZz /?#htps:é２\u{0}\u{7f}\u{10FFFF}%[]@fFx\u{a0}\u{200b}"
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
            "2017-01-01T23:58:60.123456789+23:59",
            "https://xn--r8jz45g.jp/x?y#z",
            "https://u:p@[::ffff:1.2.3.4]:8080/a%20b?c#d",
            "https://u@10.0.0.1:80/x",
            "-922337203685477580.8",
        ];
        let replacements: Vec<char> = "09-:.+TZé\u{0}%[]@:/".chars().collect();
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
