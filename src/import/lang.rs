//! Paragraphs in another language than the document's, found with `whatlang`.
//!
//! Only paragraphs of at least [`MIN_WORDS`] words whose detection whatlang
//! calls reliable count: short text is too often misread. The document's
//! language is the one most of them are in.
//!
//! whatlang reads about 6 MB/s per core, which was three quarters of the
//! import's time. Most paragraphs of an English document do not need it: a
//! paragraph in which at least a third of the words are English function
//! words that no other common language uses as words ("the", "which",
//! "would"…) is English, and whatlang is asked only about the rest. On our
//! paper and the fixtures, every paragraph that test accepts whatlang also
//! reads as English (or not reliably as anything), so the output is the same.

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
            Node::Heading(_) | Node::Code(_) => None,
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
    if looks_english(sample(text)) {
        return Some(Lang::Eng);
    }
    whatlang::detect(sample(text)).filter(|info| info.is_reliable()).map(|info| info.lang())
}

/// Words that are common in English prose and are not words (or are rare
/// ones) in the other languages whatlang knows with the Latin script: not
/// "a", "in", "is", "of", "to", "for", "at", "was", "have", "die", "as"…
const ENGLISH_ONLY: &[&str] = &[
    "the", "and", "that", "which", "with", "this", "these", "those", "their", "they", "them", "there", "would",
    "should", "could", "been", "were", "are", "from", "its", "has", "had", "not", "but", "than", "also", "such",
    "between", "other", "more", "into", "about", "what", "when", "where", "who", "will", "shall", "must", "any",
    "each", "our", "we", "you", "your", "by", "be", "or", "it", "on", "can",
];

/// True when "the" is there and at least one word in eight is in
/// [`ENGLISH_ONLY`]: in the English paragraphs of our fixtures they are a
/// fifth to a third of the words; in other languages almost none (tested on
/// samples of eleven languages).
fn looks_english(text: &str) -> bool {
    let (mut words, mut hits, mut the) = (0usize, 0usize, false);
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.len() <= 7 && is_english_only(word) {
            hits += 1;
            the |= word.eq_ignore_ascii_case("the");
        }
    }
    the && words >= MIN_WORDS && hits * 8 >= words
}

fn is_english_only(word: &str) -> bool {
    let mut lower = [0u8; 7];
    for (slot, b) in lower.iter_mut().zip(word.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len().min(7)];
    ENGLISH_ONLY.iter().any(|w| w.as_bytes() == lower)
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

    #[test]
    fn other_languages_never_pass_for_english() {
        let samples = [
            "Los ministros acordaron un plan de trabajo para fortalecer la cooperación regional en materia de seguridad y defensa de las Américas.",
            "Os ministros acordaram um plano de trabalho para fortalecer a cooperação regional em matéria de segurança e defesa das Américas.",
            "Les ministres ont adopté un plan de travail pour renforcer la coopération régionale en matière de sécurité et de défense dans les Amériques.",
            "Die Minister haben einen Arbeitsplan beschlossen, um die regionale Zusammenarbeit in Fragen der Sicherheit und Verteidigung zu stärken.",
            "I ministri hanno adottato un piano di lavoro per rafforzare la cooperazione regionale in materia di sicurezza e di difesa delle Americhe.",
            "De ministers hebben een werkplan aangenomen om de regionale samenwerking op het gebied van veiligheid en defensie te versterken of te verbeteren.",
            "Ministrene har vedtaget en arbejdsplan for at styrke det regionale samarbejde om sikkerhed og forsvar, og de vil have en rapport til næste år.",
            "Ministrarna har antagit en arbetsplan för att stärka det regionala samarbetet om säkerhet och försvar i hela regionen under nästa år.",
            "Ministrowie przyjęli plan pracy, aby wzmocnić współpracę regionalną w sprawach bezpieczeństwa i obrony, a to jest ważne dla regionu.",
            "Ministri su usvojili plan rada kako bi ojačali regionalnu suradnju u pitanjima sigurnosti i obrane, a to je važno za cijelu regiju.",
            "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam qui ipsorum lingua Celtae, nostra Galli appellantur.",
        ];
        for text in samples {
            assert!(!looks_english(text), "{text}");
            assert_ne!(whatlang::detect(text).map(|i| i.lang()), Some(Lang::Eng), "{text}");
        }
        assert!(looks_english(
            "The committee met twice during the year and agreed on a plan for the harbour walls and the gates."
        ));
    }

    /// The shortcut changes no answer: on every paragraph of the paper and
    /// the fixtures that it calls English, whatlang says English or nothing reliable.
    #[test]
    fn the_english_shortcut_agrees_with_whatlang_on_real_text() {
        let mut texts = vec![
            include_str!("../../tests/fixtures/import/security-institutions-americas-2002.txt").to_string(),
            include_str!("../../tests/fixtures/import/coastal-flood-report.txt").to_string(),
            include_str!("../../tests/fixtures/import/harbour-review.txt").to_string(),
        ];
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        for entry in std::fs::read_dir(&fixtures).into_iter().flatten().flatten() {
            for file in std::fs::read_dir(entry.path()).into_iter().flatten().flatten() {
                let path = file.path();
                if path.file_name().is_some_and(|n| n != "SOURCE.md")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    texts.push(text);
                }
            }
        }
        let (mut shortcut, mut total) = (0, 0);
        for text in &texts {
            for para in text.split("\n\n") {
                let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
                if word_count(&para) < MIN_WORDS {
                    continue;
                }
                total += 1;
                if looks_english(sample(&para)) {
                    shortcut += 1;
                    let told = whatlang::detect(sample(&para)).filter(|i| i.is_reliable()).map(|i| i.lang());
                    assert!(told.is_none_or(|l| l == Lang::Eng), "{told:?}: {para}");
                }
            }
        }
        // Most paragraphs skip whatlang, or the shortcut is not worth having.
        assert!(shortcut * 10 >= total * 8, "{shortcut} of {total}");
    }
}
