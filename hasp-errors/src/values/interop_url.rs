//! [`Url`] to and from [`url::Url`] (feature `url`).
//!
//! `url::Url` is a WHATWG URL: parsing normalises the text (lower-cases the
//! scheme and host, converts international host names to punycode, adds a
//! `/` path, drops default ports, percent-encodes, …), so a round trip
//! through it can change the text. Converting from it keeps its text.

use super::{Url, ValueError, parse_owned_text, parse_text};

/// What a [`ValueError`] from a conversion to `url::Url` says was expected.
const URL_CRATE_KIND: &str = "url::Url";

/// Why the WHATWG parser rejected a URL.
fn reason(error: ::url::ParseError) -> &'static str {
    match error {
        ::url::ParseError::EmptyHost => "rejected by the WHATWG parser: empty host",
        ::url::ParseError::IdnaError => {
            "rejected by the WHATWG parser: invalid international domain name"
        }
        ::url::ParseError::InvalidPort => "rejected by the WHATWG parser: invalid port number",
        ::url::ParseError::InvalidIpv4Address => {
            "rejected by the WHATWG parser: invalid IPv4 address"
        }
        ::url::ParseError::InvalidIpv6Address => {
            "rejected by the WHATWG parser: invalid IPv6 address"
        }
        ::url::ParseError::InvalidDomainCharacter => {
            "rejected by the WHATWG parser: invalid domain character"
        }
        ::url::ParseError::Overflow => "rejected by the WHATWG parser: too long",
        _ => "rejected by the WHATWG parser",
    }
}

impl TryFrom<&Url> for ::url::Url {
    type Error = ValueError;

    /// Parses the text with the WHATWG parser (which normalises it).
    ///
    /// # Errors
    ///
    /// When the WHATWG parser rejects the text. It accepts every [`Url`]
    /// whose host, percent-decoded, is ASCII without punycode (`xn--`)
    /// labels, but may reject an international host name (percent-encoded,
    /// or in punycode) that breaks the IDNA rules, which [`Url`] does not
    /// check.
    ///
    /// ```
    /// use hasp_errors::Url;
    ///
    /// let u = Url::parse("HTTPS://Example.COM:443")?;
    /// let parsed = url::Url::try_from(&u)?;
    /// assert_eq!(parsed.as_str(), "https://example.com/");
    /// assert_eq!(parsed.host_str(), Some("example.com"));
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(u: &Url) -> Result<::url::Url, ValueError> {
        ::url::Url::parse(u.as_str())
            .map_err(|e| ValueError::new(URL_CRATE_KIND, u.as_str(), reason(e)))
    }
}

impl TryFrom<Url> for ::url::Url {
    type Error = ValueError;

    /// As for `&Url`.
    fn try_from(u: Url) -> Result<::url::Url, ValueError> {
        ::url::Url::try_from(&u)
    }
}

impl TryFrom<::url::Url> for Url {
    type Error = ValueError;

    /// Keeps the WHATWG serialisation as the text.
    ///
    /// # Errors
    ///
    /// When that text breaks a [`Url`] rule: longer than 2048 bytes, or
    /// characters the WHATWG parser leaves unescaped but a URI cannot hold
    /// (such as `|`, `^`, `{`, `[` or `]` in a path or query, a second `#`,
    /// or a `%` that starts no escape).
    ///
    /// ```
    /// use hasp_errors::Url;
    ///
    /// let parsed = url::Url::parse("https://例え.jp/a b").unwrap();
    /// let u = Url::try_from(parsed)?;
    /// assert_eq!(u.as_str(), "https://xn--r8jz45g.jp/a%20b");
    /// # Ok::<(), hasp_errors::ValueError>(())
    /// ```
    fn try_from(u: ::url::Url) -> Result<Url, ValueError> {
        parse_owned_text(String::from(u))
    }
}

impl TryFrom<&::url::Url> for Url {
    type Error = ValueError;

    /// As for `url::Url`.
    fn try_from(u: &::url::Url) -> Result<Url, ValueError> {
        parse_text(u.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Rng, random_string};
    use super::*;

    /// URLs at the edges of the rules: every one [`Url`] accepts must be one
    /// the WHATWG parser accepts, and re-reading its serialisation gives the
    /// same URL.
    const ODD: &[&str] = &[
        "https://example.com",
        "HTTPS://Example.COM:443",
        "https://h:/",
        "https://h:0/",
        "https://h:65535/",
        "https://h:65536/",
        "https://h:00443/",
        "https://@example.com/",
        "https://:@example.com/",
        "https://a:b:c@example.com/",
        "https://a@b@c/",
        "https://admin@/x",
        "https://:80/x",
        "https://[::1]:443/x",
        "https://[::1/x",
        "https://[::1]x/",
        "https://[v1.x]/",
        "https://[fe80::1%25eth0]/",
        "https://[::ffff:1.2.3.4]/",
        "https://[1:2:3:4:5:6:7:8:9]/",
        "https://ex%61mple.com/",
        "https://exa%2Fmple.com/",
        "https://%ff.example/",
        "https://%E4%BE%8B.jp/",
        "https://256.0.0.1/",
        "https://1.2.3/",
        "https://1.2.3.4./",
        "https://1.2.3.4../",
        "https://01.2.3.4/",
        "https://0x7f.0.0.1/",
        "https://example.0x1/",
        "https://example.123/",
        "https://example.123a/",
        "https://v1.example/",
        "https://a..b/",
        "https://./",
        "https://../",
        "https://-a-.example/",
        "https://a_b.example/",
        "https://example.com/%",
        "https://example.com/%zz",
        "https://example.com/|",
        "https://example.com/[a]?q[]=1#x]",
        "https://example.com/a#b#c",
        "https://example.com\\@evil.example/",
        "https://exa mple.com/",
        "https://example.com/\u{a0}",
        "https://example.com/\u{200b}",
        "http:example.com",
        "ws://chat.example/socket",
        "wss:///x",
        "ftp://user:pw@files.example:21/pub",
        "file:///etc/hosts",
        "file://host/share",
        "file://user@host/x",
        "file://:80/x",
        "foo://",
        "foo://h:1/",
        "foo://h:x/",
        "foo://1.2.3/",
        "foo://user@host",
        "foo://[::1]/",
        "foo://[::1/",
        "foo:///path",
        "mailto:a@b?subject=%C3%A9",
        "urn:isbn:0451450523",
        "data:,hello",
        "x:",
        "a+b.c-d:opaque",
        "javascript:alert(1)",
        "https://xn--/",
        "https://xn--a/",
        "https://XN--A.example/",
        "https://xn--abc.example/",
        "https://xn--zca.example/",
        "https://a.xn--/",
        "https://xn--ls8h.la/",
        "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/",
        "https://.1/",
        "https://1./",
        "https://a.1b/",
        "https://%2e/",
        "https://%2e%2e/",
        "https://%30.%30.%30.%30/",
        "https://0.0.0.08/",
        "https://exa%2Emple.com/",
        "https://a!$&'()*+,;=b.example/",
        "https://a~b.example/",
        "ftp://[::1]/",
        "wss://h:443",
    ];

    /// Whether IDNA rules, which [`Url`] does not check, may apply: a
    /// non-ASCII host (percent-encoded: an escape of a byte above 0x7F) or
    /// a punycode (`xn--`) label.
    fn needs_idna(s: &str) -> bool {
        let lower = s.to_ascii_lowercase();
        let high_escape = lower
            .match_indices('%')
            .any(|(i, _)| matches!(lower.as_bytes().get(i + 1), Some(b'8'..=b'9' | b'a'..=b'f')));
        !s.is_ascii() || lower.contains("xn--") || high_escape
    }

    #[test]
    fn every_url_accepted_here_is_accepted_by_the_whatwg_parser() {
        let mut accepted = 0;
        for &s in ODD {
            let Ok(u) = Url::parse(s) else { continue };
            accepted += 1;
            if needs_idna(s) {
                continue;
            }
            let parsed = ::url::Url::try_from(&u).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            // Its normalised text is a valid `Url` too, and stable.
            let back = Url::try_from(&parsed).unwrap_or_else(|e| panic!("{s:?} -> {parsed}: {e}"));
            let again = ::url::Url::try_from(&back).unwrap();
            assert_eq!(again, parsed, "{s:?}");
        }
        assert!(accepted > 30, "{accepted}");
    }

    #[test]
    fn random_urls_accepted_here_are_accepted_by_the_whatwg_parser() {
        let alphabet: Vec<char> = "hts:/[]@%.:0123456789abfxAF-_?#~!$&'()*+,;=é例"
            .chars()
            .collect();
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut accepted = 0;
        for _ in 0..50_000 {
            let tail = random_string(&mut rng, &alphabet, 16);
            for scheme in ["https://", "foo://", "file://", "mailto:"] {
                let s = format!("{scheme}{tail}");
                let Ok(u) = Url::parse(&s) else { continue };
                if needs_idna(u.as_str()) {
                    // IDNA rules are not checked here: see the docs.
                    continue;
                }
                accepted += 1;
                assert!(::url::Url::try_from(&u).is_ok(), "{s:?}");
            }
        }
        assert!(accepted > 1000, "{accepted}");
    }

    #[test]
    fn conversions_normalise_on_the_way_in_and_keep_text_on_the_way_out() {
        let u = Url::parse("HTTPS://Example.COM:443/a/../b?q#f").unwrap();
        let parsed = ::url::Url::try_from(u).unwrap();
        assert_eq!(parsed.as_str(), "https://example.com/b?q#f");
        let back = Url::try_from(parsed.clone()).unwrap();
        assert_eq!(back.as_str(), parsed.as_str());
    }

    #[test]
    fn errors_say_which_side_rejected_what() {
        // Punycode labels, and international host names percent-encoded,
        // are not checked by `Url`.
        for s in [
            "https://a%EF%BF%BDb.example/",
            "https://xn--/",
            "https://XN--A.example/",
            "https://a.xn--abc/",
        ] {
            let u = Url::parse(s).unwrap();
            let err = ::url::Url::try_from(&u).unwrap_err();
            assert_eq!(err.expected(), "url::Url");
            assert_eq!(
                err.reason(),
                "rejected by the WHATWG parser: invalid international domain name"
            );
            assert_eq!(err.input(), u.as_str());
        }
        assert!(::url::Url::try_from(&Url::parse("https://xn--ls8h.la/").unwrap()).is_ok());

        // The WHATWG parser leaves `|` unescaped in a path; `Url` does not
        // accept it.
        let parsed = ::url::Url::parse("https://example.com/a|b").unwrap();
        let err = Url::try_from(&parsed).unwrap_err();
        assert_eq!(err.expected(), "absolute URL");
        assert!(err.reason().contains("must be percent-encoded"), "{err}");
        // And keeps a `%` that starts no escape.
        let parsed = ::url::Url::parse("https://example.com/100%").unwrap();
        assert_eq!(
            Url::try_from(parsed).unwrap_err().reason(),
            "'%' not followed by two hex digits"
        );
        // And `[`, `]` in a path, or a `#` in a fragment, which a URI
        // cannot hold.
        let parsed = ::url::Url::parse("https://example.com/[a]").unwrap();
        assert!(
            Url::try_from(&parsed)
                .unwrap_err()
                .reason()
                .contains("outside an IPv6 host")
        );
        let parsed = ::url::Url::parse("https://example.com/a#b#c").unwrap();
        assert!(
            Url::try_from(&parsed)
                .unwrap_err()
                .reason()
                .starts_with("more than one '#'")
        );
        // An IRI comes out as a URI, which is accepted.
        let parsed = ::url::Url::parse("https://例え.jp/パス?q=値#é").unwrap();
        assert_eq!(
            Url::try_from(&parsed).unwrap().as_str(),
            "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E5%80%A4#%C3%A9"
        );
        // It has no length limit.
        let long = ::url::Url::parse(&format!("https://example.com/{}", "a".repeat(3000))).unwrap();
        assert_eq!(
            Url::try_from(&long).unwrap_err().reason(),
            "longer than 2048 bytes"
        );
    }
}
