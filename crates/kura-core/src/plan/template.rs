//! Talk-track templates: text with slots that the planner fills per target.
//!
//! Slots are written in braces: `{company}`, `{contact}`, `{industry}`,
//! `{topic}`, `{season}`. `{{` and `}}` stand for literal braces. A template
//! is checked when it is read, so a misspelt slot is an error in the topics
//! file, not a hole in a call script.

use kura_calendar::Lang;
use serde::{Serialize, Serializer};
use std::fmt;

/// A slot of a talk-track template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The customer's company name.
    Company,
    /// The contact person's name.
    Contact,
    /// The customer's industry, by its JSIC name.
    Industry,
    /// The topic's title.
    Topic,
    /// The window's season (ゴールデンウィーク, Obon …).
    Season,
}

impl Slot {
    /// Every slot.
    pub const ALL: [Slot; 5] = [
        Slot::Company,
        Slot::Contact,
        Slot::Industry,
        Slot::Topic,
        Slot::Season,
    ];

    /// The name written in braces.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Company => "company",
            Slot::Contact => "contact",
            Slot::Industry => "industry",
            Slot::Topic => "topic",
            Slot::Season => "season",
        }
    }

    fn from_name(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What went wrong in a template (the caller adds the file and line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{name}` with a name that is not a slot.
    #[error(
        "unknown slot {{{0}}}: use {{company}}, {{contact}}, {{industry}}, {{topic}} or {{season}}"
    )]
    UnknownSlot(String),
    /// A `{` without its `}`.
    #[error("a \"{{\" is not closed: write a slot as {{company}}, or \"{{{{\" for a literal brace")]
    Unclosed,
    /// A `}` without its `{`.
    #[error("a \"}}\" has no opening brace: write \"}}}}\" for a literal brace")]
    StrayClose,
    /// Nothing but spaces.
    #[error("the template is empty")]
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Slot(Slot),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Template {
    /// Parses a template, checking every slot.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') | None => return Err(TemplateError::Unclosed),
                            Some(ch) => name.push(ch),
                        }
                    }
                    let slot = Slot::from_name(name.trim())
                        .ok_or_else(|| TemplateError::UnknownSlot(name.clone()))?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Slot(slot));
                }
                '}' => return Err(TemplateError::StrayClose),
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The slots it uses, in order of appearance.
    pub fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::Slot(s) => Some(*s),
            Part::Text(_) => None,
        })
    }

    /// Fills every slot.
    pub fn fill(&self, values: &SlotValues) -> String {
        let mut out = String::with_capacity(self.source.len() + 32);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Slot(s) => out.push_str(values.get(*s)),
            }
        }
        out
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

/// A template in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TalkTrack {
    /// 日本語.
    pub ja: Template,
    /// English.
    pub en: Template,
}

impl TalkTrack {
    /// The template in a language.
    pub fn get(&self, lang: Lang) -> &Template {
        lang.pick(&self.ja, &self.en)
    }
}

/// The values of the slots for one target, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotValues {
    /// `{company}`.
    pub company: String,
    /// `{contact}`.
    pub contact: String,
    /// `{industry}`.
    pub industry: String,
    /// `{topic}`.
    pub topic: String,
    /// `{season}`.
    pub season: String,
}

impl SlotValues {
    /// The value of a slot.
    pub fn get(&self, slot: Slot) -> &str {
        match slot {
            Slot::Company => &self.company,
            Slot::Contact => &self.contact,
            Slot::Industry => &self.industry,
            Slot::Topic => &self.topic,
            Slot::Season => &self.season,
        }
    }

    /// What stands in for a company name that is not known.
    pub fn company_fallback(lang: Lang) -> &'static str {
        lang.pick("貴社", "your company")
    }

    /// What stands in for a contact name that is not known.
    pub fn contact_fallback(lang: Lang) -> &'static str {
        lang.pick("ご担当者", "there")
    }

    /// What stands in for an industry that is not known.
    pub fn industry_fallback(lang: Lang) -> &'static str {
        lang.pick("貴社の業界", "your industry")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> SlotValues {
        SlotValues {
            company: "東邦工業".into(),
            contact: "山田".into(),
            industry: "製造業".into(),
            topic: "お盆明けの下期準備".into(),
            season: "お盆".into(),
        }
    }

    #[test]
    fn slots_are_filled_and_double_braces_are_literal() {
        let t = Template::parse("{contact}様、{season}の{{予定}}は？ {company}").unwrap();
        assert_eq!(t.fill(&values()), "山田様、お盆の{予定}は？ 東邦工業");
        assert_eq!(
            t.slots().collect::<Vec<_>>(),
            vec![Slot::Contact, Slot::Season, Slot::Company]
        );
        assert_eq!(
            Template::parse("{ topic }").unwrap().fill(&values()),
            "お盆明けの下期準備"
        );
    }

    #[test]
    fn bad_templates_say_what_is_accepted() {
        assert_eq!(
            Template::parse("Hi {name}").unwrap_err().to_string(),
            "unknown slot {name}: use {company}, {contact}, {industry}, {topic} or {season}"
        );
        assert_eq!(
            Template::parse("Hi {company").unwrap_err(),
            TemplateError::Unclosed
        );
        assert_eq!(
            Template::parse("a {b{c}").unwrap_err(),
            TemplateError::Unclosed
        );
        assert_eq!(
            Template::parse("a } b").unwrap_err(),
            TemplateError::StrayClose
        );
        assert_eq!(Template::parse("  ").unwrap_err(), TemplateError::Empty);
        assert_eq!(
            TemplateError::Unclosed.to_string(),
            "a \"{\" is not closed: write a slot as {company}, or \"{{\" for a literal brace"
        );
    }
}
