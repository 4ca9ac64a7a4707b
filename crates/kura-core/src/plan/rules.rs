//! Industry-season rules: the customer state likely for an industry in a
//! season, when nothing is recorded for the customer.
//!
//! The essay's point is that a good rep pictures each customer's week
//! before calling: a hotel is at its peak in Golden Week, a parts maker's
//! partners are off at Obon, a hospital is covering for staff on leave. The
//! rules write that picture down per industry and window kind, so every
//! customer gets a likely state, shown as *inferred* with the rule that
//! produced it, until the rep records the real one.
//!
//! # The rules file
//!
//! ```toml
//! # Optional: drop every built-in rule (default false).
//! replace_builtin = false
//! # Optional: drop some built-in rules by id.
//! disable = ["trade-runs-through"]
//!
//! [[rule]]
//! id = "our-retail-customers"          # unique; a built-in id replaces that rule
//! industries = ["@retail", "76"]        # JSIC letters, groups, ranges, @segments, "*"
//! windows = ["golden_week", "obon"]     # golden_week obon silver_week year_end other_bridge
//! state = "covering"                    # a customer state key (METRICS.md §10)
//! reason = { ja = "…", en = "…" }
//! ```
//!
//! # Which rule applies
//!
//! A rule applies to a customer when its `windows` list the window's kind
//! and its `industries` cover **every** major group of the customer's
//! industry. Of the rules that apply, the winner is: a user's rule before a
//! built-in one; then the most specific ([`Fit`]: major groups, then a
//! division letter, then `"*"`); then the first in its file.
//! The built-in rules are `data/season_rules.toml`.

use super::error::{DataError, DataFile};
use super::industry::{Fit, GroupSet, IndustrySelector};
use super::text::Bilingual;
use super::window::PlanWindowKind;
use crate::model::CustomerState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use toml::Spanned;

const BUILTIN_RULES: &str = include_str!("../../data/season_rules.toml");

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RuleOrigin {
    /// Kura's built-in table.
    Builtin,
    /// The team's own rules file.
    Custom,
}

/// One industry-season rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonRule {
    /// Unique id, shown with every state it infers.
    pub id: String,
    /// The industries it covers.
    pub industries: IndustrySelector,
    /// The window kinds it covers.
    pub windows: Vec<PlanWindowKind>,
    /// The likely state.
    pub state: CustomerState,
    /// Why, in both languages.
    pub reason: Bilingual,
    /// Built-in or the team's.
    pub origin: RuleOrigin,
}

/// The rule set the planner infers states with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeasonRules {
    /// Every active rule: the team's first, then the built-in ones.
    rules: Vec<SeasonRule>,
}

/// A state inferred by a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMatch<'a> {
    /// The rule.
    pub rule: &'a SeasonRule,
    /// How specifically it fits the industry.
    pub fit: Fit,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    replace_builtin: bool,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    industries: Spanned<Vec<Spanned<String>>>,
    windows: Spanned<Vec<PlanWindowKind>>,
    state: CustomerState,
    reason: Spanned<Bilingual>,
}

static BUILTIN: LazyLock<SeasonRules> = LazyLock::new(|| {
    SeasonRules::builtin_rules().expect("data/season_rules.toml is valid (tested in plan::rules)")
});

impl SeasonRules {
    /// Kura's built-in rules.
    pub fn builtin() -> &'static SeasonRules {
        &BUILTIN
    }

    fn builtin_rules() -> Result<SeasonRules, DataError> {
        let file = parse_file(BUILTIN_RULES, RuleOrigin::Builtin)?;
        Ok(SeasonRules { rules: file.rules })
    }

    /// The built-in rules overridden by a team's rules file (TOML text; see
    /// the module docs): the file's rules come first, a built-in rule with
    /// the same id or listed in `disable` is dropped, and `replace_builtin =
    /// true` drops them all.
    pub fn with_overrides(text: &str) -> Result<SeasonRules, DataError> {
        let ParsedRules {
            replace_builtin: replace,
            disable,
            rules: custom,
        } = parse_file(text, RuleOrigin::Custom)?;
        let builtin = SeasonRules::builtin();
        let known: BTreeSet<&str> = builtin.rules.iter().map(|r| r.id.as_str()).collect();
        for id in &disable {
            if !known.contains(id.get_ref().as_str()) {
                return Err(DataError::spanned(
                    DataFile::SeasonRules,
                    text,
                    id.span(),
                    format!(
                        "disable: no built-in rule {:?}: use one of {}",
                        id.get_ref(),
                        known.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        let dropped: BTreeSet<&str> = custom
            .iter()
            .map(|r| r.id.as_str())
            .chain(disable.iter().map(|d| d.get_ref().as_str()))
            .collect();
        let mut rules = custom.clone();
        if !replace {
            rules.extend(
                builtin
                    .rules
                    .iter()
                    .filter(|r| !dropped.contains(r.id.as_str()))
                    .cloned(),
            );
        }
        Ok(SeasonRules { rules })
    }

    /// Every active rule, the team's first.
    pub fn rules(&self) -> &[SeasonRule] {
        &self.rules
    }

    /// The rule that decides the likely state of a customer of `industry` in
    /// a window of `kind`, if any applies (see the module docs).
    pub fn infer(&self, industry: GroupSet, kind: PlanWindowKind) -> Option<RuleMatch<'_>> {
        let mut best: Option<RuleMatch<'_>> = None;
        for rule in &self.rules {
            if !rule.windows.contains(&kind) {
                continue;
            }
            let Some(fit) = rule.industries.fit(industry) else {
                continue;
            };
            // Greater origin, then fit, wins; on a tie the earlier rule stays.
            if best.is_none_or(|b| (rule.origin, fit) > (b.rule.origin, b.fit)) {
                best = Some(RuleMatch { rule, fit });
            }
        }
        best
    }
}

/// A rules file read and checked.
struct ParsedRules {
    replace_builtin: bool,
    disable: Vec<Spanned<String>>,
    rules: Vec<SeasonRule>,
}

fn parse_file(text: &str, origin: RuleOrigin) -> Result<ParsedRules, DataError> {
    let file: RulesFile =
        toml::from_str(text).map_err(|e| DataError::toml(DataFile::SeasonRules, text, &e))?;
    let mut rules = Vec::with_capacity(file.rule.len());
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for raw in file.rule {
        let id = raw.id.get_ref().trim().to_string();
        let at = |span: std::ops::Range<usize>, m: String| {
            DataError::spanned(DataFile::SeasonRules, text, span, m)
        };
        if id.is_empty() {
            return Err(at(
                raw.id.span(),
                "rule.id is empty: give every rule a unique id".into(),
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(at(
                raw.id.span(),
                format!("rule {id:?}: id is used twice: give every rule a unique id"),
            ));
        }
        let industries = IndustrySelector::from_spanned(
            raw.industries.get_ref(),
            DataFile::SeasonRules,
            text,
            &format!("rule {id:?}: industries"),
            raw.industries.span(),
        )?;
        if raw.windows.get_ref().is_empty() {
            return Err(at(
                raw.windows.span(),
                format!(
                    "rule {id:?}: windows is empty: list at least one of golden_week, obon, silver_week, year_end, other_bridge"
                ),
            ));
        }
        let reason = raw.reason.get_ref().clone();
        if reason.ja.trim().is_empty() || reason.en.trim().is_empty() {
            return Err(at(
                raw.reason.span(),
                format!("rule {id:?}: reason needs both ja and en text"),
            ));
        }
        rules.push(SeasonRule {
            id,
            industries,
            windows: raw.windows.into_inner(),
            state: raw.state,
            reason,
            origin,
        });
    }
    Ok(ParsedRules {
        replace_builtin: file.replace_builtin,
        disable: file.disable,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::industry::IndustryMapper;

    fn groups(text: &str) -> GroupSet {
        IndustryMapper::builtin()
            .map(Some(text))
            .industry()
            .unwrap_or_else(|| panic!("{text} maps"))
            .groups
    }

    fn state(
        rules: &SeasonRules,
        industry: &str,
        kind: PlanWindowKind,
    ) -> Option<(CustomerState, String)> {
        rules
            .infer(groups(industry), kind)
            .map(|m| (m.rule.state, m.rule.id.clone()))
    }

    #[test]
    fn the_built_in_rules_load_and_cover_the_issue_examples() {
        let rules = SeasonRules::builtin_rules().unwrap();
        use CustomerState::*;
        use PlanWindowKind::*;
        let s = |i: &str, k| state(&rules, i, k).map(|(s, _)| s);
        // Retail, travel and leisure: peak during consumer holidays.
        assert_eq!(s("Retail", GoldenWeek), Some(PeakSeason));
        assert_eq!(s("旅行業", SilverWeek), Some(PeakSeason));
        assert_eq!(s("宿泊業，飲食サービス業", Obon), Some(PeakSeason));
        // B2B manufacturers: partners off at Obon.
        assert_eq!(s("製造業", Obon), Some(PartnersOff));
        // Medical and welfare: covering.
        assert_eq!(s("医療，福祉", GoldenWeek), Some(Covering));
        assert_eq!(s("介護", YearEnd), Some(Covering));
        // IT services: colleagues off.
        assert_eq!(s("COMPUTER_SOFTWARE", OtherBridge), Some(ColleaguesOff));
        // Most offices are closed at the year end.
        assert_eq!(s("製造業", YearEnd), Some(Away));
        assert_eq!(s("建設業", YearEnd), Some(Away));
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let rules = SeasonRules::builtin();
        // Division I in Golden Week: the retail rule (56-61) does not cover
        // all of I, so the division rule applies.
        assert_eq!(
            state(rules, "卸売業，小売業", PlanWindowKind::GoldenWeek),
            Some((CustomerState::Unchanged, "trade-runs-through".into()))
        );
        // Retail alone: the group rule beats the division one.
        assert_eq!(
            state(rules, "小売", PlanWindowKind::GoldenWeek),
            Some((CustomerState::PeakSeason, "retail-peak".into()))
        );
        // Telecoms (37) beat the G division rule.
        assert_eq!(
            state(rules, "Telecommunications", PlanWindowKind::Obon),
            Some((
                CustomerState::Unchanged,
                "telecom-broadcast-unchanged".into()
            ))
        );
        // Real estate has no rule of its own: "*" applies.
        assert_eq!(
            state(rules, "不動産", PlanWindowKind::Obon),
            Some((
                CustomerState::ColleaguesOff,
                "summer-leave-colleagues-off".into()
            ))
        );
    }

    #[test]
    fn a_team_file_replaces_disables_and_comes_first() {
        let text = r#"
disable = ["trade-runs-through"]

[[rule]]
id = "retail-peak"
industries = ["@retail"]
windows = ["golden_week"]
state = "covering"
reason = { ja = "店舗は人手不足", en = "shops are short of staff" }

[[rule]]
id = "our-realty"
industries = ["*"]
windows = ["obon"]
state = "unchanged"
reason = { ja = "お盆も通常営業", en = "open as usual at Obon" }
"#;
        let rules = SeasonRules::with_overrides(text).unwrap();
        assert_eq!(rules.rules()[0].origin, RuleOrigin::Custom);
        assert_eq!(
            state(&rules, "Retail", PlanWindowKind::GoldenWeek),
            Some((CustomerState::Covering, "retail-peak".into()))
        );
        // The disabled rule is gone: division I falls through to "*".
        assert_eq!(
            state(&rules, "卸売業，小売業", PlanWindowKind::GoldenWeek),
            Some((
                CustomerState::ColleaguesOff,
                "bridge-leave-colleagues-off".into()
            ))
        );
        // A team's "*" beats a built-in division rule.
        assert_eq!(
            state(&rules, "製造業", PlanWindowKind::Obon),
            Some((CustomerState::Unchanged, "our-realty".into()))
        );
        let replaced =
            SeasonRules::with_overrides(&format!("replace_builtin = true\n{text}")).unwrap();
        assert_eq!(replaced.rules().len(), 2);
        assert_eq!(state(&replaced, "製造業", PlanWindowKind::YearEnd), None);
    }

    #[test]
    fn mistakes_name_the_key_and_line() {
        let err = |text: &str| SeasonRules::with_overrides(text).unwrap_err().to_string();
        let rule = |body: &str| format!("[[rule]]\nid = \"x\"\n{body}");
        let ok_rest =
            "windows = [\"obon\"]\nstate = \"covering\"\nreason = { ja = \"a\", en = \"b\" }\n";
        assert_eq!(
            err(&rule(&format!("industries = [\"E\", \"ZZ\"]\n{ok_rest}"))),
            "season rules line 3, column 20: rule \"x\": industries: \"ZZ\" is not a JSIC code: \
             use division letters A–T, major groups 01–99 (or E29), ranges such as 56-61, separated by commas, \
             or \"*\" for every industry"
        );
        let e = err(&rule(
            "industries = [\"E\"]\nwindows = [\"obon\"]\nstate = \"sleepy\"\nreason = { ja = \"a\", en = \"b\" }\n",
        ));
        assert!(
            e.starts_with("season rules line 5, column 9: unknown variant `sleepy`"),
            "{e}"
        );
        let e = err(&rule(
            "industries = [\"E\"]\nwindows = [\"obon\"]\nstate = \"away\"\n",
        ));
        assert!(e.contains("missing field `reason`"), "{e}");
        let e = err(&rule(
            "industries = [\"E\"]\nwindows = [\"bon\"]\nstate = \"away\"\n",
        ));
        assert!(
            e.starts_with("season rules line 4, column 12: unknown variant `bon`"),
            "{e}"
        );
        assert_eq!(
            err(&rule(&format!("industries = []\n{ok_rest}"))),
            "season rules line 3, column 14: rule \"x\": industries: the list is empty: \
             name at least one industry (a JSIC code, @segment or \"*\")"
        );
        assert_eq!(
            err("disable = [\"no-such-rule\"]\n")
                .split(": use one of")
                .next()
                .unwrap(),
            "season rules line 1, column 12: disable: no built-in rule \"no-such-rule\""
        );
        let twice = format!(
            "{}{}",
            rule(&format!("industries = [\"E\"]\n{ok_rest}")),
            rule(&format!("industries = [\"E\"]\n{ok_rest}"))
        );
        assert_eq!(
            err(&twice),
            "season rules line 8, column 6: rule \"x\": id is used twice: give every rule a unique id"
        );
    }
}
