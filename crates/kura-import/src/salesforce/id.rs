//! Salesforce record ids: 15-character (case-sensitive, shown in reports)
//! and 18-character (case-insensitive, from the API and Data Loader).
//!
//! The 18-character form appends three characters that encode which of the
//! first 15 are upper-case letters: for each block of five, bit i is set
//! when character i of the block is an upper-case letter, and the five-bit
//! number indexes `A–Z0–5`. Kura keeps every id in the 18-character form
//! with the letter case the suffix prescribes, so the same record from a
//! report (15) and from Data Loader (18) gets one id.

use std::borrow::Cow;

const SUFFIX: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The canonical 18-character form of a Salesforce id: a 15-character id
/// gains its suffix; an 18-character id gets the letter case its suffix
/// encodes (undoing, say, a spreadsheet's upper-casing). Anything else
/// (not 15 or 18 ASCII letters and digits, or a suffix that does not fit)
/// is returned unchanged.
pub fn normalise_salesforce_id(id: &str) -> Cow<'_, str> {
    let b = id.as_bytes();
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return Cow::Borrowed(id);
    }
    match b.len() {
        15 => {
            let mut out = id.to_string();
            for block in b.chunks(5) {
                let bits = block
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_ascii_uppercase())
                    .fold(0usize, |acc, (i, _)| acc | (1 << i));
                out.push(char::from(SUFFIX[bits]));
            }
            Cow::Owned(out)
        }
        18 => match with_case_from_suffix(b) {
            Some(canonical) if canonical == id => Cow::Borrowed(id),
            Some(canonical) => Cow::Owned(canonical),
            None => Cow::Borrowed(id),
        },
        _ => Cow::Borrowed(id),
    }
}

fn with_case_from_suffix(b: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(18);
    for block in 0..3 {
        let code = b[15 + block].to_ascii_uppercase();
        let bits = SUFFIX.iter().position(|&s| s == code)?;
        for i in 0..5 {
            let c = b[block * 5 + i];
            if bits >> i & 1 == 1 {
                if !c.is_ascii_alphabetic() {
                    return None;
                }
                out.push(char::from(c.to_ascii_uppercase()));
            } else {
                out.push(char::from(c.to_ascii_lowercase()));
            }
        }
    }
    for &c in &b[15..] {
        out.push(char::from(c.to_ascii_uppercase()));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_15_character_id_gains_its_checksum() {
        // Blocks 00T5g | 0hCIo | gisOw: upper-case at 2 → 4 = E;
        // at 2 and 3 → 12 = M; at 3 → 8 = I.
        assert_eq!(
            normalise_salesforce_id("00T5g0hCIogisOw"),
            "00T5g0hCIogisOwEMI"
        );
    }

    #[test]
    fn an_18_character_id_regains_its_letter_case() {
        assert_eq!(
            normalise_salesforce_id("00T5G0HCIOGISOWEMI"),
            "00T5g0hCIogisOwEMI"
        );
        assert_eq!(
            normalise_salesforce_id("00t5g0hciogisowemi"),
            "00T5g0hCIogisOwEMI"
        );
        assert!(matches!(
            normalise_salesforce_id("00T5g0hCIogisOwEMI"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn other_values_are_left_alone() {
        for id in [
            "佐藤 一郎",
            "12345",
            "00T5g0hCIogisOw-",
            "000000000000000999",
        ] {
            assert_eq!(normalise_salesforce_id(id), id);
        }
    }

    proptest! {
        #[test]
        fn the_15_and_18_character_forms_agree(id in "[0-9A-Za-z]{15}") {
            let long = normalise_salesforce_id(&id).into_owned();
            prop_assert_eq!(&long[..15], id.as_str());
            prop_assert_eq!(normalise_salesforce_id(&long).into_owned(), long.clone());
            let upper = long.to_ascii_uppercase();
            prop_assert_eq!(normalise_salesforce_id(&upper).into_owned(), long);
        }
    }
}
