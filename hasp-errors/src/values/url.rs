//! [`Url`]: an absolute URL (or IRI), kept as the exact wire text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{TextValue, ValueError, deserialize_text, parse_text, serialize_text};

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
        parse_text(text)
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
    const KIND: &'static str = "absolute URL";
    const EXPECTING: &'static str = "an absolute URL string";
    type Parsed = ();

    fn validate(text: &str) -> Result<(), &'static str> {
        validate_url(text)
    }

    fn from_validated(text: String, (): ()) -> Url {
        Url(text)
    }

    fn text(&self) -> &str {
        &self.0
    }
}

impl Serialize for Url {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_text(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Url, D::Error> {
        deserialize_text(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, RandomState};

    use super::super::test_support::*;
    use super::*;

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
}
