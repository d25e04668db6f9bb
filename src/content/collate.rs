//! The order of A–Z lists: accents sort with their letter.

/// A sort key for A–Z lists: accents sort with their letter (é with e, ñ with n),
/// case is ignored, and the original breaks ties.
pub fn collation_key(s: &str) -> (String, String) {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
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
}
