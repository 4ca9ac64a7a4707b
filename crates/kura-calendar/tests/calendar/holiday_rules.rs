//! The holiday rules checked over every supported year, and the law's
//! history checked on hand-picked days.

use jiff::civil::{Date, Weekday, date};
use kura_calendar::{
    HolidayKind, SUPPORTED_YEARS, autumnal_equinox_day, national_holiday, national_holidays,
    vernal_equinox_day,
};

fn tomorrow(d: Date) -> Date {
    d.tomorrow().expect("inside jiff's range")
}

fn yesterday(d: Date) -> Date {
    d.yesterday().expect("inside jiff's range")
}

fn proper(d: Date) -> bool {
    national_holiday(d).is_some_and(|h| h.kind.is_national_holiday())
}

#[test]
fn every_year_is_sorted_unique_and_inside_the_year() {
    for year in SUPPORTED_YEARS {
        let hs = national_holidays(year);
        assert!(!hs.is_empty(), "{year}");
        assert!(hs.windows(2).all(|w| w[0].date < w[1].date), "{year}");
        assert!(hs.iter().all(|h| h.date.year() == year), "{year}");
        for h in &hs {
            assert_eq!(national_holiday(h.date), Some(*h));
        }
    }
}

#[test]
fn every_substitute_follows_a_run_of_holidays_with_a_sunday() {
    // For every year with the substitute rule: walking back from a
    // substitute holiday over national holidays proper reaches a Sunday
    // holiday; before 2007 that Sunday is the day just before.
    for year in 1973..=*SUPPORTED_YEARS.end() {
        for h in national_holidays(year) {
            if h.kind != HolidayKind::Substitute {
                continue;
            }
            let mut d = yesterday(h.date);
            let mut found_sunday = false;
            while proper(d) {
                found_sunday |= d.weekday() == Weekday::Sunday;
                d = yesterday(d);
            }
            assert!(found_sunday, "{} has no Sunday holiday before it", h.date);
            if year < 2007 {
                let prev = yesterday(h.date);
                assert!(
                    prev.weekday() == Weekday::Sunday && proper(prev),
                    "{}",
                    h.date
                );
            }
        }
    }
}

#[test]
fn every_sunday_holiday_gets_one_substitute_from_1973_04_12() {
    for year in 1973..=*SUPPORTED_YEARS.end() {
        for h in national_holidays(year) {
            if !h.kind.is_national_holiday()
                || h.date.weekday() != Weekday::Sunday
                || h.date < date(1973, 4, 12)
            {
                continue;
            }
            let mut d = tomorrow(h.date);
            while proper(d) {
                d = tomorrow(d);
            }
            let next = national_holiday(d).map(|x| x.kind);
            if year < 2007 && d != tomorrow(h.date) {
                // Before 2007 only the very next day could substitute.
                assert_ne!(next, Some(HolidayKind::Substitute), "{}", h.date);
            } else {
                assert_eq!(next, Some(HolidayKind::Substitute), "{}", h.date);
            }
        }
    }
}

#[test]
fn citizens_holidays_sit_between_two_national_holidays() {
    let mut count = 0;
    for year in SUPPORTED_YEARS {
        for h in national_holidays(year) {
            if h.kind != HolidayKind::Citizens {
                continue;
            }
            count += 1;
            assert!(h.date >= date(1985, 12, 27), "{}", h.date);
            assert_ne!(h.date.weekday(), Weekday::Sunday, "{}", h.date);
            assert!(
                proper(yesterday(h.date)) && proper(tomorrow(h.date)),
                "{}",
                h.date
            );
        }
    }
    // 1988–2006: 05-04 on the years it was neither Sunday nor Monday (the
    // substitute of a Sunday 05-03); 2009, 2015, 2026… in September; 2019
    // twice. A broken rule would give far fewer or far more.
    assert!((20..=80).contains(&count), "{count}");
}

#[test]
fn first_citizens_holiday_is_1988_05_04() {
    // 1986-05-04 was a Sunday (excepted) and 1987-05-04 the substitute of
    // Sunday 05-03; so the first citizen's holiday came in 1988.
    let first = (1985..=1990)
        .flat_map(national_holidays)
        .find(|h| h.kind == HolidayKind::Citizens)
        .map(|h| h.date);
    assert_eq!(first, Some(date(1988, 5, 4)));
    assert_eq!(
        national_holiday(date(1987, 5, 4)).map(|h| h.kind),
        Some(HolidayKind::Substitute)
    );
}

#[test]
fn september_citizens_holidays() {
    // 敬老の日 on Monday the 21st and 秋分の日 on Wednesday the 23rd.
    for d in [date(2009, 9, 22), date(2015, 9, 22), date(2026, 9, 22)] {
        assert_eq!(
            national_holiday(d).map(|h| h.kind),
            Some(HolidayKind::Citizens),
            "{d}"
        );
    }
}

#[test]
fn the_laws_history_on_chosen_days() {
    use HolidayKind::*;
    let kind = |y, m, d| national_holiday(date(y, m, d)).map(|h| h.kind);
    // 天皇誕生日 4/29 → 12/23 → 2/23.
    assert_eq!(kind(1988, 4, 29), Some(EmperorsBirthday));
    assert_eq!(kind(1989, 4, 29), Some(GreeneryDay));
    assert_eq!(kind(2018, 12, 23), Some(EmperorsBirthday));
    assert_eq!(kind(2019, 12, 23), None);
    assert_eq!(kind(2020, 2, 23), Some(EmperorsBirthday));
    // 昭和の日 and みどりの日 in 2007.
    assert_eq!(kind(2006, 4, 29), Some(GreeneryDay));
    assert_eq!(kind(2007, 4, 29), Some(ShowaDay));
    assert_eq!(kind(2007, 5, 4), Some(GreeneryDay));
    // 海の日 from 1996, Happy Monday 2003.
    assert_eq!(kind(1995, 7, 20), None);
    assert_eq!(kind(1996, 7, 20), Some(MarineDay));
    assert_eq!(kind(2003, 7, 21), Some(MarineDay)); // third Monday
    // 山の日 from 2016.
    assert_eq!(kind(2015, 8, 11), None);
    assert_eq!(kind(2016, 8, 11), Some(MountainDay));
    // 成人の日 and 体育の日: Happy Monday 2000; スポーツの日 2020.
    assert_eq!(kind(1999, 1, 15), Some(ComingOfAgeDay));
    assert_eq!(kind(2000, 1, 10), Some(ComingOfAgeDay));
    assert_eq!(kind(1999, 10, 10), Some(HealthAndSportsDay));
    assert_eq!(kind(2000, 10, 9), Some(HealthAndSportsDay));
    assert_eq!(kind(2022, 10, 10), Some(SportsDay));
    // 敬老の日 from 1966, Happy Monday 2003.
    assert_eq!(kind(1965, 9, 15), None);
    assert_eq!(kind(1966, 9, 15), Some(RespectForTheAgedDay));
    assert_eq!(kind(2003, 9, 15), Some(RespectForTheAgedDay)); // third Monday
    // 建国記念の日 from 1967.
    assert_eq!(kind(1966, 2, 11), None);
    assert_eq!(kind(1967, 2, 11), Some(NationalFoundationDay));
    // One-off days.
    assert_eq!(kind(1959, 4, 10), Some(CrownPrinceAkihitoWedding));
    assert_eq!(kind(1989, 2, 24), Some(EmperorShowaFuneral));
    assert_eq!(kind(1990, 11, 12), Some(EnthronementCeremony1990));
    assert_eq!(kind(1993, 6, 9), Some(CrownPrinceNaruhitoWedding));
    assert_eq!(kind(2019, 10, 22), Some(EnthronementCeremony2019));
    // The 1948 Act took effect on 07-20: no 1948 New Year or Children's Day.
    assert_eq!(kind(1948, 1, 1), None);
    assert_eq!(kind(1948, 5, 5), None);
    assert_eq!(kind(1949, 1, 1), Some(NewYearsDay));
}

#[test]
fn sixteen_national_holidays_a_year_from_2022() {
    // 元日 成人 建国 天皇誕生日 春分 昭和 憲法 みどり こども 海 山 敬老 秋分
    // スポーツ 文化 勤労感謝: 16 proper holidays every year after the
    // Olympic moves.
    for year in 2022..=*SUPPORTED_YEARS.end() {
        let n = national_holidays(year)
            .iter()
            .filter(|h| h.kind.is_national_holiday())
            .count();
        assert_eq!(n, 16, "{year}");
    }
}

#[test]
fn equinox_days_stay_near_the_equinox() {
    for year in SUPPORTED_YEARS {
        let v = vernal_equinox_day(year).expect("supported");
        let a = autumnal_equinox_day(year).expect("supported");
        assert!((19..=22).contains(&v), "{year}: March {v}");
        assert!((21..=24).contains(&a), "{year}: September {a}");
    }
}
