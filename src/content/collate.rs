//! The order of A–Z lists: accents sort with their letter, except where a
//! language's alphabet has the letter of its own (Spanish ñ).

/// A sort key for A–Z lists: accents sort with their letter (é with e, ñ with n),
/// case is ignored, and the original breaks ties.
pub fn collation_key(s: &str) -> (String, String) {
    fold(s, false)
}

/// [`collation_key`] in the alphabet of `lang` (a language tag): Spanish
/// files ñ as a letter of its own, after n (the Real Academia's alphabet),
/// so "Ñandú" comes after "Nación" and "Nuevo", not between them.
pub fn collation_key_in(s: &str, lang: &str) -> (String, String) {
    fold(s, has_enye(lang))
}

/// The letter a title is filed under in an A–Z index in `lang`: its first
/// letter without accents, upper case (`#` for digits and for none), or `Ñ`
/// in Spanish.
pub fn index_letter_in(title: &str, lang: &str) -> String {
    let key = collation_key_in(title, lang).0;
    let mut chars = key.chars().skip_while(|c| !c.is_alphanumeric());
    match (chars.next(), chars.next()) {
        (Some('n'), Some(AFTER_N)) => "Ñ".to_string(),
        (Some(c), _) if c.is_ascii_digit() => "#".to_string(),
        (Some(c), _) => c.to_uppercase().collect(),
        (None, _) => "#".to_string(),
    }
}

/// What follows `n` in the key of a Spanish ñ: above every letter, so ñ
/// sorts after n followed by anything.
const AFTER_N: char = char::MAX;

/// Whether `lang`'s alphabet has ñ as a letter of its own.
fn has_enye(lang: &str) -> bool {
    lang.split('-').next().is_some_and(|p| p.eq_ignore_ascii_case("es"))
}

fn fold(s: &str, enye: bool) -> (String, String) {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if enye && c == 'ñ' {
            folded.push('n');
            folded.push(AFTER_N);
            continue;
        }
        match fold_accent(c) {
            Some(ascii) => folded.push_str(ascii),
            None if c.is_alphanumeric() || c == ' ' => folded.push(c),
            None => {}
        }
    }
    (folded, s.to_string())
}

/// The ASCII letters a lower-case accented Latin letter stands for (`é` →
/// `e`, `ß` → `ss`); `None` for any other character. One table for sorting,
/// slugs and keys, so they all agree on what a letter is.
pub fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ș' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ț' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_sort_with_their_letter() {
        assert_eq!(collation_key("Éclat, Ñandú!").0, "eclat nandu");
        assert_eq!(collation_key("Straße Łódź").0, "strasse lodz");
        let mut words = ["zebra", "Ábaco", "apple", "Œuvre", "ocean"];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(words, ["Ábaco", "apple", "ocean", "Œuvre", "zebra"]);
        assert_eq!(fold_accent('x'), None);
    }

    #[test]
    fn spanish_files_enye_after_n() {
        let mut words = ["Ñandú", "Nuevo", "Nación", "Ottawa", "Niño", "ñu"];
        words.sort_by_key(|w| collation_key_in(w, "es"));
        assert_eq!(words, ["Nación", "Niño", "Nuevo", "Ñandú", "ñu", "Ottawa"]);
        words.sort_by_key(|w| collation_key_in(w, "en"));
        assert_eq!(words, ["Nación", "Ñandú", "Niño", "ñu", "Nuevo", "Ottawa"]);
        assert_eq!(index_letter_in("Ñandú", "es-CL"), "Ñ");
        assert_eq!(index_letter_in("Ñandú", "en"), "N");
        assert_eq!(index_letter_in("«Órgano»", "es"), "O");
        assert_eq!(index_letter_in("9/11", "es"), "#");
    }
}
