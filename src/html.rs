//! Escaping for everything that goes from content into HTML, attributes and URLs.

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let Ok(()) = escaped_runs(s, |run| -> Result<(), std::convert::Infallible> {
        out.push_str(run);
        Ok(())
    });
}

/// [`escape`] for tera's autoescape. Tera's own escaper hands every byte to
/// `dyn Write` separately, 6-8% of a 10,000-page build's samples (perf);
/// this writes runs of plain text whole, and also escapes `'`, so a value is
/// safe in a single-quoted attribute too.
pub fn escape_to_writer(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escaped_runs(s, |run| out.write_all(run.as_bytes()))
}

/// Calls `emit` with `s` cut into runs of plain text and the entities that
/// replace `& < > " '`.
fn escaped_runs<E>(s: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        emit(&s[last..i])?;
        emit(rep)?;
        last = i + 1;
    }
    emit(&s[last..])
}

/// Percent-encodes a URL path, keeping `/`, `#`, `?`, `=`, `&`, `%` and unreserved characters.
/// Non-ASCII is encoded byte by byte, so any file name makes a valid URL.
pub fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/#?=&%:+,;@!$()*".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; a `%` without two hex digits stays as it is, and
/// invalid UTF-8 in the result becomes U+FFFD. For links authors wrote.
pub fn decode_percent(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = percent_decode(s, false).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Decodes `%XX` escapes to bytes; `None` when a `%` is not followed by two
/// hex digits, so that a request path can be read only one way.
pub fn percent_decode_strict(s: &str) -> Option<Vec<u8>> {
    percent_decode(s, true)
}

/// `strict`: a `%` without two hex digits makes it `None`; otherwise it stays as it is.
fn percent_decode(s: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: `u8::from_str_radix` would also take `+f`.
            let digit = |at: usize| bytes.get(at).and_then(|&b| char::from(b).to_digit(16));
            match digit(i + 1).zip(digit(i + 2)).map(|(hi, lo)| (hi * 16 + lo) as u8) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None if strict => return None,
                None => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

/// An attribute value as written in HTML back to its text: the entities our
/// renderer and authors' raw HTML use (`&amp;`, `&quot;`, `&#39;`, `&#x27;`, …)
/// decoded; anything else is left as it is.
pub fn unescape_attribute(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                name => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of a URL that makes the browser run or show code the URL itself
/// holds — `javascript`, `vbscript`, or `data` (a `data:text/html` URL is a
/// whole page, scripts included) — however it is disguised with case,
/// whitespace or control characters.
pub fn active_scheme(url: &str) -> Option<&'static str> {
    let start = cleaned_start(url);
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|scheme| start.strip_prefix(scheme).is_some_and(|rest| rest.starts_with(':')))
}

/// Whether a URL would run script when followed (`javascript:`, `vbscript:`).
pub fn is_script_url(url: &str) -> bool {
    matches!(active_scheme(url), Some("javascript" | "vbscript"))
}

/// Whether `url` is a `data:image/…` URL, which an `<img>` shows without running anything.
pub fn is_image_data_url(url: &str) -> bool {
    cleaned_start(url) == "data:image/"
}

/// The first 11 characters of `url` (enough for `javascript:`) as a browser
/// reads its scheme: lowercased, whitespace and control characters dropped.
fn cleaned_start(url: &str) -> String {
    url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase()
}

/// Plain text for a `<meta>` description or a snippet: tags dropped, whitespace folded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `url` is an `http://` or `https://` URL.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The values of `name="…"` attributes in `html`, with their byte offsets:
/// the one scanner for links in rendered HTML (templates' links, raw HTML in
/// bodies). Values are as written, still escaped.
pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<(usize, &'a str)> {
    let pattern = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(&pattern) {
        let start = at + i + pattern.len();
        let Some(end) = html[start..].find('"') else { break };
        out.push((start, &html[start..start + end]));
        at = start + end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#""><script>a&b'"#), "&quot;&gt;&lt;script&gt;a&amp;b&#39;");
    }

    #[test]
    fn templates_escape_as_escape_does() {
        for s in [r#""><script>a&b'"#, "", "plain", "&&", "é<ü>'", "end&"] {
            let mut out = Vec::new();
            escape_to_writer(s, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(s), "{s:?}");
        }
    }

    #[test]
    fn script_urls_in_disguise() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScRipt:alert(1)"));
        assert!(is_script_url("java\u{0}script:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
        assert_eq!(active_scheme(" VBScript:msgbox(1)"), Some("vbscript"));
        assert_eq!(active_scheme("DATA:text/html,<script>"), Some("data"));
        assert_eq!(active_scheme("database.md"), None);
        assert!(!is_script_url("data:text/html,x"));
    }

    #[test]
    fn image_data_urls() {
        assert!(is_image_data_url("data:image/png;base64,iVBOR"));
        assert!(is_image_data_url(" Data:Image/svg+xml,<svg/>"));
        assert!(!is_image_data_url("data:text/html,<script>"));
        assert!(!is_image_data_url("data:imagex"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(decode_percent("caf%C3%A9%20x"), "café x");
        assert_eq!(decode_percent("100%"), "100%");
        assert_eq!(decode_percent("%zz%2"), "%zz%2");
        assert_eq!(decode_percent("%ff"), "\u{fffd}");
        assert_eq!(percent_decode_strict("a%2Fb").as_deref(), Some(&b"a/b"[..]));
        assert_eq!(percent_decode_strict("%ff").as_deref(), Some(&[0xff][..]));
        assert_eq!(percent_decode_strict("%zz"), None);
        assert_eq!(percent_decode_strict("%2"), None);
        assert_eq!(percent_decode_strict("%+f"), None);
        assert_eq!(decode_percent("%+f%-1"), "%+f%-1");
    }

    #[test]
    fn unescapes_attribute_values() {
        assert_eq!(unescape_attribute("a?b=1&amp;c=&#39;x&#x27;&quot;"), "a?b=1&c='x'\"");
        assert_eq!(unescape_attribute(&escape("<a&b>")), "<a&b>");
        assert_eq!(unescape_attribute("a & b &unknown; &#xZZ;"), "a & b &unknown; &#xZZ;");
    }

    #[test]
    fn encodes_spaces_and_unicode() {
        assert_eq!(encode_path("/a b/é/"), "/a%20b/%C3%A9/");
    }
}
