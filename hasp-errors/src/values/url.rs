//! [`Url`]: an absolute URL (an RFC 3986 URI), kept as the exact wire text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{TextValue, ValueError, deserialize_text, parse_text, serialize_text};

/// The longest URL accepted, in bytes.
const URL_MAX_LEN: usize = 2048;

/// The schemes that always have an authority with a non-empty host: the
/// WHATWG URL standard's "special" schemes, `file` aside.
const HOST_SCHEMES: [&str; 5] = ["http", "https", "ws", "wss", "ftp"];

/// An absolute URL such as `https://docs.example.com/errors#quota`, kept as
/// its exact text: an absolute URI as RFC 3986 defines it, which is what
/// the contract (`docs/errors.schema.json`, `format: "uri"`) promises
/// clients in every language.
///
/// Validation is deliberately light (it checks the shape, it does not
/// normalise or take the URL apart), but every rule below is checked:
///
/// * 1 to 2048 bytes.
/// * A scheme, `[A-Za-z][A-Za-z0-9+.-]*`, followed by `:`.
/// * ASCII only: a URI carries any other character percent-encoded as
///   UTF-8 (`/caf%C3%A9`, not `/café`), and an international domain name
///   in punycode (`xn--r8jz45g.jp`, not `例え.jp`), which is what a WHATWG
///   parser such as the `url` crate writes. So an IRI is refused, and with
///   it every invisible or bidirectional character that could make one URL
///   look like another.
/// * No white space or control characters, and none of the ASCII
///   characters that a URI only ever carries percent-encoded: `"` `<` `>`
///   `\` `^` `` ` `` `{` `|` `}`.
/// * Every `%` starts a percent-escape: `%` and two hex digits.
/// * At most one `#`: it starts the fragment, which cannot hold another.
/// * `[` and `]` only around an IPv6 host (`https://[::1]/`), nowhere in
///   the path, the query or the fragment.
/// * A `//` right after the scheme starts an authority,
///   `[userinfo@]host[:port]`, which ends at the first `/`, `?` or `#`
///   and holds at most one `@`:
///   * a host in brackets must be a valid IPv6 address (`[::1]`), followed
///     by nothing or a port; `[` and `]` appear nowhere else in the
///     authority;
///   * a port is decimal digits (possibly none, as RFC 3986 allows), at
///     most 65535;
///   * user information or a port needs a non-empty host;
///   * a `file:` authority is a host alone (no user information, no port).
/// * For `http`, `https`, `ws`, `wss` and `ftp` (any case) the `//` and a
///   non-empty host are required.
/// * For those and `file`, a host that is not in brackets is a domain name
///   or an IPv4 address: its percent-escapes must decode to UTF-8 without
///   characters a domain name cannot hold (such as `/`, `%`, `@` or
///   controls), and if its last label is a number (like `10.0.0.300` or
///   `1.2.3`) it must be a dotted-decimal IPv4 address `a.b.c.d`, each part
///   0 to 255 without leading zeros. Punycode (`xn--…`) labels are not
///   checked against the IDNA rules.
///
/// This is not the [`url`](https://docs.rs/url) crate's `Url` on purpose:
/// keeping this crate's dependency graph (and so that of every crate that
/// depends on it) small matters more than full WHATWG parsing for a value
/// that is usually only displayed or followed. Every URL accepted here whose
/// host, percent-decoded, is ASCII without `xn--` labels is one the WHATWG
/// parser accepts too,
/// but that parser accepts more (it repairs what it can), and it normalises
/// what it parses.
/// If you need to take a URL apart, convert it with
/// `url::Url::parse(u.as_str())`, or with `TryFrom` when the `url` feature
/// is on.
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
/// assert!(Url::parse("https://admin@/x").is_err());
/// assert!(Url::parse("https://example.com/100%").is_err());
/// # Ok::<(), hasp_errors::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Url(String);

/// Why a character outside ASCII is refused.
const NOT_ASCII: &str = "contains a character outside ASCII (percent-encode it as UTF-8, \
     and write an international domain name in punycode)";

/// ASCII characters that a URL only ever carries percent-encoded.
fn must_be_escaped(c: char) -> bool {
    matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
}

/// The value of an ASCII hex digit.
fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Decodes the percent-escapes of already checked text (every `%` is
/// followed by two hex digits).
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match escaped {
            Some((hi, lo)) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn validate_url(text: &str) -> Result<(), &'static str> {
    if text.is_empty() {
        return Err("empty input");
    }
    if text.len() > URL_MAX_LEN {
        return Err("longer than 2048 bytes");
    }
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            return Err("contains whitespace or control characters");
        }
        if !c.is_ascii() {
            return Err(NOT_ASCII);
        }
        if must_be_escaped(c) {
            return Err(
                "contains a character that must be percent-encoded: one of \" < > \\ ^ ` { | }",
            );
        }
    }
    let bytes = text.as_bytes();
    for (i, _) in bytes.iter().enumerate().filter(|&(_, &b)| b == b'%') {
        let escape = bytes.get(i + 1..i + 3).unwrap_or_default();
        if escape.len() != 2 || !escape.iter().all(u8::is_ascii_hexdigit) {
            return Err("'%' not followed by two hex digits");
        }
    }
    if text.bytes().filter(|&b| b == b'#').count() > 1 {
        return Err("more than one '#' (the fragment cannot hold one)");
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
    let needs_host = HOST_SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s));
    let (authority, after) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None if needs_host => return Err("expected \"//\" and a host after the scheme"),
        None => (None, rest),
    };
    if after.contains(['[', ']']) {
        return Err("'[' or ']' outside an IPv6 host (percent-encode them as %5B and %5D)");
    }
    match authority {
        Some(authority) => {
            validate_authority(authority, needs_host, scheme.eq_ignore_ascii_case("file"))
        }
        None => Ok(()),
    }
}

/// Checks `[userinfo@]host[:port]`.
fn validate_authority(
    authority: &str,
    needs_host: bool,
    is_file: bool,
) -> Result<(), &'static str> {
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    if userinfo.is_some_and(|u| u.contains(['[', ']'])) {
        return Err("'[' or ']' in the user information");
    }
    if userinfo.is_some_and(|u| u.contains('@')) {
        return Err("more than one '@' in the authority (percent-encode it as %40)");
    }
    let (host, port, bracketed) = if let Some(inside) = host_port.strip_prefix('[') {
        let Some((address, after)) = inside.split_once(']') else {
            return Err("unclosed '[' in the host");
        };
        if address.parse::<std::net::Ipv6Addr>().is_err() {
            return Err("not a valid IPv6 address between '[' and ']'");
        }
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return Err("unexpected characters after ']' in the host"),
        };
        (address, port, true)
    } else {
        if host_port.contains(['[', ']']) {
            return Err("'[' or ']' in the host outside an IPv6 address");
        }
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port), false),
            None => (host_port, None, false),
        }
    };
    if let Some(port) = port {
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err("port must be decimal digits");
        }
        let value = port.bytes().fold(0u32, |n, b| {
            n.saturating_mul(10)
                .saturating_add(u32::from(b.wrapping_sub(b'0')))
        });
        if value > u32::from(u16::MAX) {
            return Err("port above 65535");
        }
    }
    if is_file && (userinfo.is_some() || port.is_some()) {
        return Err("a file URL's authority is a host alone (no user information, no port)");
    }
    if host.is_empty() {
        if userinfo.is_some() {
            return Err("user information but no host");
        }
        if port.is_some() {
            return Err("port but no host");
        }
        if needs_host {
            return Err("missing host");
        }
    }
    // `file` hosts are domains or addresses too, but may be empty.
    if (needs_host || is_file) && !bracketed && !host.is_empty() {
        validate_domain(host)?;
    }
    Ok(())
}

/// Checks the host of an `http`-like or `file` URL that is not an IPv6
/// address.
fn validate_domain(host: &str) -> Result<(), &'static str> {
    let decoded = percent_decode(host);
    let Ok(decoded) = std::str::from_utf8(&decoded) else {
        return Err("host's percent-escapes are not UTF-8");
    };
    // The WHATWG URL standard's forbidden domain code points.
    if decoded.chars().any(|c| {
        c.is_ascii_control()
            || matches!(
                c,
                ' ' | '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|'
            )
    }) {
        return Err("host holds (escaped) a character that a domain name cannot");
    }
    // A host whose last label is a number is read as an IPv4 address.
    let name = decoded.strip_suffix('.').unwrap_or(decoded);
    let last = name.rsplit('.').next().unwrap_or_default();
    let numeric = (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
        || last
            .strip_prefix("0x")
            .or_else(|| last.strip_prefix("0X"))
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if numeric && name.parse::<std::net::Ipv4Addr>().is_err() {
        return Err("host ends in a number but is not an IPv4 address a.b.c.d (each 0 to 255)");
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
            ("mailto:support@example.com", "mailto"),
            ("urn:isbn:0451450523", "urn"),
            ("tel:+1-201-555-0123", "tel"),
            ("data:,hello", "data"),
            ("file:///etc/hosts", "file"),
            ("x:", "x"),
            ("a+b.c-d:opaque", "a+b.c-d"),
            ("httpx:no-slashes-needed", "httpx"),
            // Authorities, ports and escapes at the edges of the rules.
            ("https://h:/", "https"),
            ("https://h:0/", "https"),
            ("https://h:65535/", "https"),
            ("https://h:00443/", "https"),
            ("https://@example.com/", "https"),
            ("https://:@example.com/", "https"),
            ("https://a:b:c@example.com/", "https"),
            ("https://[::1]:443/x", "https"),
            ("https://[2001:db8::1]", "https"),
            ("https://[::ffff:192.0.2.1]/", "https"),
            ("https://u:p@[::1]:8080?q#f", "https"),
            ("https://ex%61mple.com/a%2Fb?c=%E2%82%AC#%20", "https"),
            ("https://%E4%BE%8B.jp/", "https"),
            ("https://255.255.255.255/", "https"),
            ("https://0.0.0.0/", "https"),
            ("https://1.2.3.4./", "https"),
            ("https://v1.example/", "https"),
            ("https://example.123a/", "https"),
            ("https://x1/", "https"),
            ("https://a..b/", "https"),
            ("ws://chat.example/socket", "ws"),
            // An IRI written as a URI: punycode host, percent-encoded UTF-8.
            (
                "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E5%80%A4#%F0%9F%91%A8",
                "https",
            ),
            ("https://example.com/%5Ba%5D?q%5B%5D=1#x%23y", "https"),
            ("https://example.com/a?b#", "https"),
            ("https://example.com/#a?b/c:d@e!$&'()*+,;=-._~", "https"),
            ("file://host/share/x", "file"),
            ("file://localhost/etc/hosts", "file"),
            ("foo://", "foo"),
            ("foo://a%41", "foo"),
            ("foo://h:1/", "foo"),
            ("foo://1.2.3/", "foo"),
            ("foo://user@host", "foo"),
            ("foo:///path", "foo"),
            ("mailto:a@b?subject=%C3%A9", "mailto"),
            ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "urn"),
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
            ("héllo:world", NOT_ASCII),
            (
                "example.com/a:b",
                "scheme may contain only ASCII letters, digits, '+', '-' and '.'",
            ),
            (
                "http:example.com",
                "expected \"//\" and a host after the scheme",
            ),
            (
                "https:/example.com",
                "expected \"//\" and a host after the scheme",
            ),
            (
                "HTTPS:example.com",
                "expected \"//\" and a host after the scheme",
            ),
            (
                "wss:example.com",
                "expected \"//\" and a host after the scheme",
            ),
            ("FTP:/x", "expected \"//\" and a host after the scheme"),
            ("http://", "missing host"),
            ("https:///path", "missing host"),
            ("https://?q=1", "missing host"),
            ("https://#frag", "missing host"),
            ("ws:///x", "missing host"),
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
    fn url_has_at_most_one_at_sign_in_its_authority() {
        let twice = "more than one '@' in the authority (percent-encode it as %40)";
        for s in [
            "https://a@b@example.com/",
            "https://@@example.com/",
            "https://a@b@/x",
            "mailto://x@y@z",
            "foo://@@",
            "https://u:p@w@example.com:80/",
        ] {
            assert_eq!(url_reason(s), twice, "{s:?}");
        }
        // Outside the authority, or escaped, `@` is fine.
        for s in [
            "https://a%40b@example.com/",
            "https://example.com/a@b?c@d#e@f",
            "mailto:a@b@c",
        ] {
            assert!(Url::parse(s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn url_is_a_uri_not_an_iri() {
        let brackets = "'[' or ']' outside an IPv6 host (percent-encode them as %5B and %5D)";
        let hashes = "more than one '#' (the fragment cannot hold one)";
        let cases = [
            ("https://例え.jp/", NOT_ASCII),
            ("https://example.com/パス", NOT_ASCII),
            ("https://example.com/?q=値", NOT_ASCII),
            ("https://example.com/#é", NOT_ASCII),
            ("https://üser@example.com/", NOT_ASCII),
            ("https://example.com/👨\u{200D}👩", NOT_ASCII),
            ("mailto:josé@example.com", NOT_ASCII),
            ("urn:x:é", NOT_ASCII),
            ("https://example.com/[a]", brackets),
            ("https://example.com/a]", brackets),
            ("https://example.com/?q[]=1", brackets),
            ("https://example.com/#x]", brackets),
            ("https://[::1]/[", brackets),
            ("https://[::1]?[", brackets),
            ("urn:x:[a]", brackets),
            ("x:]", brackets),
            ("foo:[::1]", brackets),
            ("https://example.com/a#b#c", hashes),
            ("https://example.com/##", hashes),
            ("x:#a#", hashes),
        ];
        for (s, reason) in cases {
            assert_eq!(url_reason(s), reason, "{s:?}");
        }
    }

    #[test]
    fn url_rejects_every_kind_of_white_space_and_invisible_character() {
        // Every Unicode White_Space character, wherever it stands.
        let white_space = [
            '\u{9}', '\u{A}', '\u{B}', '\u{C}', '\u{D}', ' ', '\u{85}', '\u{A0}', '\u{1680}',
            '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}',
            '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}',
            '\u{205F}', '\u{3000}',
        ];
        let invisible = [
            '\u{AD}', '\u{61C}', '\u{115F}', '\u{1160}', '\u{180E}', '\u{200B}', '\u{200E}',
            '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}',
            '\u{2061}', '\u{2064}', '\u{2066}', '\u{2069}', '\u{206F}', '\u{3164}', '\u{FEFF}',
            '\u{FFA0}', '\u{FFF9}', '\u{FFFB}',
        ];
        let places = [
            "{}https://example.com/",
            "https{}://example.com/",
            "https://{}example.com/",
            "https://exa{}mple.com/",
            "https://example.com{}/",
            "https://example.com/a{}b",
            "https://example.com/?q={}",
            "https://example.com/#{}",
            "https://us{}er@example.com/",
            "mailto:a{}@example.com",
            "urn:x:{}",
        ];
        for place in places {
            for c in white_space {
                let s = place.replace("{}", &c.to_string());
                assert_eq!(
                    url_reason(&s),
                    "contains whitespace or control characters",
                    "{s:?}"
                );
            }
            for c in invisible {
                let s = place.replace("{}", &c.to_string());
                assert_eq!(url_reason(&s), NOT_ASCII, "{s:?}");
            }
            for c in (0..=0x1f).chain(0x7f..=0x9f).filter_map(char::from_u32) {
                let s = place.replace("{}", &c.to_string());
                assert_eq!(
                    url_reason(&s),
                    "contains whitespace or control characters",
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn url_rejects_ascii_that_must_be_percent_encoded() {
        for c in ['"', '<', '>', '\\', '^', '`', '{', '|', '}'] {
            for s in [
                format!("https://example.com/{c}"),
                format!("https://example.com/?q={c}"),
                format!("https://example.com/#{c}"),
                format!("https://exa{c}mple.com/"),
                format!("mailto:{c}@example.com"),
            ] {
                assert_eq!(
                    url_reason(&s),
                    "contains a character that must be percent-encoded: one of \" < > \\ ^ ` { | }",
                    "{s:?}"
                );
            }
        }
        // The classic confusion: a WHATWG parser reads `\` as `/`, so the
        // host would be evil.example, not good.example.
        assert!(Url::parse("https://evil.example\\@good.example/").is_err());
    }

    #[test]
    fn url_rejects_bad_percent_escapes() {
        for s in [
            "https://example.com/%",
            "https://example.com/%4",
            "https://example.com/%zz",
            "https://example.com/%4g",
            "https://example.com/%g4",
            "https://example.com/%%41",
            "https://example.com/?q=%",
            "https://example.com/#%",
            "https://ex%ample.com/",
            "https://us%er@example.com/",
            "mailto:100%@example.com",
            "data:,100%",
            "x:%",
        ] {
            assert_eq!(url_reason(s), "'%' not followed by two hex digits", "{s:?}");
        }
        assert_eq!(url_reason("https://example.com/%é9"), NOT_ASCII);
    }

    #[test]
    fn url_checks_the_authority() {
        let cases = [
            // User information or a port needs a host, whatever the scheme.
            ("https://admin@/x", "user information but no host"),
            ("https://admin:pw@", "user information but no host"),
            ("https://@", "user information but no host"),
            ("https://a@/x", "user information but no host"),
            ("foo://admin@/x", "user information but no host"),
            ("https://:80/x", "port but no host"),
            ("https://:/x", "port but no host"),
            ("foo://:80", "port but no host"),
            ("https://u@:80/x", "user information but no host"),
            // Ports.
            ("https://example.com:65536/", "port above 65535"),
            (
                "https://example.com:99999999999999999999/",
                "port above 65535",
            ),
            ("https://example.com:8o/", "port must be decimal digits"),
            ("https://example.com:-1/", "port must be decimal digits"),
            ("https://example.com:+80/", "port must be decimal digits"),
            ("https://example.com:80:80/", "port must be decimal digits"),
            ("https://example.com:８０/", NOT_ASCII),
            ("https://a:b:c/", "port must be decimal digits"),
            ("foo://h:x", "port must be decimal digits"),
            // IPv6 hosts.
            ("https://[::1/x", "unclosed '[' in the host"),
            ("https://[::1", "unclosed '[' in the host"),
            ("https://[/", "unclosed '[' in the host"),
            (
                "https://[]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[::1::]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[1.2.3.4]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[example.com]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[fe80::1%25eth0]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[v1.x]/",
                "not a valid IPv6 address between '[' and ']'",
            ),
            (
                "https://[::1]x/",
                "unexpected characters after ']' in the host",
            ),
            (
                "https://[::1]]/",
                "unexpected characters after ']' in the host",
            ),
            (
                "https://[::1][::2]/",
                "unexpected characters after ']' in the host",
            ),
            ("https://[::1]:80x/", "port must be decimal digits"),
            ("foo://[::1/", "unclosed '[' in the host"),
            (
                "https://a[::1]/",
                "'[' or ']' in the host outside an IPv6 address",
            ),
            (
                "https://a]/",
                "'[' or ']' in the host outside an IPv6 address",
            ),
            (
                "https://exa]mple.com:80/",
                "'[' or ']' in the host outside an IPv6 address",
            ),
            (
                "https://a[b@example.com/",
                "'[' or ']' in the user information",
            ),
            // file: a host alone.
            (
                "file://user@host/x",
                "a file URL's authority is a host alone (no user information, no port)",
            ),
            (
                "file://host:80/x",
                "a file URL's authority is a host alone (no user information, no port)",
            ),
            (
                "file://:80/x",
                "a file URL's authority is a host alone (no user information, no port)",
            ),
            // Hosts of http-like schemes.
            (
                "https://exa%2Fmple.com/",
                "host holds (escaped) a character that a domain name cannot",
            ),
            (
                "https://exa%40mple.com/",
                "host holds (escaped) a character that a domain name cannot",
            ),
            (
                "https://exa%25mple.com/",
                "host holds (escaped) a character that a domain name cannot",
            ),
            (
                "https://exa%00mple.com/",
                "host holds (escaped) a character that a domain name cannot",
            ),
            (
                "https://exa%20mple.com/",
                "host holds (escaped) a character that a domain name cannot",
            ),
            (
                "https://%ff.example/",
                "host's percent-escapes are not UTF-8",
            ),
            (
                "https://%C3.example/",
                "host's percent-escapes are not UTF-8",
            ),
        ];
        for (s, reason) in cases {
            assert_eq!(url_reason(s), reason, "{s:?}");
        }
    }

    #[test]
    fn url_checks_hosts_that_end_in_a_number_as_ipv4() {
        let ipv4 = "host ends in a number but is not an IPv4 address a.b.c.d (each 0 to 255)";
        for s in [
            "https://256.0.0.1/",
            "https://1.2.3.256/",
            "https://999.999.999.999/",
            "https://1.2.3/",
            "https://1.2.3.4.5/",
            "https://01.2.3.4/",
            "https://2130706433/",
            "https://0x7f.0.0.1/",
            "https://127.0.0.0x1/",
            "https://example.0x1/",
            "https://example.123/",
            "https://example.1./",
            "https://0/",
            "http://1.2.3.4.5.:80/",
            "wss://%31.2.3/",
        ] {
            assert_eq!(url_reason(s), ipv4, "{s:?}");
        }
        assert_eq!(url_reason("file://1.2.3/"), ipv4);
        assert_eq!(
            url_reason("file://%18,F/"),
            "host holds (escaped) a character that a domain name cannot"
        );
        assert!(Url::parse("file://1.2.3.4/").is_ok());
        // Outside those schemes the host is opaque.
        assert!(Url::parse("foo://1.2.3/").is_ok());
        assert!(Url::parse("foo://%18/").is_ok());
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
        let u = Url::parse("https://xn--r8jz45g.jp/errors?x=1#y").unwrap();
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, "\"https://xn--r8jz45g.jp/errors?x=1#y\"");
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
        // An IRI is not a URI, however it arrives.
        let err = serde_json::from_str::<Url>(r#""https://\u4f8b.jp/""#).unwrap_err();
        assert!(err.to_string().contains("outside ASCII"), "{err}");
        let err = serde_json::from_str::<Url>("42").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid type: integer `42`, expected an absolute URL string"),
            "{err}"
        );
    }
}
