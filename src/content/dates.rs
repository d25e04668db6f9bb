//! Page dates: `YYYY-MM-DD`, optionally with a time, checked against the
//! calendar, and written out in full for feeds.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether `s` is `YYYY-MM-DD` naming a day of the calendar (so not
/// 2002-02-31), optionally followed by a time; the reason when it is not.
/// Feeds and sitemaps copy the date as it is, so readers would reject it.
pub fn check_date(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shaped = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10);
    if !shaped || !(b.len() == 10 || matches!(b[10], b'T' | b't' | b' ')) {
        return Err("the form is YYYY-MM-DD".into());
    }
    let number = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) else {
        return Err(format!("there is no month {month}"));
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 {
        return Err("there is no day 0".into());
    }
    if day > days {
        return Err(format!("{name} {year} has {days} days"));
    }
    if b.len() > 10 {
        check_time(s)?;
    }
    Ok(())
}

/// A `date` that passed [`check_date`] as a full RFC 3339 timestamp, as
/// Atom requires: midnight for a day alone, seconds added where they were
/// left out, UTC where no offset was given.
pub fn rfc3339(date: &str) -> String {
    let Ok(mut dt) = date.parse::<toml::value::Datetime>() else { return format!("{date}T00:00:00Z") };
    let Some(time) = dt.time.as_mut() else { return format!("{date}T00:00:00Z") };
    time.second.get_or_insert(0);
    dt.offset.get_or_insert(toml::value::Offset::Z);
    dt.to_string()
}

/// The time after a valid day: RFC 3339 (TOML's datetime, which also takes
/// a space for the `T` and minutes without seconds), checked by the `toml`
/// crate's parser: hours to 23, minutes to 59, an offset of at most ±23:59.
/// `<time datetime>`, sitemaps and Atom copy it, so anything else — HTML
/// included — must stop here.
fn check_time(s: &str) -> Result<(), String> {
    let parsed: Result<toml::value::Datetime, _> = s.parse();
    match parsed {
        Ok(dt) if dt.time.is_some() => Ok(()),
        _ => Err(
            "the time is not valid: write it as in RFC 3339, e.g. `2002-11-18T10:00:00-03:00` or `2002-11-18 10:00`"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2002-11-18",
            "2002-11-18T10:00:00Z",
            "2002-11-18 10:00",
            "2000-02-29",
            "2024-02-29",
            "2002-12-31",
            "2002-11-18T23:59:59.5+05:30",
            "2002-11-18T10:00:00-03:00",
            "2002-11-18t10:00:00z",
        ] {
            assert_eq!(check_date(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("2002-13-18", "there is no month 13"),
            ("2002-00-18", "there is no month 0"),
            ("2002-02-31", "February 2002 has 28 days"),
            ("2002-02-29", "February 2002 has 28 days"),
            ("1900-02-29", "February 1900 has 28 days"),
            ("2002-04-31", "April 2002 has 30 days"),
            ("2002-01-00", "there is no day 0"),
            ("18/11/2002", "the form is YYYY-MM-DD"),
            ("2002-11-18x", "the form is YYYY-MM-DD"),
            ("2002-1-18", "the form is YYYY-MM-DD"),
        ] {
            assert_eq!(check_date(bad), Err(why.to_string()), "{bad}");
        }
        for bad in [
            "2024-01-01T25:61:99+99:00 <b>x</b>",
            "2024-01-01T25:00:00Z",
            "2024-01-01T10:61:00Z",
            "2024-01-01T10:00:61Z",
            "2024-01-01T10:00:00+24:00",
            "2024-01-01T10:00:00+05:60",
            "2024-01-01T10:00:00Z <b>x</b>",
            "2024-01-01T",
            "2024-01-01 ",
            "2024-01-01Tnoon",
        ] {
            assert!(check_date(bad).is_err_and(|e| e.starts_with("the time is not valid")), "{bad}");
        }
        assert_eq!(check_date("2002-02-31T10:00:00Z"), Err("February 2002 has 28 days".to_string()));
    }

    #[test]
    fn dates_become_full_timestamps_for_feeds() {
        assert_eq!(rfc3339("2002-11-18"), "2002-11-18T00:00:00Z");
        assert_eq!(rfc3339("2002-11-18 10:00"), "2002-11-18T10:00:00Z");
        assert_eq!(rfc3339("2002-11-18T10:00:00.25-03:00"), "2002-11-18T10:00:00.25-03:00");
    }
}
