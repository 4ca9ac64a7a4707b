//! Industries: the Japan Standard Industrial Classification (日本標準産業分類,
//! JSIC, Revision 14) and the mapping of CRM industry values onto it.
//!
//! # JSIC in Kura
//!
//! JSIC has four levels; Kura uses the top two: 20 **divisions** (大分類,
//! letters A–T, e.g. `E` 製造業) and 99 **major groups** (中分類, `01`–`99`,
//! e.g. `29` 電気機械器具製造業), each group in one division. The table is
//! `data/jsic.tsv`, embedded in the binary.
//!
//! An [`Industry`] is a set of major groups ([`GroupSet`]) with a name: a
//! whole division (`E`), one group (`29`) or a named segment that JSIC has
//! no single code for (`@retail` = `56-61` 小売業, the retail half of
//! division I 卸売業，小売業; `data/industry_segments.tsv`).
//!
//! # Mapping CRM values
//!
//! [`IndustryMapper::map`] reads the free text of an account's industry:
//! Salesforce's Industry picklist (`Retail`, `Food & Beverage`), HubSpot's
//! enumeration (`COMPUTER_SOFTWARE`, `HOSPITAL_HEALTH_CARE`), Japanese labels
//! (`製造業`, `飲食`, `物流`), the exact JSIC names the simulator writes
//! (`卸売業，小売業`) and JSIC codes (`E`, `29`, `E29`). Text is compared
//! after folding width, katakana width, case and separators
//! ([`match_key`]). A value that matches nothing is
//! [`IndustryMatch::Unknown`], for the caller to count and report: it is
//! never dropped and never guessed.

use super::error::{DataError, DataFile};
use super::text::match_key;
use kura_calendar::Lang;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

const JSIC_TSV: &str = include_str!("../../data/jsic.tsv");
const SEGMENTS_TSV: &str = include_str!("../../data/industry_segments.tsv");
const ALIASES_TSV: &str = include_str!("../../data/industry_aliases.tsv");

/// A set of JSIC major groups (中分類 `01`–`99`), as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct GroupSet(u128);

impl GroupSet {
    /// The empty set.
    pub const EMPTY: GroupSet = GroupSet(0);

    /// The set of one group; `None` outside 1..=99.
    pub fn single(group: u8) -> Option<GroupSet> {
        (1..=99).contains(&group).then(|| GroupSet(1u128 << group))
    }

    /// Whether `group` is in the set.
    pub fn contains(self, group: u8) -> bool {
        group < 128 && self.0 & (1u128 << group) != 0
    }

    /// Whether the set has no group.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union.
    pub fn union(self, other: GroupSet) -> GroupSet {
        GroupSet(self.0 | other.0)
    }

    /// Whether every group of `self` is in `other`.
    pub fn is_subset_of(self, other: GroupSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the two sets share a group.
    pub fn intersects(self, other: GroupSet) -> bool {
        self.0 & other.0 != 0
    }

    /// The groups, ascending.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (1u8..=99).filter(move |&g| self.contains(g))
    }

    /// How many groups.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
}

impl fmt::Display for GroupSet {
    /// Ascending groups with runs as ranges: `56-61`, `44-45,47-48`, `29`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<u8> = self.iter().collect();
        let mut first = true;
        let mut i = 0;
        while i < groups.len() {
            let start = groups[i];
            let mut end = start;
            while i + 1 < groups.len() && groups[i + 1] == end + 1 {
                i += 1;
                end = groups[i];
            }
            if !first {
                f.write_str(",")?;
            }
            first = false;
            if end == start {
                write!(f, "{start:02}")?;
            } else {
                write!(f, "{start:02}-{end:02}")?;
            }
            i += 1;
        }
        Ok(())
    }
}

/// One JSIC division (大分類).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    /// Its letter, `A`–`T`.
    pub code: char,
    /// Japanese name (e.g. 卸売業，小売業).
    pub name_ja: String,
    /// English name (e.g. Wholesale and retail trade).
    pub name_en: String,
    /// Its major groups.
    #[serde(skip)]
    pub groups: GroupSet,
}

/// One JSIC major group (中分類).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MajorGroup {
    /// Its number, 1–99 (written with two digits).
    pub code: u8,
    /// The letter of its division.
    pub division: char,
    /// Japanese name.
    pub name_ja: String,
    /// English name.
    pub name_en: String,
}

/// The JSIC table: divisions and major groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jsic {
    divisions: Vec<Division>,
    groups: Vec<MajorGroup>,
}

static JSIC: LazyLock<Jsic> = LazyLock::new(|| {
    Jsic::parse(JSIC_TSV).expect("data/jsic.tsv is valid (tested in plan::industry)")
});

/// The built-in JSIC table (Revision 14, divisions and major groups).
pub fn jsic() -> &'static Jsic {
    &JSIC
}

impl Jsic {
    fn parse(text: &str) -> Result<Jsic, DataError> {
        let mut divisions: Vec<Division> = Vec::new();
        let mut groups: Vec<MajorGroup> = Vec::new();
        for (line_no, line) in data_lines(text) {
            let bad = |message: String| DataError::at(DataFile::Jsic, line_no, 1, message);
            let cols: Vec<&str> = line.split('\t').collect();
            let [code, ja, en] = cols[..] else {
                return Err(bad(format!(
                    "expected 3 tab-separated columns (code, Japanese name, English name), found {}",
                    cols.len()
                )));
            };
            let named = |s: &str| s.trim().to_string();
            if let Some(letter) = single_letter(code) {
                if !('A'..='T').contains(&letter) {
                    return Err(bad(format!("division {letter:?} is not one of A–T")));
                }
                divisions.push(Division {
                    code: letter,
                    name_ja: named(ja),
                    name_en: named(en),
                    groups: GroupSet::EMPTY,
                });
            } else {
                let group = two_digits(code)
                    .ok_or_else(|| bad(format!("{code:?} is neither a letter A–T nor 01–99")))?;
                let division = divisions
                    .last_mut()
                    .ok_or_else(|| bad("a major group before any division".to_string()))?;
                let expected = groups.last().map_or(1, |g| g.code + 1);
                if group != expected {
                    return Err(bad(format!(
                        "major group {group:02} out of order: expected {expected:02}"
                    )));
                }
                division.groups =
                    division
                        .groups
                        .union(GroupSet::single(group).ok_or_else(|| {
                            bad(format!("major group {group:02} is not within 01–99"))
                        })?);
                groups.push(MajorGroup {
                    code: group,
                    division: division.code,
                    name_ja: named(ja),
                    name_en: named(en),
                });
            }
        }
        Ok(Jsic { divisions, groups })
    }

    /// Every division, A to T.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// Every major group, 01 to 99.
    pub fn groups(&self) -> &[MajorGroup] {
        &self.groups
    }

    /// A division by its letter.
    pub fn division(&self, code: char) -> Option<&Division> {
        self.divisions.iter().find(|d| d.code == code)
    }

    /// A major group by its number.
    pub fn group(&self, code: u8) -> Option<&MajorGroup> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The division whose groups are exactly `set`, if any.
    fn division_of_set(&self, set: GroupSet) -> Option<&Division> {
        self.divisions.iter().find(|d| d.groups == set)
    }

    /// The one division that contains every group of `set`, if there is one.
    pub fn division_containing(&self, set: GroupSet) -> Option<&Division> {
        if set.is_empty() {
            return None;
        }
        self.divisions.iter().find(|d| set.is_subset_of(d.groups))
    }

    /// Parses a JSIC code list: comma-separated items, each a division
    /// letter (`E`), a major group (`29`, `E29`, `E 29`) or a range of groups
    /// (`56-61`). Whitespace and width are folded.
    pub fn parse_codes(&self, text: &str) -> Result<GroupSet, String> {
        let folded = super::text::fold_width(text);
        let mut set = GroupSet::EMPTY;
        let items: Vec<&str> = folded.split(',').map(str::trim).collect();
        if items.iter().all(|i| i.is_empty()) {
            return Err(format!("{text:?} names no industry: {CODES_ACCEPTED}"));
        }
        let several = items.len() > 1;
        for item in items {
            set = set.union(self.parse_code_item(item).ok_or_else(|| {
                if several {
                    format!("{item:?} in {text:?} is not a JSIC code: {CODES_ACCEPTED}")
                } else {
                    format!("{item:?} is not a JSIC code: {CODES_ACCEPTED}")
                }
            })?);
        }
        Ok(set)
    }

    fn parse_code_item(&self, item: &str) -> Option<GroupSet> {
        let item: String = item.chars().filter(|c| !c.is_whitespace()).collect();
        let upper = item.to_ascii_uppercase();
        if let Some(letter) = single_letter(&upper) {
            return self.division(letter).map(|d| d.groups);
        }
        if let Some((a, b)) = upper.split_once('-') {
            let (a, b) = (self.group_code(a)?, self.group_code(b)?);
            if a > b {
                return None;
            }
            return Some((a..=b).fold(GroupSet::EMPTY, |s, g| {
                s.union(GroupSet::single(g).expect("within 1..=99"))
            }));
        }
        self.group_code(&upper).and_then(GroupSet::single)
    }

    /// `29` or `E29` (the letter must be the group's division).
    fn group_code(&self, s: &str) -> Option<u8> {
        let (letter, digits) = match s.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => (Some(c), &s[1..]),
            _ => (None, s),
        };
        let group = self.group(two_digits(digits)?)?;
        match letter {
            Some(l) if l != group.division => None,
            _ => Some(group.code),
        }
    }

    /// The name of a set: a division's, a group's, else `None`.
    fn jsic_name(&self, set: GroupSet) -> Option<(String, String)> {
        if let Some(d) = self.division_of_set(set) {
            return Some((d.name_ja.clone(), d.name_en.clone()));
        }
        if set.len() == 1 {
            let g = self.group(set.iter().next()?)?;
            return Some((g.name_ja.clone(), g.name_en.clone()));
        }
        None
    }

    /// The canonical code of a set: the division letter when it is a whole
    /// division, else its groups (`29`, `56-61`).
    pub fn code_of(&self, set: GroupSet) -> String {
        match self.division_of_set(set) {
            Some(d) => d.code.to_string(),
            None => set.to_string(),
        }
    }
}

const CODES_ACCEPTED: &str = "use division letters A–T, major groups 01–99 (or E29), ranges such as 56-61, separated by commas";

fn single_letter(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Some(c),
        _ => None,
    }
}

fn two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Non-empty, non-comment lines with their 1-based numbers.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// An industry: a set of JSIC major groups with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Industry {
    /// Its major groups.
    pub groups: GroupSet,
    /// The canonical code: `E` (a whole division), `29`, `56-61`.
    pub code: String,
    /// The division all its groups belong to, if one does.
    pub division: Option<char>,
    /// Japanese name (e.g. 小売業).
    pub name_ja: String,
    /// English name (e.g. Retail trade).
    pub name_en: String,
}

impl Industry {
    /// The industry of a JSIC set, named after the division or group it is,
    /// else after its groups' names joined.
    pub fn from_groups(groups: GroupSet) -> Industry {
        let table = jsic();
        let (name_ja, name_en) = table.jsic_name(groups).unwrap_or_else(|| {
            let names: Vec<&MajorGroup> = groups.iter().filter_map(|g| table.group(g)).collect();
            (
                names
                    .iter()
                    .map(|g| g.name_ja.as_str())
                    .collect::<Vec<_>>()
                    .join("・"),
                names
                    .iter()
                    .map(|g| g.name_en.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        });
        Industry::named(groups, name_ja, name_en)
    }

    fn named(groups: GroupSet, name_ja: String, name_en: String) -> Industry {
        let table = jsic();
        Industry {
            groups,
            code: table.code_of(groups),
            division: table.division_containing(groups).map(|d| d.code),
            name_ja,
            name_en,
        }
    }

    /// The name in a language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ja, &self.name_en)
    }
}

impl Serialize for Industry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Industry", 4)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("division", &self.division.map(String::from))?;
        s.serialize_field("name_ja", &self.name_ja)?;
        s.serialize_field("name_en", &self.name_en)?;
        s.end()
    }
}

/// The schema of the JSON written just above, for `kura serve`'s OpenAPI
/// document.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Industry {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let text = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(description))
        };
        ObjectBuilder::new()
            .description(Some("A JSIC industry (日本標準産業分類)"))
            .property(
                "code",
                text("The canonical JSIC code: `E` (a whole division), `29`, `56-61`"),
            )
            .property(
                "division",
                ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                        Type::String,
                        Type::Null,
                    ]))
                    .description(Some(
                        "The division letter all its groups belong to, if one does",
                    )),
            )
            .property("name_ja", text("Japanese name (e.g. 小売業)"))
            .property("name_en", text("English name (e.g. Retail trade)"))
            .required("code")
            .required("division")
            .required("name_ja")
            .required("name_en")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Industry {}

/// What a CRM industry value means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "match", content = "industry", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IndustryMatch {
    /// A JSIC industry.
    Known(Industry),
    /// A value that matched nothing, as given: count and report it.
    Unknown(String),
    /// No value (empty or absent).
    Missing,
}

impl IndustryMatch {
    /// The industry, when known.
    pub fn industry(&self) -> Option<&Industry> {
        match self {
            IndustryMatch::Known(i) => Some(i),
            _ => None,
        }
    }
}

/// Maps CRM industry values onto JSIC ([`IndustryMatch`]).
///
/// Keys, in the order they are added (a later one replaces an earlier one
/// with the same folded text): every JSIC division and group name in both
/// languages, the built-in aliases (`data/industry_aliases.tsv`), then any
/// aliases of the user's ([`IndustryMapper::with_aliases_toml`]). JSIC codes
/// are read as codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryMapper {
    keys: BTreeMap<String, Industry>,
    segments: BTreeMap<String, Industry>,
}

static BUILTIN_MAPPER: LazyLock<IndustryMapper> = LazyLock::new(|| {
    IndustryMapper::build().expect("the built-in industry data is valid (tested in plan::industry)")
});

/// The user's extra aliases: `[aliases]` of a TOML text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    #[serde(default)]
    aliases: BTreeMap<String, toml::Spanned<String>>,
}

impl IndustryMapper {
    /// The built-in mapper.
    pub fn builtin() -> &'static IndustryMapper {
        &BUILTIN_MAPPER
    }

    fn build() -> Result<IndustryMapper, DataError> {
        let table = jsic();
        let mut keys = BTreeMap::new();
        for d in table.divisions() {
            let industry = Industry::from_groups(d.groups);
            keys.insert(match_key(&d.name_ja), industry.clone());
            keys.insert(match_key(&d.name_en), industry);
        }
        for g in table.groups() {
            let set = GroupSet::single(g.code).expect("table groups are 01–99");
            // A division with one group (C, T) shares its name: keep the
            // division's entry, which is the same set.
            let industry = Industry::from_groups(set);
            keys.entry(match_key(&g.name_ja))
                .or_insert_with(|| industry.clone());
            keys.entry(match_key(&g.name_en)).or_insert(industry);
        }
        let mut segments = BTreeMap::new();
        for (line_no, line) in data_lines(SEGMENTS_TSV) {
            let bad = |m: String| DataError::at(DataFile::IndustrySegments, line_no, 1, m);
            let cols: Vec<&str> = line.split('\t').collect();
            let [key, codes, ja, en] = cols[..] else {
                return Err(bad(format!(
                    "expected 4 tab-separated columns (key, groups, Japanese name, English name), found {}",
                    cols.len()
                )));
            };
            let groups = table.parse_codes(codes).map_err(bad)?;
            let industry = Industry::named(groups, ja.trim().to_string(), en.trim().to_string());
            if segments.insert(key.trim().to_string(), industry).is_some() {
                return Err(bad(format!("segment {key:?} is defined twice")));
            }
        }
        let mut mapper = IndustryMapper { keys, segments };
        let mut seen = BTreeMap::new();
        for (line_no, line) in data_lines(ALIASES_TSV) {
            let bad = |m: String| DataError::at(DataFile::IndustryAliases, line_no, 1, m);
            let cols: Vec<&str> = line.split('\t').collect();
            let [alias, target] = cols[..] else {
                return Err(bad(format!(
                    "expected 2 tab-separated columns (value, JSIC code or @segment), found {}",
                    cols.len()
                )));
            };
            let industry = mapper.resolve(target).map_err(bad)?;
            let key = match_key(alias);
            // The same value may appear in two CRMs' lists, if it means the
            // same thing in both.
            if let Some((first, earlier)) = seen.get(&key)
                && *earlier != industry.groups
            {
                return Err(bad(format!(
                    "{alias:?} is the value of line {first} once folded, with another meaning"
                )));
            }
            seen.entry(key.clone())
                .or_insert((line_no, industry.groups));
            mapper.keys.insert(key, industry);
        }
        Ok(mapper)
    }

    /// A JSIC code list or `@segment`, as an industry.
    pub fn resolve(&self, target: &str) -> Result<Industry, String> {
        let target = target.trim();
        if let Some(key) = target.strip_prefix('@') {
            return self.segments.get(key).cloned().ok_or_else(|| {
                format!(
                    "no segment @{key}: use one of {}",
                    self.segments
                        .keys()
                        .map(|k| format!("@{k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
        jsic().parse_codes(target).map(Industry::from_groups)
    }

    /// A copy with the user's aliases added: a TOML text with an `[aliases]`
    /// table of `"value" = "JSIC codes or @segment"`. A user's alias replaces
    /// a built-in one.
    ///
    /// ```toml
    /// [aliases]
    /// "精密機器" = "27"
    /// "EC・通販" = "61"
    /// "小売・外食" = "56-61,76-77"
    /// ```
    pub fn with_aliases_toml(&self, text: &str) -> Result<IndustryMapper, DataError> {
        let file: AliasFile =
            toml::from_str(text).map_err(|e| DataError::toml(DataFile::UserAliases, text, &e))?;
        let mut mapper = self.clone();
        for (alias, target) in file.aliases {
            let industry = mapper.resolve(target.get_ref()).map_err(|m| {
                DataError::spanned(
                    DataFile::UserAliases,
                    text,
                    target.span(),
                    format!("aliases.{alias:?}: {m}"),
                )
            })?;
            mapper.keys.insert(match_key(&alias), industry);
        }
        Ok(mapper)
    }

    /// Maps one CRM value. Empty text is [`IndustryMatch::Missing`]; text
    /// that is neither a known value nor a JSIC code is
    /// [`IndustryMatch::Unknown`] with the text as given (trimmed).
    pub fn map(&self, text: Option<&str>) -> IndustryMatch {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return IndustryMatch::Missing;
        };
        if let Some(industry) = self.keys.get(&match_key(text)) {
            return IndustryMatch::Known(industry.clone());
        }
        let folded = super::text::fold_width(text);
        let code_like = folded
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | '-' | ' '));
        if code_like && let Ok(groups) = jsic().parse_codes(&folded) {
            return IndustryMatch::Known(Industry::from_groups(groups));
        }
        IndustryMatch::Unknown(text.to_string())
    }

    /// The segments, by key.
    pub fn segments(&self) -> impl Iterator<Item = (&str, &Industry)> {
        self.segments.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// How closely an [`IndustrySelector`] fits an industry: the more specific,
/// the greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Fit {
    /// Only through `"*"`, every known industry.
    Any,
    /// Through a division letter that contains the industry.
    Division,
    /// Through major groups (codes, ranges or a segment) that contain it.
    Group,
}

/// A list of industries in a rule, topic or keyword rule: `["E", "29",
/// "56-61", "@retail", "*"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndustrySelector {
    /// `"*"` was listed: every known industry.
    pub any: bool,
    /// Groups listed as groups, ranges or segments.
    pub groups: GroupSet,
    /// Groups of the divisions listed by letter.
    pub divisions: GroupSet,
}

impl IndustrySelector {
    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        !self.any && self.groups.is_empty() && self.divisions.is_empty()
    }

    /// Every group selected (`"*"` aside).
    pub fn all_groups(&self) -> GroupSet {
        self.groups.union(self.divisions)
    }

    /// How the selector covers **every** group of `industry`, if it does.
    pub fn fit(&self, industry: GroupSet) -> Option<Fit> {
        if industry.is_empty() {
            return None;
        }
        if industry.is_subset_of(self.groups) {
            Some(Fit::Group)
        } else if industry.is_subset_of(self.all_groups()) {
            Some(Fit::Division)
        } else if self.any {
            Some(Fit::Any)
        } else {
            None
        }
    }

    /// Whether the selector shares a group with `industry` (or is `"*"`).
    pub fn touches(&self, industry: GroupSet) -> bool {
        !industry.is_empty() && (self.any || self.all_groups().intersects(industry))
    }

    /// Reads one item: `"*"`, a division letter, JSIC codes or `@segment`.
    pub fn add(&mut self, item: &str) -> Result<(), String> {
        let item = item.trim();
        if item == "*" {
            self.any = true;
            return Ok(());
        }
        let set = IndustryMapper::builtin().resolve(item)?.groups;
        let letter = single_letter(&super::text::fold_width(item).to_ascii_uppercase());
        if letter.is_some() {
            self.divisions = self.divisions.union(set);
        } else {
            self.groups = self.groups.union(set);
        }
        Ok(())
    }

    /// Reads a TOML list, naming `key` and the item's place in errors.
    pub(crate) fn from_spanned(
        items: &[toml::Spanned<String>],
        file: DataFile,
        text: &str,
        key: &str,
        whole: std::ops::Range<usize>,
    ) -> Result<IndustrySelector, DataError> {
        let mut selector = IndustrySelector::default();
        for item in items {
            selector.add(item.get_ref()).map_err(|m| {
                DataError::spanned(
                    file,
                    text,
                    item.span(),
                    format!("{key}: {m}, or \"*\" for every industry"),
                )
            })?;
        }
        if selector.is_empty() {
            return Err(DataError::spanned(
                file,
                text,
                whole,
                format!(
                    "{key}: the list is empty: name at least one industry (a JSIC code, @segment or \"*\")"
                ),
            ));
        }
        Ok(selector)
    }
}

impl Serialize for IndustrySelector {
    /// As the list of codes: `["*", "E", "56-61"]`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table = jsic();
        let mut items = Vec::new();
        if self.any {
            items.push("*".to_string());
        }
        for d in table.divisions() {
            if !d.groups.is_empty() && d.groups.is_subset_of(self.divisions) {
                items.push(d.code.to_string());
            }
        }
        if !self.groups.is_empty() {
            items.push(self.groups.to_string());
        }
        items.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_20_divisions_and_99_groups_in_order() {
        let t = jsic();
        assert_eq!(t.divisions().len(), 20);
        assert_eq!(t.groups().len(), 99);
        let letters: String = t.divisions().iter().map(|d| d.code).collect();
        assert_eq!(letters, "ABCDEFGHIJKLMNOPQRST");
        // Every group belongs to exactly one division.
        let union = t
            .divisions()
            .iter()
            .fold(GroupSet::EMPTY, |s, d| s.union(d.groups));
        assert_eq!(union.len(), 99);
        assert_eq!(t.division('E').unwrap().groups.to_string(), "09-32");
        assert_eq!(t.division('I').unwrap().groups.to_string(), "50-61");
        assert_eq!(t.group(29).unwrap().division, 'E');
        assert_eq!(t.group(85).unwrap().name_ja, "社会保険・社会福祉・介護事業");
    }

    #[test]
    fn codes_parse_as_divisions_groups_and_ranges() {
        let t = jsic();
        assert_eq!(t.parse_codes("E").unwrap(), t.division('E').unwrap().groups);
        assert_eq!(t.parse_codes("e29").unwrap().to_string(), "29");
        assert_eq!(t.parse_codes(" 56-61 ").unwrap().to_string(), "56-61");
        assert_eq!(
            t.parse_codes("44,45,47,48").unwrap().to_string(),
            "44-45,47-48"
        );
        assert_eq!(t.parse_codes("Ｐ").unwrap().to_string(), "83-85");
        for bad in ["", "Z", "00", "100", "61-56", "D29", "retail"] {
            let err = t.parse_codes(bad).unwrap_err();
            assert!(err.contains("use division letters A–T"), "{bad}: {err}");
        }
        assert_eq!(t.code_of(t.parse_codes("83-85").unwrap()), "P");
    }

    #[test]
    fn the_built_in_data_loads() {
        let m = IndustryMapper::build().unwrap();
        assert_eq!(m.segments().count(), 16);
        assert_eq!(m.resolve("@retail").unwrap().name_en, "Retail trade");
        let err = m.resolve("@shops").unwrap_err();
        assert!(
            err.starts_with("no segment @shops: use one of @electronics"),
            "{err}"
        );
    }

    #[test]
    fn user_aliases_add_and_replace() {
        let m = IndustryMapper::builtin()
            .with_aliases_toml("[aliases]\n\"精密機器\" = \"27\"\n\"Retail\" = \"58\"\n")
            .unwrap();
        assert_eq!(m.map(Some("精密機器")).industry().unwrap().code, "27");
        assert_eq!(m.map(Some("retail")).industry().unwrap().code, "58");
        let err = IndustryMapper::builtin()
            .with_aliases_toml("[aliases]\n\"精密機器\" = \"27\"\n\"EC\" = \"X1\"\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "industry aliases line 3, column 8: aliases.\"EC\": \"X1\" is not a JSIC code: \
             use division letters A–T, major groups 01–99 (or E29), ranges such as 56-61, separated by commas"
        );
    }
}
