//! Text keeps its contrast in light and dark mode (WCAG AA: 4.5:1), measured
//! from the colours Chromium computes.

use crate::harness::{BrowserTest, WIDE};
use crate::site::PAGE_TYPES;

/// Relative luminance of an sRGB colour (WCAG 2.1).
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `rgb(1, 2, 3)` or `rgba(1, 2, 3, 1)` as three channels.
fn parse_rgb(css: &str) -> [f64; 3] {
    let inner =
        css.split_once('(').and_then(|(_, rest)| rest.strip_suffix(')')).unwrap_or_else(|| panic!("colour {css}"));
    let v: Vec<f64> = inner.split([',', ' ', '/']).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    [v[0], v[1], v[2]]
}

#[test]
fn contrast_is_measured_as_wcag_defines_it() {
    assert!((contrast([0.0; 3], [255.0; 3]) - 21.0).abs() < 1e-9);
    assert_eq!(parse_rgb("rgba(10, 20, 30, 0.5)"), [10.0, 20.0, 30.0]);
}

/// For each selector, the first matching visible element's text colour and
/// the opaque background behind it.
const COLOURS: &str = "
  const opaque = el => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const out = [];
  for (const css of arguments[0]) {
    const el = [...document.querySelectorAll(css)].find(e => e.getClientRects().length > 0);
    if (el) out.push([css, getComputedStyle(el).color, opaque(el)]);
  }
  return out";

#[test]
fn text_contrast_holds_in_light_and_dark_mode() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    let selectors = [
        "main .content p",
        "main h1",
        ".sidebar a",
        ".sidebar a[aria-current]",
        ".breadcrumbs a",
        ".num",
        ".lede",
        ".muted",
        ".title-block dt",
        ".section-pages li p",
        ".prev-next .dir",
        ".site-footer",
        ".letter-bar a",
        ".letter-group .expansion",
        ".snippets a",
        ".snippets mark",
        ".term-summary",
        ".eyebrow",
    ];
    let mut low = Vec::new();
    for dark in [false, true] {
        t.dark(dark);
        for page in PAGE_TYPES {
            t.load(page);
            // The body text sits on the page's own background, which follows the scheme.
            let body: [String; 2] =
                t.js("const s = getComputedStyle(document.body); return [s.color, s.backgroundColor]");
            let bg = luminance(parse_rgb(&body[1]));
            assert!(
                if dark { bg < 0.05 } else { bg > 0.85 },
                "{}: background {} in {} mode",
                page.name,
                body[1],
                if dark { "dark" } else { "light" }
            );
            let mut samples: Vec<(String, String, String)> = vec![("body".into(), body[0].clone(), body[1].clone())];
            samples.extend(t.js_with::<Vec<(String, String, String)>>(COLOURS, vec![serde_json::json!(selectors)]));
            // An open tooltip, where the page has terms.
            let tip: Vec<(String, String, String)> = t.js_with(
                &format!(
                    "const a = document.querySelector('.term-ref .term'); if (!a) return []; a.focus(); {COLOURS}"
                ),
                vec![serde_json::json!([".term-tip-head", ".term-tip-body", ".term-tip-exp"])],
            );
            samples.extend(tip);
            for (what, fg, bg) in samples {
                let ratio = contrast(parse_rgb(&fg), parse_rgb(&bg));
                if ratio < 4.5 {
                    low.push(format!(
                        "{} ({}): {what}: {fg} on {bg} = {ratio:.2}",
                        page.name,
                        if dark { "dark" } else { "light" }
                    ));
                }
            }
        }
    }
    assert!(low.is_empty(), "text below 4.5:1:\n{}", low.join("\n"));
}
