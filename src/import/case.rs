//! Text helpers shared by the importer: reader casing of ALL-CAPS text,
//! sentence boundaries, month names and slugs.

use std::collections::{HashMap, HashSet};

use crate::content::fold_accent;

/// Function words kept in lower case inside a title (English and Spanish).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "off", "on", "per",
    "to", "up", "via", "with", "from", "into", "vs", "than", "de", "del", "la", "las", "los", "y", "e", "o", "u", "en",
    "al", "con", "por", "para",
];

/// Words ending in a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "cf", "fig", "figs", "pp", "vol", "art", "arts", "sr", "sra",
    "approx", "inc", "ltd", "co", "etc", "al", "ed", "eds", "ch", "sec", "para", "op", "cit", "ibid", "jr", "prof",
    "gen", "col", "lt", "capt", "ref",
];

/// Month names (English, Spanish, Portuguese, French, German) and their usual abbreviations.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
];

/// English month and day names, capitalised in dates.
const ENGLISH_CAPITALISED: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True when the text has at least two letters and none of them is lower case.
pub(crate) fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

/// True for a month name or abbreviation in one of the common European languages.
pub(crate) fn is_month(word: &str) -> bool {
    let w: String = word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    MONTHS.contains(&w.as_str())
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// What the document's mixed-case text says about capitals, for recasing
/// its ALL-CAPS headings.
#[derive(Debug, Default)]
pub(crate) struct Capitals {
    /// Upper-case words of two or more letters (OAS, NATO): kept upper-case.
    pub(crate) acronyms: HashSet<String>,
    /// Words with a capital inside (BeOpen.com, PythonLabs, iPhone), by
    /// their lower-case form: an ALL-CAPS heading's `BEOPEN.COM` is spelled
    /// as the text spells it.
    pub(crate) spellings: HashMap<String, String>,
}

/// The acronyms and inner-capital spellings found in mixed-case text.
pub(crate) fn collect_capitals<'a>(texts: impl Iterator<Item = &'a str>) -> Capitals {
    let mut out = Capitals::default();
    for text in texts {
        if is_all_caps(text) {
            continue;
        }
        for word in text.split_whitespace() {
            // Most words have no capital after their first letter: skip them by bytes.
            if !word.bytes().skip(1).any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                continue;
            }
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let mut chars = core.chars();
            // Hyphenated compounds (Inter-American) are cased by their parts.
            let inner_capital = chars.next().is_some_and(char::is_alphabetic)
                && !core.contains(['-', '/'])
                && core.chars().any(char::is_lowercase)
                && chars.any(char::is_uppercase);
            if inner_capital {
                out.spellings.entry(core.to_lowercase()).or_insert_with(|| core.to_string());
            }
        }
        // A word in a run of capitals is shouting or a run-in heading, not an
        // acronym: each word is judged once its next neighbour is known, in
        // one pass without collecting the words (this ran over the whole text).
        let mut prev: Option<(&str, bool)> = None;
        let mut before_prev_caps = false;
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let caps = is_caps_word(word);
            if let Some((p, true)) = prev
                && !before_prev_caps
                && !caps
                && !out.acronyms.contains(p)
            {
                out.acronyms.insert(p.to_string());
            }
            before_prev_caps = prev.is_some_and(|(_, c)| c);
            prev = Some((word, caps));
        }
        if let Some((p, true)) = prev
            && !before_prev_caps
        {
            out.acronyms.insert(p.to_string());
        }
    }
    out
}

/// Two letters or more and none of them lower case (`OAS`, `G7`, `COVID19`).
fn is_caps_word(word: &str) -> bool {
    if word.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && word.chars().all(|c| !c.is_lowercase())
}

/// Recases ALL-CAPS text in title case ("TOWARD THE RENEWAL OF …" → "Toward the
/// Renewal of …"); text with lower-case letters is returned unchanged.
pub(crate) fn reader_case(text: &str, acronyms: &Capitals) -> String {
    if !is_all_caps(text) {
        return text.to_string();
    }
    let mut out = Vec::new();
    let mut start_of_phrase = true;
    for word in text.split_whitespace() {
        out.push(case_word(word, start_of_phrase, acronyms));
        start_of_phrase = word.ends_with([':', '.', '?', '!', '—', '–']) || word == "-";
    }
    out.join(" ")
}

/// Recases an ALL-CAPS date in lower case, with English month and day names capitalised
/// ("18 AL 22 DE NOVIEMBRE DE 2002" → "18 al 22 de noviembre de 2002").
pub(crate) fn date_case(text: &str) -> String {
    if !is_all_caps(text) {
        return text.to_string();
    }
    text.split_whitespace()
        .map(|word| {
            let lower = word.to_lowercase();
            let bare = lower.trim_matches(|c: char| !c.is_alphabetic());
            if ENGLISH_CAPITALISED.contains(&bare) { capitalise(&lower) } else { lower }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cases one word of an ALL-CAPS title, keeping punctuation around it.
fn case_word(word: &str, first: bool, acronyms: &Capitals) -> String {
    let start = word.char_indices().find(|(_, c)| c.is_alphanumeric()).map_or(word.len(), |(i, _)| i);
    let end = word.char_indices().rev().find(|(_, c)| c.is_alphanumeric()).map_or(start, |(i, c)| i + c.len_utf8());
    if start >= end {
        return word.to_string();
    }
    let core = &word[start..end];
    if let Some(spelled) = acronyms.spellings.get(&core.to_lowercase()) {
        return format!("{}{}{}", &word[..start], spelled, &word[end..]);
    }
    let mut cased = String::new();
    for (k, part) in core.split_inclusive(['-', '/']).enumerate() {
        let (body, sep) = match part.strip_suffix(['-', '/']) {
            Some(body) => (body, &part[body.len()..]),
            None => (part, ""),
        };
        cased.push_str(&case_segment(body, first || k > 0, acronyms));
        cased.push_str(sep);
    }
    format!("{}{}{}", &word[..start], cased, &word[end..])
}

fn case_segment(seg: &str, capital: bool, acronyms: &Capitals) -> String {
    if !seg.chars().any(|c| c.is_alphabetic()) {
        return seg.to_string();
    }
    if seg.starts_with(|c: char| c.is_ascii_digit()) {
        // 21ST → 21st, 1990S → 1990s; codes such as 1B stay as written.
        let suffix: String = seg.chars().skip_while(|c| c.is_ascii_digit()).collect::<String>().to_lowercase();
        return if ["st", "nd", "rd", "th", "s"].contains(&suffix.as_str()) {
            seg.to_lowercase()
        } else {
            seg.to_string()
        };
    }
    let bare: String = seg.chars().filter(|c| c.is_alphanumeric()).collect();
    if acronyms.acronyms.contains(&bare) || is_roman_numeral(&bare) {
        return seg.to_string();
    }
    let lower = seg.to_lowercase();
    if !capital && SMALL_WORDS.contains(&lower.as_str()) {
        return lower;
    }
    capitalise(&lower)
}

/// Roman numerals up to 89 written with I, V, X and L (so that words like MIX stay words).
fn is_roman_numeral(word: &str) -> bool {
    if word.is_empty() || word.len() > 7 || word == "L" {
        return false;
    }
    let rest = word.strip_prefix("XL").or_else(|| word.strip_prefix('L')).unwrap_or(word);
    let rest = rest.trim_start_matches('X');
    if word.len() - rest.len() > 4 {
        return false;
    }
    matches!(rest, "" | "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX")
}

/// Upper-cases the first letter.
pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Byte offset just past the first sentence of `text` when another sentence
/// follows it ("Foo bar. Baz" → offset after "Foo bar."), skipping
/// abbreviations, initials and decimal numbers.
pub(crate) fn sentence_end(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len() {
        let (i, c) = chars[k];
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let end = chars[j].0;
        let &(_, next) = chars[j..].iter().find(|(_, c)| !c.is_whitespace())?;
        let opens = next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '¿' | '¡' | '*' | '«');
        if opens && !(c == '.' && is_abbreviation(&text[..i])) {
            return Some(end);
        }
    }
    None
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '*' | '»')
}

/// True when the word before a period is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().count() == 1 {
        return true;
    }
    if word.contains('.') && letters <= 4 {
        return true; // e.g, i.e, U.S
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// True when the text ends a sentence (or a clause that introduces what follows).
pub(crate) fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(is_closer);
    trimmed.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The first sentence of `text`, as plain text.
pub(crate) fn first_sentence(text: &str) -> &str {
    match sentence_end(text) {
        Some(end) => text[..end].trim(),
        None => text.trim(),
    }
}

/// Lower-case ASCII slug of at most five words, accents folded and function
/// words dropped ("Globalization and Security: New Realities" → "globalization-security").
pub(crate) fn slug(title: &str) -> String {
    let head = title.split([':', ';']).find(|part| part.chars().any(|c| c.is_alphanumeric())).unwrap_or(title);
    let head = match sentence_end(head) {
        Some(end) => &head[..end],
        None => head,
    };
    let folded = fold(head);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let content: Vec<&str> = words.iter().copied().filter(|w| !SMALL_WORDS.contains(w)).collect();
    let chosen = if content.is_empty() { words } else { content };
    let slug = chosen.into_iter().take(5).collect::<Vec<_>>().join("-");
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// Lower-cases and folds accented Latin letters to ASCII; apostrophes go,
/// anything else that is not an ASCII letter or digit becomes a space.
fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' => {}
            c if c.is_ascii_alphanumeric() => out.push(c),
            c => out.push_str(fold_accent(c).unwrap_or(" ")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(text: &str) -> String {
        let acronyms = Capitals { acronyms: ["OAS".to_string()].into_iter().collect(), ..Capitals::default() };
        reader_case(text, &acronyms)
    }

    #[test]
    fn titles_are_recased_keeping_acronyms_numerals_and_ordinals() {
        assert_eq!(
            caps("TOWARD THE RENEWAL OF SECURITY INSTITUTIONS IN THE AMERICAS."),
            "Toward the Renewal of Security Institutions in the Americas."
        );
        assert_eq!(
            caps("OAS-CONFERENCE OF MINISTERS OF DEFENSE OF THE AMERICAS LINK"),
            "OAS-Conference of Ministers of Defense of the Americas Link"
        );
        assert_eq!(
            caps("REGIONAL SECURITY AT THE ONSET OF THE 21ST CENTURY"),
            "Regional Security at the Onset of the 21st Century"
        );
        assert_eq!(
            caps("V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS"),
            "V Conferencia de Ministros de Defensa de las Americas"
        );
        assert_eq!(caps("THE REGION'S WORLD WAR II"), "The Region's World War II");
        assert_eq!(caps("Mixed Case stays"), "Mixed Case stays");
        assert_eq!(date_case("18 AL 22 DE NOVIEMBRE DE 2002"), "18 al 22 de noviembre de 2002");
        assert_eq!(date_case("12 SEPTEMBER 2011"), "12 September 2011");
    }

    #[test]
    fn sentences_end_before_a_capital_but_not_after_abbreviations() {
        let text = "End of the state as an actor. Globalization has grown.";
        assert_eq!(&text[..sentence_end(text).unwrap()], "End of the state as an actor.");
        assert_eq!(sentence_end("The U.S. Senate and Mr. Smith agreed"), None);
        assert_eq!(sentence_end("A depth of 2.5 metres. Then"), Some(22));
        assert_eq!(sentence_end("Only one sentence."), None);
        assert!(ends_sentence("a phrase (quoted).\""));
        assert!(!ends_sentence("a loss of"));
    }

    #[test]
    fn slugs_are_short_ascii_and_fold_accents() {
        assert_eq!(slug("Globalization and Security: New Realities, New Concepts"), "globalization-security");
        assert_eq!(slug("Año de la Energía en Perú"), "ano-energia-peru");
        assert_eq!(
            slug("The Region in a Refounding Stage of Its Security Institutions"),
            "region-refounding-stage-its-security"
        );
        assert_eq!(slug("§§"), "section");
    }
}
