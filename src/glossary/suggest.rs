//! `acta glossary suggest`: finding terms the text defines inline, as
//! `Long Form (ACR)` or `ACR (Long Form)`.
//!
//! Starts from Schwartz & Hearst (2003): the long form is the shortest run of
//! words before the parenthesis in which the acronym's letters appear in
//! order, the first at a word start. Their rule fails on acronyms from another
//! language (TIAR, CICTE, CICAD are Spanish acronyms written after their
//! English names), so a second rule takes the capitalised name right before
//! the parenthesis when enough of the acronym's letters are its initials.
//! Lower-case phrases are accepted only when the acronym is their initials,
//! which rejects phrases that merely precede an acronym.

/// A term the text defines inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub acronym: String,
    pub long_form: String,
    /// Byte offset of the definition in the text.
    pub offset: usize,
}

/// Words that may sit inside a name without a capital ("Court of Justice",
/// "Organización de los Estados Americanos").
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "against", "to", "at", "de", "del", "la", "las", "los", "el", "y", "para",
    "contra", "sobre", "en", "et", "des", "du", "le", "les", "da", "do", "dos", "e",
];

fn is_acronym(s: &str) -> bool {
    let len = s.chars().count();
    (2..=10).contains(&len)
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '&')
        && s.starts_with(|c: char| c.is_ascii_uppercase())
}

fn is_capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
}

fn is_connector(word: &str) -> bool {
    CONNECTORS.contains(&word.to_lowercase().as_str())
}

/// The initial letter of each word and of each hyphenated part, upper-cased.
fn initials(words: &[&str]) -> Vec<char> {
    words.iter().flat_map(|w| w.split('-')).filter_map(|p| p.chars().next()).flat_map(char::to_uppercase).collect()
}

/// The words before `end` in `text`, nearest first, up to `max`, stopping at
/// a clause boundary (`.`, `,`, `;`, `:`, `(`, `)`, a line break between paragraphs).
fn words_before(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split([' ', '\n', '\t']).rev() {
        if word.is_empty() {
            continue;
        }
        if word.ends_with(['.', ',', ';', ':', '(', ')', '"', '”', '“']) || out.len() >= max {
            break;
        }
        out.push(word);
    }
    out
}

/// Schwartz-Hearst, strict: the acronym's letters are the initials of the
/// phrase's words, in order, connectors allowed in between.
fn initials_match(acronym: &str, words: &[&str]) -> bool {
    let letters: Vec<char> = acronym.chars().filter(char::is_ascii_alphabetic).collect();
    let content: Vec<&str> = words.iter().copied().filter(|w| !is_connector(w)).collect();
    let inits = initials(&content);
    let mut j = 0;
    for c in inits {
        if j < letters.len() && c == letters[j] {
            j += 1;
        }
    }
    j == letters.len()
        && content.first().and_then(|w| w.chars().next()).and_then(|c| c.to_uppercase().next())
            == letters.first().copied()
}

/// The long form for `acronym` from the words before its parenthesis (nearest first).
fn long_form_before(acronym: &str, before: &[&str]) -> Option<String> {
    let letters = acronym.chars().filter(char::is_ascii_alphabetic).count();
    // The capitalised name right before the parenthesis.
    let mut name: Vec<&str> = Vec::new();
    for &w in before {
        let w = w.trim_matches(|c: char| c == '*' || c == '_');
        if is_capitalised(w) || is_connector(w) {
            name.push(w);
        } else {
            break;
        }
    }
    while name.last().is_some_and(|w| is_connector(w)) {
        name.pop();
    }
    name.reverse();
    let capitals = name.iter().filter(|w| is_capitalised(w) && !is_connector(w)).count();
    if capitals >= 2 {
        let inits = initials(&name);
        let mut distinct: Vec<char> = acronym.chars().filter(char::is_ascii_alphabetic).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let shared = distinct.iter().filter(|c| inits.contains(c)).count();
        if shared * 2 >= distinct.len() {
            return Some(name.join(" "));
        }
    }
    // Lower-case phrases: the shortest run whose initials spell the acronym.
    let window = (letters + 5).min(letters * 2);
    let mut phrase: Vec<&str> = Vec::new();
    for &w in before.iter().take(window) {
        phrase.insert(0, w);
        if !is_connector(w) && initials_match(acronym, &phrase) {
            return Some(phrase.join(" "));
        }
    }
    None
}

/// Every inline definition in `text`, in order.
pub fn suggest(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(i) = text[search..].find('(').map(|i| search + i) {
        search = i + 1;
        let Some(close) = text[i + 1..].find(')').map(|c| i + 1 + c) else { break };
        let inside = text[i + 1..close].trim();
        if inside.contains('(') || inside.len() > 200 {
            continue;
        }
        let before_text = text[..i].trim_end();
        if is_acronym(inside) {
            let before = words_before(before_text, 20);
            if let Some(long_form) = long_form_before(inside, &before) {
                out.push(Candidate { acronym: inside.to_string(), long_form, offset: i });
            }
        } else if let Some(acronym) = before_text.rsplit([' ', '\n']).next().filter(|w| is_acronym(w)) {
            // ACR (Long Form): the parenthesis holds a name.
            let words: Vec<&str> = inside.split_whitespace().collect();
            let all_name = words.iter().all(|w| is_capitalised(w) || is_connector(w));
            let capitals = words.iter().filter(|w| is_capitalised(w) && !is_connector(w)).count();
            if words.len() >= 2 && all_name && capitals >= 2 {
                out.push(Candidate { acronym: acronym.to_string(), long_form: words.join(" "), offset: i });
            }
        }
    }
    out
}

/// Names Windows reserves for devices in every folder, whatever the case and
/// extension (`con.md`, `Nul.txt`): a file so named cannot be created or
/// checked out there.
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file stem (no `.md`) of the draft entry `--write` makes for an acronym:
/// lower case, anything but ASCII letters and digits as `-`.
///
/// An acronym that spells a Windows device name (CON, AUX, LPT1, …) gets
/// `-term` added (`con-term`), so that a site made on Linux can still be
/// cloned on Windows; the entry's title stays the acronym, only the file
/// name (and so the entry's URL) differs.
pub fn entry_stem(acronym: &str) -> String {
    let stem: String =
        acronym.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '-' }).collect();
    if WINDOWS_DEVICES.contains(&stem.as_str()) { format!("{stem}-term") } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(String, String)> {
        suggest(text).into_iter().next().map(|c| (c.acronym, c.long_form))
    }

    #[test]
    fn long_form_then_acronym() {
        assert_eq!(
            one("the creation of the International Criminal Court (ICC) in Rome"),
            Some(("ICC".into(), "International Criminal Court".into()))
        );
    }

    #[test]
    fn acronym_then_long_form() {
        assert_eq!(
            one("the OEA (Organización de los Estados Americanos) met"),
            Some(("OEA".into(), "Organización de los Estados Americanos".into()))
        );
    }

    #[test]
    fn cross_language_acronyms() {
        assert_eq!(
            one("in 1947 when the Inter-American Treaty of Reciprocal Assistance (TIAR) was signed"),
            Some(("TIAR".into(), "Inter-American Treaty of Reciprocal Assistance".into()))
        );
        assert_eq!(
            one("and the Inter-American Committee Against Terrorism (CICTE) in 1999"),
            Some(("CICTE".into(), "Inter-American Committee Against Terrorism".into()))
        );
    }

    #[test]
    fn lower_case_long_forms_need_matching_initials() {
        assert_eq!(
            one("infected with human immunodeficiency virus (HIV) today"),
            Some(("HIV".into(), "human immunodeficiency virus".into()))
        );
        assert_eq!(one("follow-up capacity of international organization agreements (OAS)"), None);
    }

    #[test]
    fn parentheses_that_define_nothing() {
        assert_eq!(one("as said before (see above) and (2002)"), None);
        assert_eq!(one("Chile (Santiago)"), None);
    }

    #[test]
    fn entry_stems_avoid_windows_device_names() {
        assert_eq!(entry_stem("OAS"), "oas");
        assert_eq!(entry_stem("C&A"), "c-a");
        for (acronym, stem) in [("CON", "con-term"), ("PRN", "prn-term"), ("AUX", "aux-term"), ("NUL", "nul-term")] {
            assert_eq!(entry_stem(acronym), stem);
        }
        for n in 1..=9 {
            assert_eq!(entry_stem(&format!("COM{n}")), format!("com{n}-term"));
            assert_eq!(entry_stem(&format!("LPT{n}")), format!("lpt{n}-term"));
        }
        // Only the whole name is reserved.
        assert_eq!(entry_stem("COM0"), "com0");
        assert_eq!(entry_stem("CONA"), "cona");
        assert_eq!(entry_stem("LPT10"), "lpt10");
    }
}
