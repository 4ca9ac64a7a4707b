//! Text folding for matching free text from CRM exports and feeds.
//!
//! The same industry arrives as `製造業`, `ｾｲｿﾞｳ`-style half-width katakana
//! from Shift_JIS exports, `ＩＴ` in full-width letters, `Food & Beverage` or
//! `FOOD_AND_BEVERAGE`. Matching compares *folded* text:
//!
//! 1. full-width ASCII (`Ａ`–`ｚ`, `０`–`９`, `（`, `，`, `＆` …) becomes
//!    ASCII and the ideographic space a space;
//! 2. half-width katakana becomes full-width katakana, with voiced and
//!    semi-voiced marks joined (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`, `ｳﾞ` → `ヴ`);
//! 3. the Japanese comma `、` becomes `,` (the JSIC names use `，`);
//! 4. letters become lower case.
//!
//! [`fold`] stops there and collapses runs of whitespace (for keyword search
//! in feed items); [`match_key`] also drops separators and the word `and`,
//! so `Food & Beverage`, `food and beverage` and `FOOD_BEVERAGE` are one
//! key.

/// A text in Japanese and English (both required wherever users read it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    /// 日本語.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// A text from its two versions.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The same text in both slots (for text that exists in one language
    /// only, such as a feed item's title).
    pub fn same(text: impl Into<String>) -> Bilingual {
        let text = text.into();
        Bilingual {
            ja: text.clone(),
            en: text,
        }
    }

    /// The text in a language.
    pub fn get(&self, lang: kura_calendar::Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

/// Folds width, katakana width and case; collapses whitespace to one space
/// and trims it.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in fold_chars(text) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The key free text is matched on: [`fold`], then split into words at
/// whitespace, `_`, `-`, `.` and `&`, the word `and` dropped, and the words
/// joined without spaces. So `Food & Beverage`, `FOOD_AND_BEVERAGE` and
/// `food and beverage` are one key, and `Hospital & Health Care` is
/// HubSpot's `HOSPITAL_HEALTH_CARE`.
pub fn match_key(text: &str) -> String {
    let folded: String = fold_chars(text).flat_map(char::to_lowercase).collect();
    folded
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '.' | '&'))
        .filter(|w| !w.is_empty() && *w != "and")
        .collect()
}

/// Folds width only (full-width ASCII, half-width katakana, `、`), keeping
/// case and spaces.
pub fn fold_width(text: &str) -> String {
    fold_chars(text).collect()
}

/// Full-width ASCII to ASCII, half-width katakana to full-width, `、` to `,`.
fn fold_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        let folded = match c {
            '\u{3000}' => ' ',
            '\u{3001}' => ',',
            '\u{FF01}'..='\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFF01 + 0x21).expect("ASCII range")
            }
            '\u{FF61}'..='\u{FF9F}' => {
                let base = half_width_kana(c);
                match chars.peek() {
                    Some('\u{FF9E}') => match voiced(base) {
                        Some(v) => {
                            chars.next();
                            v
                        }
                        None => base,
                    },
                    Some('\u{FF9F}') => match semi_voiced(base) {
                        Some(v) => {
                            chars.next();
                            v
                        }
                        None => base,
                    },
                    _ => base,
                }
            }
            other => other,
        };
        // `、` may also come from its half-width form.
        Some(if folded == '\u{3001}' { ',' } else { folded })
    })
}

/// Half-width katakana and punctuation U+FF61..=U+FF9F, in code order.
const HALF_WIDTH: [char; 63] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '゛', '゜',
];

fn half_width_kana(c: char) -> char {
    HALF_WIDTH[(c as u32 - 0xFF61) as usize]
}

/// The voiced form (濁音) of a full-width katakana, if it has one.
fn voiced(c: char) -> Option<char> {
    match c {
        'ウ' => Some('ヴ'),
        // カ..ト and ハ..ホ: the voiced form is the next code point.
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ'
        | 'ツ' | 'テ' | 'ト' | 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => {
            char::from_u32(c as u32 + 1)
        }
        _ => None,
    }
}

/// The semi-voiced form (半濁音) of a full-width katakana, if it has one.
fn semi_voiced(c: char) -> Option<char> {
    match c {
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => char::from_u32(c as u32 + 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_and_punctuation_fold_to_ascii() {
        assert_eq!(fold("ＩＴ　サービス"), "it サービス");
        assert_eq!(match_key("卸売業，小売業"), match_key("卸売業、小売業"));
        assert_eq!(match_key("卸売業，小売業"), "卸売業,小売業");
        assert_eq!(
            match_key("サービス業（他に分類されないもの）"),
            "サービス業(他に分類されないもの)"
        );
    }

    #[test]
    fn half_width_katakana_joins_its_marks() {
        assert_eq!(fold("ｻｰﾋﾞｽ"), "サービス");
        assert_eq!(fold("ﾊﾟﾁﾝｺ"), "パチンコ");
        assert_eq!(fold("ｳﾞｨ"), "ヴィ");
        // A mark after a kana that takes none stays a separate mark.
        assert_eq!(fold("ｱﾞ"), "ア゛");
        assert_eq!(fold("ﾃﾞｨｽｶｳﾝﾄ"), "ディスカウント");
    }

    #[test]
    fn keys_ignore_case_spacing_and_separators() {
        assert_eq!(match_key("Food & Beverage"), "foodbeverage");
        assert_eq!(match_key("FOOD_AND_BEVERAGE"), "foodbeverage");
        assert_eq!(match_key("Food and Beverage"), "foodbeverage");
        // "and" inside a word stays.
        assert_eq!(match_key("Standard Brands"), "standardbrands");
        assert_eq!(match_key("Hospital & Health Care"), "hospitalhealthcare");
        assert_eq!(match_key(" Not For Profit "), "notforprofit");
        assert_eq!(match_key("HOSPITAL_HEALTH_CARE"), "hospitalhealthcare");
        assert_eq!(fold("  Golden   Week\t連休 "), "golden week 連休");
    }
}
