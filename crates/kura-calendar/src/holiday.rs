//! Japanese national holidays by the Act on National Holidays
//! (国民の祝日に関する法律, Act No. 178 of 1948) and the laws that amended or
//! supplemented it.
//!
//! The rules are the implementation: each holiday is a date rule valid for a
//! span of years ([`RULES`]); the vernal and autumnal equinox days follow the
//! standard approximation; substitute holidays (振替休日) and citizen's
//! holidays (国民の休日) are derived from the holidays proper by the clauses of
//! Article 3 in force in each year. Only the days fixed by separate one-off
//! laws ([`ONE_OFF`]) and the 2020/2021 Olympic moves ([`OLYMPIC_MOVES`]) are
//! data.

use crate::day_number;
use crate::lang::Lang;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The years whose national holidays Kura computes: 1948 (the Act took
/// effect on 1948-07-20) to 2150 (the end of the published equinox
/// constants). Outside them [`national_holidays`] is empty.
pub const SUPPORTED_YEARS: RangeInclusive<i16> = 1948..=2150;

/// The day the Act on National Holidays took effect: no holiday before it.
const ACT_IN_FORCE: Date = Date::constant(1948, 7, 20);
/// The 1973 amendment (Act No. 10 of 1973) added the substitute holiday
/// (振替休日) from this day: the first one was 1973-04-30.
const SUBSTITUTE_FROM: Date = Date::constant(1973, 4, 12);
/// The 1985 amendment (Act No. 103 of 1985) added the citizen's holiday
/// (国民の休日) from this day: the first one was 1988-05-04.
const CITIZENS_FROM: Date = Date::constant(1985, 12, 27);
/// The 2005 amendment (Act No. 43 of 2005) rewrote both clauses from 2007:
/// a substitute holiday moves past consecutive holidays, and a citizen's
/// holiday only needs not to be a holiday itself.
const REVISION_2007: Date = Date::constant(2007, 1, 1);

/// Every kind of day off that Japanese law gives the whole country.
///
/// The first seventeen are 国民の祝日 (national holidays proper), each named
/// by the Act; [`Substitute`](HolidayKind::Substitute) and
/// [`Citizens`](HolidayKind::Citizens) are the 休日 (days off) the Act derives
/// from them; the rest were fixed by one-off laws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// 元日, New Year's Day: 1 January.
    NewYearsDay,
    /// 成人の日, Coming of Age Day: 15 January to 1999, the second Monday of
    /// January from 2000.
    ComingOfAgeDay,
    /// 建国記念の日, National Foundation Day: 11 February, from 1967.
    NationalFoundationDay,
    /// 天皇誕生日, the Emperor's Birthday: 29 April to 1988, 23 December
    /// 1989–2018, none in 2019, 23 February from 2020.
    EmperorsBirthday,
    /// 春分の日, Vernal Equinox Day.
    VernalEquinoxDay,
    /// 昭和の日, Showa Day: 29 April, from 2007.
    ShowaDay,
    /// みどりの日, Greenery Day: 29 April 1989–2006, 4 May from 2007.
    GreeneryDay,
    /// 憲法記念日, Constitution Memorial Day: 3 May.
    ConstitutionMemorialDay,
    /// こどもの日, Children's Day: 5 May.
    ChildrensDay,
    /// 海の日, Marine Day: 20 July 1996–2002, the third Monday of July from
    /// 2003 (moved in 2020 and 2021).
    MarineDay,
    /// 山の日, Mountain Day: 11 August, from 2016 (moved in 2020 and 2021).
    MountainDay,
    /// 敬老の日, Respect for the Aged Day: 15 September 1966–2002, the third
    /// Monday of September from 2003.
    RespectForTheAgedDay,
    /// 秋分の日, Autumnal Equinox Day.
    AutumnalEquinoxDay,
    /// 体育の日, Health and Sports Day: 10 October 1966–1999, the second
    /// Monday of October 2000–2019.
    HealthAndSportsDay,
    /// スポーツの日, Sports Day: the second Monday of October, from 2020
    /// (moved in 2020 and 2021).
    SportsDay,
    /// 文化の日, Culture Day: 3 November.
    CultureDay,
    /// 勤労感謝の日, Labour Thanksgiving Day: 23 November.
    LaborThanksgivingDay,
    /// 振替休日, a substitute holiday: the day off given when a national
    /// holiday falls on a Sunday (from 1973-04-12).
    Substitute,
    /// 国民の休日, a citizen's holiday: a day sandwiched between two national
    /// holidays (from 1985-12-27).
    Citizens,
    /// 皇太子明仁親王の結婚の儀, the wedding of Crown Prince Akihito
    /// (1959-04-10).
    CrownPrinceAkihitoWedding,
    /// 昭和天皇の大喪の礼, the state funeral of Emperor Showa (1989-02-24).
    EmperorShowaFuneral,
    /// 即位礼正殿の儀, the enthronement ceremony of Emperor Akihito
    /// (1990-11-12).
    #[serde(rename = "enthronement_ceremony_1990")]
    EnthronementCeremony1990,
    /// 皇太子徳仁親王の結婚の儀, the wedding of Crown Prince Naruhito
    /// (1993-06-09).
    CrownPrinceNaruhitoWedding,
    /// 天皇の即位の日, the accession of Emperor Naruhito (2019-05-01), deemed a
    /// national holiday by a special law.
    #[serde(rename = "emperors_accession_2019")]
    EmperorsAccession2019,
    /// 即位礼正殿の儀, the enthronement ceremony of Emperor Naruhito
    /// (2019-10-22), deemed a national holiday by a special law.
    #[serde(rename = "enthronement_ceremony_2019")]
    EnthronementCeremony2019,
}

impl HolidayKind {
    /// Every kind, in declaration order.
    pub const ALL: [HolidayKind; 25] = [
        HolidayKind::NewYearsDay,
        HolidayKind::ComingOfAgeDay,
        HolidayKind::NationalFoundationDay,
        HolidayKind::EmperorsBirthday,
        HolidayKind::VernalEquinoxDay,
        HolidayKind::ShowaDay,
        HolidayKind::GreeneryDay,
        HolidayKind::ConstitutionMemorialDay,
        HolidayKind::ChildrensDay,
        HolidayKind::MarineDay,
        HolidayKind::MountainDay,
        HolidayKind::RespectForTheAgedDay,
        HolidayKind::AutumnalEquinoxDay,
        HolidayKind::HealthAndSportsDay,
        HolidayKind::SportsDay,
        HolidayKind::CultureDay,
        HolidayKind::LaborThanksgivingDay,
        HolidayKind::Substitute,
        HolidayKind::Citizens,
        HolidayKind::CrownPrinceAkihitoWedding,
        HolidayKind::EmperorShowaFuneral,
        HolidayKind::EnthronementCeremony1990,
        HolidayKind::CrownPrinceNaruhitoWedding,
        HolidayKind::EmperorsAccession2019,
        HolidayKind::EnthronementCeremony2019,
    ];

    /// The stable key, as serialised (e.g. `"marine_day"`).
    pub fn key(self) -> &'static str {
        use HolidayKind::*;
        match self {
            NewYearsDay => "new_years_day",
            ComingOfAgeDay => "coming_of_age_day",
            NationalFoundationDay => "national_foundation_day",
            EmperorsBirthday => "emperors_birthday",
            VernalEquinoxDay => "vernal_equinox_day",
            ShowaDay => "showa_day",
            GreeneryDay => "greenery_day",
            ConstitutionMemorialDay => "constitution_memorial_day",
            ChildrensDay => "childrens_day",
            MarineDay => "marine_day",
            MountainDay => "mountain_day",
            RespectForTheAgedDay => "respect_for_the_aged_day",
            AutumnalEquinoxDay => "autumnal_equinox_day",
            HealthAndSportsDay => "health_and_sports_day",
            SportsDay => "sports_day",
            CultureDay => "culture_day",
            LaborThanksgivingDay => "labor_thanksgiving_day",
            Substitute => "substitute",
            Citizens => "citizens",
            CrownPrinceAkihitoWedding => "crown_prince_akihito_wedding",
            EmperorShowaFuneral => "emperor_showa_funeral",
            EnthronementCeremony1990 => "enthronement_ceremony_1990",
            CrownPrinceNaruhitoWedding => "crown_prince_naruhito_wedding",
            EmperorsAccession2019 => "emperors_accession_2019",
            EnthronementCeremony2019 => "enthronement_ceremony_2019",
        }
    }

    /// The Japanese name, as the law writes it.
    pub fn name_ja(self) -> &'static str {
        use HolidayKind::*;
        match self {
            NewYearsDay => "元日",
            ComingOfAgeDay => "成人の日",
            NationalFoundationDay => "建国記念の日",
            EmperorsBirthday => "天皇誕生日",
            VernalEquinoxDay => "春分の日",
            ShowaDay => "昭和の日",
            GreeneryDay => "みどりの日",
            ConstitutionMemorialDay => "憲法記念日",
            ChildrensDay => "こどもの日",
            MarineDay => "海の日",
            MountainDay => "山の日",
            RespectForTheAgedDay => "敬老の日",
            AutumnalEquinoxDay => "秋分の日",
            HealthAndSportsDay => "体育の日",
            SportsDay => "スポーツの日",
            CultureDay => "文化の日",
            LaborThanksgivingDay => "勤労感謝の日",
            Substitute => "振替休日",
            Citizens => "国民の休日",
            CrownPrinceAkihitoWedding => "皇太子明仁親王の結婚の儀",
            EmperorShowaFuneral => "昭和天皇の大喪の礼",
            EnthronementCeremony1990 | EnthronementCeremony2019 => "即位礼正殿の儀",
            CrownPrinceNaruhitoWedding => "皇太子徳仁親王の結婚の儀",
            EmperorsAccession2019 => "天皇の即位の日",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        use HolidayKind::*;
        match self {
            NewYearsDay => "New Year's Day",
            ComingOfAgeDay => "Coming of Age Day",
            NationalFoundationDay => "National Foundation Day",
            EmperorsBirthday => "The Emperor's Birthday",
            VernalEquinoxDay => "Vernal Equinox Day",
            ShowaDay => "Showa Day",
            GreeneryDay => "Greenery Day",
            ConstitutionMemorialDay => "Constitution Memorial Day",
            ChildrensDay => "Children's Day",
            MarineDay => "Marine Day",
            MountainDay => "Mountain Day",
            RespectForTheAgedDay => "Respect for the Aged Day",
            AutumnalEquinoxDay => "Autumnal Equinox Day",
            HealthAndSportsDay => "Health and Sports Day",
            SportsDay => "Sports Day",
            CultureDay => "Culture Day",
            LaborThanksgivingDay => "Labour Thanksgiving Day",
            Substitute => "Substitute Holiday",
            Citizens => "Citizens' Holiday",
            CrownPrinceAkihitoWedding => "Wedding of Crown Prince Akihito",
            EmperorShowaFuneral => "State Funeral of Emperor Showa",
            EnthronementCeremony1990 | EnthronementCeremony2019 => "Enthronement Ceremony",
            CrownPrinceNaruhitoWedding => "Wedding of Crown Prince Naruhito",
            EmperorsAccession2019 => "Emperor's Accession Day",
        }
    }

    /// The name in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.name_ja(), self.name_en())
    }

    /// Whether this is a 国民の祝日 (a national holiday proper, or a day a law
    /// deems one). Only these take part in the substitute and citizen's
    /// holiday rules; the 休日 (substitute, citizen's and the one-off days
    /// of 1959, 1989, 1990 and 1993) do not.
    pub fn is_national_holiday(self) -> bool {
        use HolidayKind::*;
        !matches!(
            self,
            Substitute
                | Citizens
                | CrownPrinceAkihitoWedding
                | EmperorShowaFuneral
                | EnthronementCeremony1990
                | CrownPrinceNaruhitoWedding
        )
    }
}

/// One day off given by law: its date and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub struct Holiday {
    /// The date.
    pub date: Date,
    /// Which holiday it is.
    pub kind: HolidayKind,
}

impl Holiday {
    /// The Japanese name (e.g. `海の日`, `振替休日`).
    pub fn name_ja(&self) -> &'static str {
        self.kind.name_ja()
    }

    /// The English name (e.g. `Marine Day`, `Substitute Holiday`).
    pub fn name_en(&self) -> &'static str {
        self.kind.name_en()
    }

    /// The name in the given language.
    pub fn label(&self, lang: Lang) -> &'static str {
        self.kind.label(lang)
    }
}

/// Serialised as `{"date", "kind", "name_ja", "name_en"}`, so that JSON
/// readers need no name table.
impl Serialize for Holiday {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Holiday", 4)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("name_ja", self.name_ja())?;
        s.serialize_field("name_en", self.name_en())?;
        s.end()
    }
}

/// The schema of the JSON written just above, for `kura serve`'s OpenAPI
/// document.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Holiday {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        use utoipa::openapi::{Ref, RefOr};
        let text = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(description))
        };
        ObjectBuilder::new()
            .description(Some("One day off given by law: its date and what it is"))
            .property(
                "date",
                text("The date").format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            )
            .property("kind", RefOr::Ref(Ref::from_schema_name("HolidayKind")))
            .property("name_ja", text("The Japanese name (e.g. 海の日)"))
            .property("name_en", text("The English name (e.g. Marine Day)"))
            .required("date")
            .required("kind")
            .required("name_ja")
            .required("name_en")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Holiday {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        use utoipa::{PartialSchema, ToSchema};
        schemas.push((HolidayKind::name().into(), HolidayKind::schema()));
        <HolidayKind as ToSchema>::schemas(schemas);
    }
}

/// How a holiday's date is found in a given year.
#[derive(Debug, Clone, Copy)]
enum DateRule {
    /// The same month and day every year.
    Fixed(i8, i8),
    /// The nth Monday of a month (the "Happy Monday" system, 2000 and 2003).
    NthMonday { month: i8, nth: i8 },
    /// 春分日: the day of the vernal equinox.
    VernalEquinox,
    /// 秋分日: the day of the autumnal equinox.
    AutumnalEquinox,
}

/// A holiday's date rule during the years the law prescribed it.
#[derive(Debug, Clone, Copy)]
struct Rule {
    kind: HolidayKind,
    years: (i16, i16),
    date: DateRule,
}

const LAST: i16 = *SUPPORTED_YEARS.end();

const fn rule(kind: HolidayKind, first: i16, last: i16, date: DateRule) -> Rule {
    Rule {
        kind,
        years: (first, last),
        date,
    }
}

/// The national holidays proper and the years each date rule held.
///
/// The nine holidays of the original Act start in 1948; those whose 1948 date
/// fell before the Act took effect (1948-07-20) are dropped by the
/// [`ACT_IN_FORCE`] check, not by their start year.
const RULES: &[Rule] = {
    use DateRule::*;
    use HolidayKind::*;
    &[
        rule(NewYearsDay, 1948, LAST, Fixed(1, 1)),
        rule(ComingOfAgeDay, 1948, 1999, Fixed(1, 15)),
        rule(ComingOfAgeDay, 2000, LAST, NthMonday { month: 1, nth: 2 }),
        rule(NationalFoundationDay, 1967, LAST, Fixed(2, 11)),
        rule(EmperorsBirthday, 1948, 1988, Fixed(4, 29)),
        rule(EmperorsBirthday, 1989, 2018, Fixed(12, 23)),
        rule(EmperorsBirthday, 2020, LAST, Fixed(2, 23)),
        rule(VernalEquinoxDay, 1948, LAST, VernalEquinox),
        rule(GreeneryDay, 1989, 2006, Fixed(4, 29)),
        rule(ShowaDay, 2007, LAST, Fixed(4, 29)),
        rule(ConstitutionMemorialDay, 1948, LAST, Fixed(5, 3)),
        rule(GreeneryDay, 2007, LAST, Fixed(5, 4)),
        rule(ChildrensDay, 1948, LAST, Fixed(5, 5)),
        rule(MarineDay, 1996, 2002, Fixed(7, 20)),
        rule(MarineDay, 2003, LAST, NthMonday { month: 7, nth: 3 }),
        rule(MountainDay, 2016, LAST, Fixed(8, 11)),
        rule(RespectForTheAgedDay, 1966, 2002, Fixed(9, 15)),
        rule(
            RespectForTheAgedDay,
            2003,
            LAST,
            NthMonday { month: 9, nth: 3 },
        ),
        rule(AutumnalEquinoxDay, 1948, LAST, AutumnalEquinox),
        rule(HealthAndSportsDay, 1966, 1999, Fixed(10, 10)),
        rule(
            HealthAndSportsDay,
            2000,
            2019,
            NthMonday { month: 10, nth: 2 },
        ),
        rule(SportsDay, 2020, LAST, NthMonday { month: 10, nth: 2 }),
        rule(CultureDay, 1948, LAST, Fixed(11, 3)),
        rule(LaborThanksgivingDay, 1948, LAST, Fixed(11, 23)),
    ]
};

/// Holidays moved for the Tokyo Olympic and Paralympic Games by the special
/// measures law (Act No. 57 of 2018, amended by Act No. 68 of 2020): in these
/// years the holiday falls on this date instead of its rule's date.
const OLYMPIC_MOVES: &[(HolidayKind, Date)] = &[
    (HolidayKind::MarineDay, Date::constant(2020, 7, 23)),
    (HolidayKind::SportsDay, Date::constant(2020, 7, 24)),
    (HolidayKind::MountainDay, Date::constant(2020, 8, 10)),
    (HolidayKind::MarineDay, Date::constant(2021, 7, 22)),
    (HolidayKind::SportsDay, Date::constant(2021, 7, 23)),
    (HolidayKind::MountainDay, Date::constant(2021, 8, 8)),
];

/// Days off fixed by one-off laws. The 2019 days are deemed 国民の祝日, so
/// the citizen's holiday rule makes 2019-04-30 and 2019-05-02 days off too;
/// the others are plain 休日 (see [`HolidayKind::is_national_holiday`]).
const ONE_OFF: &[(HolidayKind, Date)] = &[
    (
        HolidayKind::CrownPrinceAkihitoWedding,
        Date::constant(1959, 4, 10),
    ),
    (
        HolidayKind::EmperorShowaFuneral,
        Date::constant(1989, 2, 24),
    ),
    (
        HolidayKind::EnthronementCeremony1990,
        Date::constant(1990, 11, 12),
    ),
    (
        HolidayKind::CrownPrinceNaruhitoWedding,
        Date::constant(1993, 6, 9),
    ),
    (
        HolidayKind::EmperorsAccession2019,
        Date::constant(2019, 5, 1),
    ),
    (
        HolidayKind::EnthronementCeremony2019,
        Date::constant(2019, 10, 22),
    ),
];

/// The day of March of the vernal equinox (春分日) in `year`, by the standard
/// approximation `⌊c + 0.242194 (y − 1980)⌋ − ⌊(y − 1980) / 4⌋` with
/// c = 20.8357 (1900–1979), 20.8431 (1980–2099), 21.8510 (2100–2150).
///
/// The usual form of the formula for 1900–1979 writes the leap-day term as
/// `int((y − 1983) / 4)`; with truncation toward zero that equals the floor
/// `⌊(y − 1980) / 4⌋` used here for every period. Arithmetic is in integer
/// millionths, so no rounding error can move a day.
///
/// Returns `None` outside 1900–2150, where no constants are published.
pub fn vernal_equinox_day(year: i16) -> Option<i8> {
    let c = match year {
        1900..=1979 => 20_835_700,
        1980..=2099 => 20_843_100,
        2100..=2150 => 21_851_000,
        _ => return None,
    };
    Some(equinox_day(c, year))
}

/// The day of September of the autumnal equinox (秋分日) in `year`, by the
/// same approximation as [`vernal_equinox_day`] with c = 23.2588 (1900–1979),
/// 23.2488 (1980–2099), 24.2488 (2100–2150). `None` outside 1900–2150.
pub fn autumnal_equinox_day(year: i16) -> Option<i8> {
    let c = match year {
        1900..=1979 => 23_258_800,
        1980..=2099 => 23_248_800,
        2100..=2150 => 24_248_800,
        _ => return None,
    };
    Some(equinox_day(c, year))
}

/// `⌊c/10⁶ + 0.242194 n⌋ − ⌊n / 4⌋` with n = year − 1980, in integers.
fn equinox_day(c_millionths: i64, year: i16) -> i8 {
    let n = i64::from(year) - 1980;
    let day = (c_millionths + 242_194 * n).div_euclid(1_000_000) - n.div_euclid(4);
    // For 1900..=2150 the result lies in 19..=24.
    day as i8
}

/// The date of the `nth` Monday of a month.
fn nth_monday(year: i16, month: i8, nth: i8) -> Date {
    let first = day_number::from_civil(i32::from(year), i32::from(month), 1);
    let offset = day_number::weekday(first).until(Weekday::Monday) as i32; // 0..=6
    let n = first + offset + 7 * (i32::from(nth) - 1);
    day_number::to_date(n).expect("a Monday of a supported year is a valid date")
}

fn rule_date(rule: &Rule, year: i16) -> Date {
    let moved = OLYMPIC_MOVES
        .iter()
        .find(|(kind, date)| *kind == rule.kind && date.year() == year);
    if let Some((_, date)) = moved {
        return *date;
    }
    match rule.date {
        DateRule::Fixed(month, day) => Date::constant(year, month, day),
        DateRule::NthMonday { month, nth } => nth_monday(year, month, nth),
        DateRule::VernalEquinox => {
            let day = vernal_equinox_day(year).expect("supported years have equinox constants");
            Date::constant(year, 3, day)
        }
        DateRule::AutumnalEquinox => {
            let day = autumnal_equinox_day(year).expect("supported years have equinox constants");
            Date::constant(year, 9, day)
        }
    }
}

/// The national holidays proper (国民の祝日, including the days deemed so) of
/// a supported year, ascending.
fn holidays_proper(year: i16) -> Vec<Holiday> {
    let mut out: Vec<Holiday> = RULES
        .iter()
        .filter(|r| (r.years.0..=r.years.1).contains(&year))
        .map(|r| Holiday {
            date: rule_date(r, year),
            kind: r.kind,
        })
        .chain(
            ONE_OFF
                .iter()
                .filter(|(kind, date)| kind.is_national_holiday() && date.year() == year)
                .map(|&(kind, date)| Holiday { date, kind }),
        )
        .filter(|h| h.date >= ACT_IN_FORCE)
        .collect();
    out.sort_unstable();
    out
}

/// Every day off the law gives in `year`, ascending by date: the national
/// holidays proper, substitute holidays (振替休日), citizen's holidays
/// (国民の休日) and the one-off days. Empty outside [`SUPPORTED_YEARS`].
///
/// The substitute rule: from 1973-04-12, a national holiday on a Sunday
/// gives the next day off if that day is not a national holiday; from 2007,
/// the first following day that is not a national holiday. The citizen's
/// holiday rule: from 1985-12-27, a day whose previous and next days are both
/// national holidays proper is a day off; before 2007 a Sunday or a
/// substitute holiday was excepted, from 2007 only a national holiday is.
pub fn national_holidays(year: i16) -> Vec<Holiday> {
    if !SUPPORTED_YEARS.contains(&year) {
        return Vec::new();
    }
    let proper = holidays_proper(year);
    let is_proper = |n: i32| proper.iter().any(|h| day_number::from_date(h.date) == n);
    let mut out = proper.clone();

    // 振替休日.
    let mut substitutes: Vec<i32> = Vec::new();
    for h in &proper {
        if h.date < SUBSTITUTE_FROM || h.date.weekday() != Weekday::Sunday {
            continue;
        }
        let mut n = day_number::from_date(h.date) + 1;
        if h.date < REVISION_2007 {
            if is_proper(n) {
                continue;
            }
        } else {
            while is_proper(n) {
                n += 1;
            }
        }
        substitutes.push(n);
    }

    // 国民の休日: days between two holidays proper that are two days apart.
    let mut citizens: Vec<i32> = Vec::new();
    for pair in proper.windows(2) {
        let (a, b) = (
            day_number::from_date(pair[0].date),
            day_number::from_date(pair[1].date),
        );
        let n = a + 1;
        if b - a != 2 || substitutes.contains(&n) {
            continue;
        }
        let date = day_number::to_date(n).expect("between two supported holidays");
        if date < CITIZENS_FROM {
            continue;
        }
        if date < REVISION_2007 && date.weekday() == Weekday::Sunday {
            continue;
        }
        citizens.push(n);
    }

    let derived = |kind: HolidayKind| {
        move |n: i32| Holiday {
            date: day_number::to_date(n).expect("next to a supported holiday"),
            kind,
        }
    };
    out.extend(
        substitutes
            .into_iter()
            .map(derived(HolidayKind::Substitute)),
    );
    out.extend(citizens.into_iter().map(derived(HolidayKind::Citizens)));
    out.extend(
        ONE_OFF
            .iter()
            .filter(|(kind, date)| !kind.is_national_holiday() && date.year() == year)
            .map(|&(kind, date)| Holiday { date, kind }),
    );
    out.sort_unstable();
    out
}

/// The day off the law gives on `date`, if any (see [`national_holidays`]).
pub fn national_holiday(date: Date) -> Option<Holiday> {
    national_holidays(date.year())
        .into_iter()
        .find(|h| h.date == date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn kinds_on(year: i16) -> Vec<(Date, HolidayKind)> {
        national_holidays(year)
            .into_iter()
            .map(|h| (h.date, h.kind))
            .collect()
    }

    #[test]
    fn equinox_formula_known_years() {
        // 2020: ⌊20.8431 + 0.242194·40⌋ = ⌊30.53⌋ = 30, minus ⌊40/4⌋ = 10 → 20 March.
        assert_eq!(vernal_equinox_day(2020), Some(20));
        // 2020 autumn: ⌊23.2488 + 9.68776⌋ = 32, minus 10 → 22 September.
        assert_eq!(autumnal_equinox_day(2020), Some(22));
        // 1948 autumn: n = −32: ⌊23.2588 − 7.750208⌋ = 15, minus ⌊−8⌋ = −8 → 23.
        assert_eq!(autumnal_equinox_day(1948), Some(23));
        // 1979 spring: n = −1: ⌊20.8357 − 0.242194⌋ = 20, minus ⌊−0.25⌋ = −1 → 21.
        // (Truncating −1/4 toward zero would give 20, the wrong day.)
        assert_eq!(vernal_equinox_day(1979), Some(21));
        // 2100 spring: n = 120: ⌊21.851 + 29.06328⌋ = 50, minus 30 → 20.
        assert_eq!(vernal_equinox_day(2100), Some(20));
        assert_eq!(vernal_equinox_day(1899), None);
        assert_eq!(autumnal_equinox_day(2151), None);
    }

    #[test]
    fn act_starts_on_1948_07_20() {
        // Only the three holidays after 20 July 1948 exist in 1948.
        assert_eq!(
            kinds_on(1948),
            vec![
                (date(1948, 9, 23), HolidayKind::AutumnalEquinoxDay),
                (date(1948, 11, 3), HolidayKind::CultureDay),
                (date(1948, 11, 23), HolidayKind::LaborThanksgivingDay),
            ]
        );
        assert!(national_holidays(1947).is_empty());
        assert!(national_holidays(2151).is_empty());
    }

    #[test]
    fn first_substitute_holiday_is_1973_04_30() {
        // 1973-04-29 (Emperor's Birthday) was a Sunday after the amendment.
        assert_eq!(
            national_holiday(date(1973, 4, 30)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        // 1973-02-11 was a Sunday too, before 04-12: no substitute.
        assert_eq!(national_holiday(date(1973, 2, 12)), None);
    }

    #[test]
    fn substitute_moves_past_golden_week_from_2007() {
        // 2015-05-03 is a Sunday; 05-04 and 05-05 are holidays, so the
        // substitute is Wednesday 05-06.
        assert_eq!(
            national_holiday(date(2015, 5, 6)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
    }

    #[test]
    fn citizens_holiday_between_respect_for_the_aged_and_equinox() {
        // 2026: 敬老の日 Monday 09-21, 秋分の日 Wednesday 09-23 → 09-22.
        assert_eq!(
            national_holiday(date(2026, 9, 22)).map(|h| h.kind),
            Some(HolidayKind::Citizens)
        );
    }

    #[test]
    fn year_2019_enthronement_days() {
        // 04-30 and 05-02 follow from the citizen's rule, because 05-01 is
        // deemed a national holiday; 05-06 substitutes for Sunday 05-05.
        let may: Vec<_> = kinds_on(2019)
            .into_iter()
            .filter(|(d, _)| (date(2019, 4, 29)..=date(2019, 5, 6)).contains(d))
            .collect();
        use HolidayKind::*;
        assert_eq!(
            may,
            vec![
                (date(2019, 4, 29), ShowaDay),
                (date(2019, 4, 30), Citizens),
                (date(2019, 5, 1), EmperorsAccession2019),
                (date(2019, 5, 2), Citizens),
                (date(2019, 5, 3), ConstitutionMemorialDay),
                (date(2019, 5, 4), GreeneryDay),
                (date(2019, 5, 5), ChildrensDay),
                (date(2019, 5, 6), Substitute),
            ]
        );
        // No Emperor's Birthday in 2019.
        assert!(!kinds_on(2019).iter().any(|(_, k)| *k == EmperorsBirthday));
    }

    #[test]
    fn olympic_moves() {
        use HolidayKind::*;
        let summer = |y| {
            kinds_on(y)
                .into_iter()
                .filter(|(d, _)| d.month() == 7 || d.month() == 8 || d.month() == 10)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            summer(2020),
            vec![
                (date(2020, 7, 23), MarineDay),
                (date(2020, 7, 24), SportsDay),
                (date(2020, 8, 10), MountainDay),
            ]
        );
        // 2021-08-08 is a Sunday: substitute on Monday 08-09.
        assert_eq!(
            summer(2021),
            vec![
                (date(2021, 7, 22), MarineDay),
                (date(2021, 7, 23), SportsDay),
                (date(2021, 8, 8), MountainDay),
                (date(2021, 8, 9), Substitute),
            ]
        );
    }

    #[test]
    fn names_exist_in_both_languages() {
        for kind in HolidayKind::ALL {
            assert!(!kind.name_ja().is_empty() && !kind.name_en().is_empty());
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.key())
            );
        }
        let h = Holiday {
            date: date(2026, 7, 20),
            kind: HolidayKind::MarineDay,
        };
        assert_eq!(
            serde_json::to_value(h).unwrap(),
            serde_json::json!({"date": "2026-07-20", "kind": "marine_day", "name_ja": "海の日", "name_en": "Marine Day"})
        );
    }
}
