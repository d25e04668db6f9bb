//! Paragraphs in another language than the document's, found with `whatlang`.
//!
//! Only paragraphs of at least [`MIN_WORDS`] words whose detection whatlang
//! calls reliable count: short text is too often misread. The document's
//! language is the one most of them are in.

use std::collections::HashMap;

use rayon::prelude::*;
use whatlang::Lang;

use super::case::word_count;
use super::classify::Node;

/// Shortest paragraph whose language is trusted.
const MIN_WORDS: usize = 12;

/// How much of a paragraph whatlang reads: its cost grows with the text,
/// its answer stops changing long before.
const SAMPLE_BYTES: usize = 400;

/// Sets `lang` on each paragraph written in another language than most of the document.
pub(crate) fn mark_languages(nodes: &mut [Node]) {
    // Detection is most of the importer's time (56% on a 20 MB paper) and
    // each paragraph's is independent: spread it over the cores.
    let detected: Vec<Option<Lang>> = nodes
        .par_iter()
        .map(|node| match node {
            Node::Paragraph(p) => detect(&p.text),
            Node::Item(item) => detect(&item.text),
            Node::Heading(_) => None,
        })
        .collect();
    let mut counts: HashMap<Lang, usize> = HashMap::new();
    for lang in detected.iter().flatten() {
        *counts.entry(*lang).or_default() += 1;
    }
    // Ties go to the language seen first, so the result does not depend on hashing.
    let mut main: Option<(Lang, usize)> = None;
    for lang in detected.iter().flatten() {
        let n = counts.get(lang).copied().unwrap_or(0);
        if main.is_none_or(|(_, best)| n > best) {
            main = Some((*lang, n));
        }
    }
    let Some((main, _)) = main else {
        return;
    };
    for (node, lang) in nodes.iter_mut().zip(detected) {
        if let (Node::Paragraph(p), Some(lang)) = (node, lang)
            && lang != main
        {
            p.lang = Some(code(lang).to_string());
        }
    }
}

fn detect(text: &str) -> Option<Lang> {
    if word_count(text) < MIN_WORDS {
        return None;
    }
    whatlang::detect(sample(text)).filter(|info| info.is_reliable()).map(|info| info.lang())
}

/// At most [`SAMPLE_BYTES`] of the text, cut at a word.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
}

/// The shortest BCP 47 tag for a language: ISO 639-1 where there is one.
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Ces => "cs",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Bul => "bg",
        Lang::Mkd => "mk",
        Lang::Bel => "be",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Fin => "fi",
        Lang::Est => "et",
        Lang::Lav => "lv",
        Lang::Lit => "lt",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Ell => "el",
        Lang::Tur => "tr",
        Lang::Cat => "ca",
        Lang::Lat => "la",
        Lang::Epo => "eo",
        Lang::Afr => "af",
        Lang::Cym => "cy",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Hin => "hi",
        Lang::Ben => "bn",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Ind => "id",
        Lang::Tgl => "tl",
        Lang::Kat => "ka",
        Lang::Hye => "hy",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::classify::Paragraph;
    use super::*;

    fn para(text: &str) -> Node {
        Node::Paragraph(Paragraph { text: text.to_string(), lang: None })
    }

    #[test]
    fn the_minority_language_is_marked_and_short_text_is_not() {
        let mut nodes = vec![
            para("The committee met twice during the year and agreed on a plan for the harbour walls and the gates."),
            para(
                "Los ministros acordaron un plan de trabajo para fortalecer la cooperación regional en materia de seguridad.",
            ),
            para("The second meeting reviewed the budget and approved the works for the following spring season."),
            para("Hola, buenos días."),
        ];
        mark_languages(&mut nodes);
        let langs: Vec<Option<String>> = nodes
            .iter()
            .map(|n| match n {
                Node::Paragraph(p) => p.lang.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(langs, vec![None, Some("es".to_string()), None, None]);
    }
}
