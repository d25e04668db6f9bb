//! The inflected forms of a term's form: the plural (or singular) of an
//! English noun phrase's head noun, the number of a Spanish, Portuguese or
//! French noun phrase's leading words, and `s` after an acronym.
//!
//! The variants are generated once, when the glossary is built, and join the
//! one automaton: matching costs what it did. Rules rather than a stemmer
//! (Snowball via `rust-stemmers`): a stemmer maps words to stems, so matching
//! through it means stemming every word of the text, and it conflates too
//! much for links (`security`/`securities`, `state`/`statement` share stems
//! in some languages). Every rule here only ever adds or removes a suffix on
//! the words that carry a phrase's number, and a rule that is not sure of a
//! word gives no variant at all: precision first. Possessives need no
//! variant: `’s` is not a letter, so "OAS’s" already matches `OAS`.
//!
//! Gender is not varied: in a term the noun fixes it (`Estado fallido` has
//! no feminine), and turning `-o` into `-a` makes other words
//! (`Estado` → `Estada`).

use super::is_acronym_like;

/// English words that end a noun phrase's head: in "Conference of Ministers
/// of Defense" the head is "Conference", the word before the first of them.
const EN_PREPOSITIONS: &[&str] =
    &["of", "on", "for", "against", "in", "to", "between", "from", "with", "under", "among", "by", "at", "the"];

/// Words that say a form is Spanish, Portuguese or French, and end its
/// head the same way: "operaciones de paz".
const ROMANCE_FUNCTION_WORDS: &[&str] = &[
    "de", "del", "el", "la", "las", "los", "para", "contra", "sobre", "en", "entre", "con", "por", "y", "da", "do",
    "das", "dos", "em", "na", "no", "com", "des", "du", "le", "les", "pour", "sur", "et", "au", "aux", "à",
];

/// Letters with diacritics that English names rarely carry.
const ROMANCE_LETTERS: &str = "áéíóúñãõçâêôàèüÁÉÍÓÚÑÃÕÇÂÊÔÀÈ";

/// The inflected variants of `form`, without `form` itself; empty when no
/// rule is sure.
pub fn variants(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    if is_acronym_like(form) {
        // `NGO` → `NGOs`. `OAS` ends in S already (`OASs` is no word), and
        // after a digit (`G-8`) an `s` is a number's plural, not the body's.
        if form.ends_with(|c: char| c.is_ascii_uppercase() && c != 'S') {
            out.push(format!("{form}s"));
        }
        return out;
    }
    let words: Vec<&str> = form.split(' ').collect();
    if words.iter().any(|w| w.is_empty()) {
        return out;
    }
    if is_romance(&words) {
        for rules in [Romance::Spanish, Romance::Portuguese, Romance::French] {
            if let Some(v) = romance_number(&words, rules) {
                out.push(v);
            }
        }
    } else if let Some(v) = english_number(&words) {
        out.push(v);
    }
    out.sort();
    out.dedup();
    out.retain(|v| !v.eq_ignore_ascii_case(form));
    out
}

/// Whether a phrase is Spanish, Portuguese or French rather than English.
fn is_romance(words: &[&str]) -> bool {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().any(|w| EN_PREPOSITIONS.contains(&w.as_str()) || w == "and") {
        return false;
    }
    lower.iter().any(|w| ROMANCE_FUNCTION_WORDS.contains(&w.as_str()))
        || words.iter().any(|w| w.chars().any(|c| ROMANCE_LETTERS.contains(c)))
        // "Estado fallido", "Sistema Interamericano": English phrases
        // seldom end in a word ending in -o or -a after another word.
        || (words.len() > 1
            && lower.last().is_some_and(|w| ["o", "a", "os", "as"].iter().any(|e| w.ends_with(e))))
}

/// The English phrase with its head noun's number changed.
fn english_number(words: &[&str]) -> Option<String> {
    let head = words.iter().position(|w| EN_PREPOSITIONS.contains(&w.to_lowercase().as_str())).unwrap_or(words.len());
    let head = head.checked_sub(1)?;
    let word = words[head];
    // The last part of a hyphenated word carries the number.
    let (stem, last) = word.rsplit_once('-').map_or(("", word), |(s, l)| (s, l));
    if last.len() < 2 || !last.chars().all(|c| c.is_ascii_alphabetic()) || is_acronym_like(last) {
        return None;
    }
    let changed = english_word_number(last)?;
    let word = if stem.is_empty() { changed } else { format!("{stem}-{changed}") };
    let mut out: Vec<&str> = words.to_vec();
    out[head] = &word;
    Some(out.join(" "))
}

/// `policy` ↔ `policies`, `measure` ↔ `measures`, `process` → `processes`;
/// `None` for words whose number a suffix cannot tell (`status`, `analysis`).
fn english_word_number(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    let cut = |n: usize| word[..word.len() - n].to_string();
    if ends("us") || ends("is") || ends("ous") {
        return None;
    }
    if ends("ss") {
        return Some(format!("{word}es"));
    }
    if ends("ies") {
        return Some(format!("{}y", cut(3)));
    }
    if ["sses", "ches", "shes", "xes", "zes"].iter().any(|e| ends(e)) {
        return Some(cut(2));
    }
    if ends("s") {
        return Some(cut(1));
    }
    let before_last = lower.chars().rev().nth(1).unwrap_or('a');
    if ends("y") && !"aeiou".contains(before_last) {
        return Some(format!("{}ies", cut(1)));
    }
    if ["x", "z", "ch", "sh"].iter().any(|e| ends(e)) {
        return Some(format!("{word}es"));
    }
    Some(format!("{word}s"))
}

#[derive(Clone, Copy)]
enum Romance {
    Spanish,
    Portuguese,
    French,
}

/// The phrase with the number of its words before the first function word
/// changed, all the same way (all singular to plural or the reverse).
fn romance_number(words: &[&str], rules: Romance) -> Option<String> {
    let head =
        words.iter().position(|w| ROMANCE_FUNCTION_WORDS.contains(&w.to_lowercase().as_str())).unwrap_or(words.len());
    if head == 0 {
        return None;
    }
    let plural = romance_is_plural(words[0], rules);
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
    for (i, w) in words[..head].iter().enumerate() {
        if w.len() < 2 || !w.chars().all(char::is_alphabetic) || is_acronym_like(w) {
            return None;
        }
        if romance_is_plural(w, rules) != plural {
            return None;
        }
        out[i] = if plural { romance_singular(w, rules)? } else { romance_plural(w, rules)? };
    }
    Some(out.join(" "))
}

fn romance_is_plural(word: &str, rules: Romance) -> bool {
    match rules {
        Romance::French => word.ends_with(['s', 'x']),
        Romance::Spanish | Romance::Portuguese => word.ends_with('s'),
    }
}

/// `word` without its last `n` characters (not bytes: `-ões`, `-é`).
fn without_last_chars(word: &str, n: usize) -> String {
    let mut chars = word.chars();
    for _ in 0..n {
        chars.next_back();
    }
    chars.as_str().to_string()
}

/// A Spanish, Portuguese or French word's plural, where a suffix rule is sure.
fn romance_plural(word: &str, rules: Romance) -> Option<String> {
    let ends = |s: &str| word.ends_with(s);
    let cut = |n: usize| without_last_chars(word, n);
    let vowel = word.ends_with(['a', 'e', 'i', 'o', 'u', 'é']);
    match rules {
        Romance::Spanish => {
            if vowel || ends("á") || ends("ó") {
                Some(format!("{word}s"))
            } else if ends("ión") {
                Some(format!("{}iones", cut(3)))
            } else if ends("z") {
                Some(format!("{}ces", cut(1)))
            } else if word.ends_with(['d', 'l', 'r', 'n', 'j', 'y']) {
                Some(format!("{word}es"))
            } else {
                None
            }
        }
        Romance::Portuguese => {
            if ends("ão") {
                Some(format!("{}ões", cut(2)))
            } else if vowel || ends("á") || ends("ê") || ends("ô") {
                Some(format!("{word}s"))
            } else if ends("m") {
                Some(format!("{}ns", cut(1)))
            } else if ends("al") || ends("el") || ends("ol") || ends("ul") {
                Some(format!("{}is", cut(1)))
            } else if word.ends_with(['r', 'z']) {
                Some(format!("{word}es"))
            } else {
                None
            }
        }
        Romance::French => {
            if ends("al") {
                Some(format!("{}aux", cut(2)))
            } else if ends("eau") || ends("au") || ends("eu") {
                Some(format!("{word}x"))
            } else if word.ends_with(['z']) {
                None
            } else {
                Some(format!("{word}s"))
            }
        }
    }
}

/// A Spanish, Portuguese or French plural's singular, where a suffix rule
/// is sure: `-as`, `-os`, `-iones`, `-ales`, `-dades` (Spanish); `-ões`,
/// `-ais`, vowel + `s` (Portuguese); `-aux`, `-s` (French).
fn romance_singular(word: &str, rules: Romance) -> Option<String> {
    let ends = |s: &str| word.ends_with(s);
    let cut = |n: usize| without_last_chars(word, n);
    match rules {
        Romance::Spanish => {
            if ends("iones") {
                Some(format!("{}ión", cut(5)))
            } else if ends("dades") || ends("ales") {
                Some(cut(2))
            } else if ends("as") || ends("os") {
                Some(cut(1))
            } else {
                None
            }
        }
        Romance::Portuguese => {
            if ends("ões") {
                Some(format!("{}ão", cut(3)))
            } else if ends("ais") {
                Some(format!("{}l", cut(2)))
            } else if ends("as") || ends("os") || ends("es") {
                Some(cut(1))
            } else {
                None
            }
        }
        Romance::French => {
            if ends("aux") {
                Some(format!("{}al", cut(3)))
            } else if ends("s") && !ends("ss") {
                Some(cut(1))
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(form: &str, variant: &str) -> bool {
        variants(form).iter().any(|v| v == variant)
    }

    #[test]
    fn english_head_noun() {
        assert_eq!(variants("confidence-building measure"), vec!["confidence-building measures"]);
        assert_eq!(variants("confidence-building measures"), vec!["confidence-building measure"]);
        assert_eq!(variants("policy"), vec!["policies"]);
        assert_eq!(variants("polyarchies"), vec!["polyarchy"]);
        assert_eq!(variants("Conference of Ministers of Defense"), vec!["Conferences of Ministers of Defense"]);
        assert_eq!(variants("states of constitutional exception"), vec!["state of constitutional exception"]);
        assert_eq!(variants("Summit of the Americas"), vec!["Summits of the Americas"]);
        assert_eq!(variants("peace-keeping operations"), vec!["peace-keeping operation"]);
        assert_eq!(variants("process"), vec!["processes"]);
        assert_eq!(variants("ax"), vec!["axes"]);
        assert!(variants("status").is_empty());
        assert!(variants("Andean Security Council 12").is_empty());
    }

    #[test]
    fn spanish_and_portuguese_number() {
        assert_eq!(variants("Estado fallido"), vec!["Estados fallidos"]);
        assert!(has("Estados fallidos", "Estado fallido"));
        assert!(has("amenaza asimétrica", "amenazas asimétricas"));
        assert!(has("amenazas asimétricas", "amenaza asimétrica"));
        assert!(has("operaciones de paz", "operación de paz"));
        assert!(has("seguridad colectiva", "seguridades colectivas"));
        assert!(has("Cumbre de las Américas", "Cumbres de las Américas"));
        assert!(has("Sistema Interamericano", "Sistemas Interamericanos"));
        assert!(has("operação de paz", "operações de paz"));
        // Mixed number: no rule is sure.
        assert!(variants("Países Garantes").iter().all(|v| v != "País Garante"));
    }

    #[test]
    fn french_number() {
        assert!(has("accord régional", "accords régionaux"));
        assert!(has("opérations de paix", "opération de paix"));
    }

    #[test]
    fn acronyms_take_only_s() {
        assert_eq!(variants("NGO"), vec!["NGOs"]);
        assert!(variants("OAS").is_empty());
        assert!(variants("G-8").is_empty());
    }
}
