//! The title block: the short lines at the top of the first page (and the
//! running head printed there) → the home page's title and `extra` fields.
//!
//! Each line (or each part of a running head split on wide gaps and
//! dashes) is one of: `Label: value` (a known label word such as SPEAKER,
//! or a label ending in a code such as `SUB-THEME 1B`), a date (a year with
//! a month, the words before the first number being the place), an event
//! (conference, summit, workshop…), or a title candidate. The first title
//! candidate from the page itself is the title; the others are the subtitle.

use super::case::{Capitals, date_case, is_all_caps, is_month, reader_case};

/// First words of labels that name a title-block field.
const LABEL_WORDS: &[&str] = &[
    "speaker",
    "speakers",
    "author",
    "authors",
    "by",
    "prepared",
    "presented",
    "submitted",
    "date",
    "dates",
    "place",
    "venue",
    "location",
    "event",
    "chair",
    "chairman",
    "chairperson",
    "editor",
    "editors",
    "version",
    "status",
    "subject",
    "theme",
    "thematic",
    "subtheme",
    "topic",
    "subtopic",
    "session",
    "panel",
    "organization",
    "organisation",
    "organizer",
    "organiser",
    "country",
    "rapporteur",
    "presenter",
    "moderator",
    "contact",
    "reference",
    "classification",
    "distribution",
    "language",
    "original",
    "track",
    "ponente",
    "tema",
    "subtema",
    "lugar",
    "fecha",
    "autor",
    "autores",
    "expositor",
    "relator",
    "eje",
    "linea",
    "sesion",
    "to",
    "from",
];

/// Words that make a line the name of an event.
const EVENT_WORDS: &[&str] = &[
    "conference",
    "conferencia",
    "conferência",
    "congress",
    "congreso",
    "symposium",
    "simposio",
    "workshop",
    "meeting",
    "reunión",
    "summit",
    "cumbre",
    "forum",
    "foro",
    "seminar",
    "seminario",
    "assembly",
    "asamblea",
    "colloquium",
    "coloquio",
    "convention",
    "convención",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// What the title block holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct TitleBlock {
    pub(crate) title: Option<String>,
    /// `extra` fields in the order they appear: `event`, `place`, `dates`, labels, `subtitle`.
    pub(crate) fields: Vec<(String, String)>,
}

impl TitleBlock {
    pub(crate) fn is_empty(&self) -> bool {
        self.title.is_none() && self.fields.is_empty()
    }

    /// The value of a field.
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn push(&mut self, key: String, value: String) {
        if value.is_empty() {
            return;
        }
        match self.fields.iter_mut().find(|(k, _)| *k == key) {
            Some((_, existing)) if *existing != value => {
                existing.push_str("; ");
                existing.push_str(&value);
            }
            Some(_) => {}
            None => self.fields.push((key, value)),
        }
    }
}

/// True for a `Label: value` line.
pub(crate) fn is_field_line(line: &str) -> bool {
    parse_field(line).is_some()
}

/// Reads the title block from the first page's running heads and its own lines.
pub(crate) fn parse(heads: &[String], lines: &[String], acronyms: &Capitals) -> TitleBlock {
    let mut block = TitleBlock::default();
    let mut candidates: Vec<(String, bool)> = Vec::new();
    let all = heads.iter().map(|l| (l, true)).chain(lines.iter().map(|l| (l, false)));
    for (line, from_head) in all {
        for part in split_parts(line, from_head) {
            if let Some((key, value)) = parse_field(part) {
                let value = if key == "dates" { date_case(value) } else { reader_case(value, acronyms) };
                block.push(key, clean(&value));
            } else if let Some((place, dates)) = split_date(part) {
                if let Some(place) = place {
                    block.push("place".into(), clean(&reader_case(&place, acronyms)));
                }
                block.push("dates".into(), clean(&date_case(&dates)));
            } else if is_event(part) {
                block.push("event".into(), clean(&reader_case(part, acronyms)));
            } else {
                let text = clean(&reader_case(part, acronyms));
                match candidates.last_mut() {
                    // A title wrapped after a function word or a comma continues on the next line.
                    Some((prev, head)) if *head == from_head && continues(prev) => {
                        prev.push(' ');
                        prev.push_str(&text);
                    }
                    _ => candidates.push((text, from_head)),
                }
            }
        }
    }
    let event = block.fields.iter().position(|(key, _)| key == "event");
    if let Some(i) = event.filter(|_| candidates.is_empty()) {
        // A lone "Minutes of the spring meeting" is the title, not an event beside one.
        let (_, event) = block.fields.remove(i);
        candidates.push((event, false));
    }
    let own = candidates.iter().position(|(_, head)| !head);
    let title_index = own.or(if candidates.is_empty() { None } else { Some(0) });
    if let Some(i) = title_index {
        let title = candidates.remove(i).0;
        let subtitle: Vec<String> = candidates
            .into_iter()
            .filter(|(text, head)| !head && !text.eq_ignore_ascii_case(&title))
            .map(|(text, _)| text)
            .collect();
        if !subtitle.is_empty() {
            block.push("subtitle".into(), subtitle.join(" — "));
        }
        block.title = Some(title);
    }
    block
}

/// Splits a line into parts: running heads on wide gaps and spaced dashes or bars, other lines on wide gaps.
fn split_parts(line: &str, from_head: bool) -> Vec<&str> {
    let mut parts = vec![line.trim()];
    let mut separators = vec!["   "];
    if from_head {
        separators.extend([" — ", " – ", " | ", " · ", " - "]);
    }
    for sep in separators {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).map(str::trim).filter(|p| !p.is_empty()).collect();
    }
    parts
}

fn clean(text: &str) -> String {
    text.trim().trim_end_matches(['.', ',', ';']).trim_end().to_string()
}

/// True when a title line is cut after a function word or a comma.
fn continues(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("").to_lowercase();
    text.ends_with([',', '-'])
        || ["of", "and", "the", "for", "in", "on", "to", "a", "de", "y", "la", "del"].contains(&last.as_str())
}

/// Parses `LABEL: value` into (`key`, value); a code after the label (`SUB-THEME 1B`) starts the value.
fn parse_field(line: &str) -> Option<(String, &str)> {
    let (label, value) = line.split_once(':')?;
    let value = value.trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    if value.is_empty() || words.is_empty() || words.len() > 4 {
        return None;
    }
    let is_code = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && w.chars().count() <= 4;
    let (codes, names): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| is_code(w));
    let key_words: Vec<String> = names
        .iter()
        .map(|w| {
            // `SUB-THEME` → `sub_theme`: the hyphen keeps the words apart, so
            // a template showing the key as a label reads "Sub theme".
            let mut key = String::new();
            for c in w.to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '-') {
                match crate::content::fold_accent(c) {
                    Some(ascii) => key.push_str(ascii),
                    None => key.push(if c == '-' { '_' } else { c }),
                }
            }
            key
        })
        .filter(|w| !w.is_empty())
        .collect();
    let first = key_words.first()?;
    let known = LABEL_WORDS.contains(&first.as_str());
    let coded = !codes.is_empty() && words.last().is_some_and(|w| is_code(w));
    if !(known || coded) || !key_words.iter().all(|w| w.is_ascii()) {
        return None;
    }
    let key = match key_words.join("_").as_str() {
        "date" | "fecha" => "dates".to_string(),
        "venue" | "location" | "lugar" => "place".to_string(),
        key => key.to_string(),
    };
    if codes.is_empty() {
        return Some((key, value));
    }
    // Keep the code with the value: "THEMATIC LINE 1: X" → thematic_line = "1: X".
    let start = line.find(codes[0]).unwrap_or(0);
    Some((key, line[start..].trim()))
}

/// Splits `SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002` into place and dates.
fn split_date(part: &str) -> Option<(Option<String>, String)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let year = words.iter().any(|w| {
        let b = bare(w);
        b.len() == 4 && (b.starts_with("19") || b.starts_with("20")) && b.chars().all(|c| c.is_ascii_digit())
    });
    let numeric = words.iter().any(|w| {
        let pieces: Vec<&str> = w.split(['/', '-', '.']).filter(|p| !p.is_empty()).collect();
        pieces.len() == 3 && pieces.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    });
    let month = words.iter().any(|w| is_month(w) && w.chars().count() >= 3);
    if !(year && month || numeric) {
        return None;
    }
    let start = words.iter().position(|w| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || is_month(w)
            || WEEKDAYS.contains(&bare(w).to_lowercase().as_str())
    })?;
    let place = words[..start].join(" ");
    let place = place.trim_end_matches([',', '-', '—']).trim();
    let has_place = place.chars().any(char::is_alphabetic);
    Some((has_place.then(|| place.to_string()), words[start..].join(" ")))
}

fn is_event(part: &str) -> bool {
    part.split(|c: char| !c.is_alphabetic()).any(|w| EVENT_WORDS.contains(&w.to_lowercase().as_str()))
        && (is_all_caps(part) || part.split_whitespace().count() <= 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn conference_block() {
        let heads = lines(&[
            "V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS",
            "SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002",
        ]);
        let own = lines(&[
            "THEMATIC LINE 1: REGIONAL SECURITY AT THE ONSET OF THE 21ST CENTURY",
            "SUB-THEME 1B: STRUCTURES AND MECHANISMS FOR FACING NEW THREATS",
            "SPEAKER: CHILE",
            "TOWARD THE RENEWAL OF SECURITY INSTITUTIONS IN THE AMERICAS.",
        ]);
        let block = parse(&heads, &own, &Capitals::default());
        assert_eq!(block.title.as_deref(), Some("Toward the Renewal of Security Institutions in the Americas"));
        let expected = [
            ("event", "V Conferencia de Ministros de Defensa de las Americas"),
            ("place", "Santiago de Chile"),
            ("dates", "18 al 22 de noviembre de 2002"),
            ("thematic_line", "1: Regional Security at the Onset of the 21st Century"),
            ("sub_theme", "1B: Structures and Mechanisms for Facing New Threats"),
            ("speaker", "Chile"),
        ];
        let got: Vec<(&str, &str)> = block.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn header_with_title_and_date_and_a_subtitle() {
        let heads = lines(&["QUIET HARBOUR TRUST: ANNUAL REVIEW 2018          14 March 2019"]);
        let own =
            lines(&["QUIET HARBOUR TRUST", "ANNUAL REVIEW OF OPERATIONS, 2018", "Prepared by: The Trust Secretariat"]);
        let block = parse(&heads, &own, &Capitals::default());
        assert_eq!(block.title.as_deref(), Some("Quiet Harbour Trust"));
        assert_eq!(block.field("dates"), Some("14 March 2019"));
        assert_eq!(block.field("prepared_by"), Some("The Trust Secretariat"));
        assert_eq!(block.field("subtitle"), Some("Annual Review of Operations, 2018"));
    }

    #[test]
    fn titles_with_colons_are_not_fields() {
        assert!(!is_field_line("Security: A New Agenda"));
        assert!(is_field_line("Date: 12 May 2001"));
        assert!(is_field_line("PANEL 2: WATER"));
    }
}
