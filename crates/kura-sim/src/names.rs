//! Names for simulated reps and companies, in Japanese or English.

use crate::customers::industry_suffix;
use kura_calendar::Lang;

/// Family names: (Japanese, romanised).
const FAMILY: [(&str, &str); 16] = [
    ("佐藤", "Sato"),
    ("鈴木", "Suzuki"),
    ("高橋", "Takahashi"),
    ("田中", "Tanaka"),
    ("伊藤", "Ito"),
    ("渡辺", "Watanabe"),
    ("山本", "Yamamoto"),
    ("中村", "Nakamura"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("吉田", "Yoshida"),
    ("山田", "Yamada"),
    ("佐々木", "Sasaki"),
    ("山口", "Yamaguchi"),
    ("松本", "Matsumoto"),
    ("井上", "Inoue"),
];

/// Given names: (Japanese, romanised).
const GIVEN: [(&str, &str); 12] = [
    ("健太", "Kenta"),
    ("美咲", "Misaki"),
    ("翔", "Sho"),
    ("陽菜", "Hina"),
    ("大輔", "Daisuke"),
    ("さくら", "Sakura"),
    ("拓也", "Takuya"),
    ("結衣", "Yui"),
    ("直樹", "Naoki"),
    ("葵", "Aoi"),
    ("亮", "Ryo"),
    ("真由", "Mayu"),
];

/// Company name stems: (Japanese, romanised).
const STEMS: [(&str, &str); 16] = [
    ("青葉", "Aoba"),
    ("東邦", "Toho"),
    ("日進", "Nisshin"),
    ("大和", "Yamato"),
    ("光洋", "Koyo"),
    ("三栄", "San-ei"),
    ("北斗", "Hokuto"),
    ("朝日", "Asahi"),
    ("富士見", "Fujimi"),
    ("若葉", "Wakaba"),
    ("千代田", "Chiyoda"),
    ("桜井", "Sakurai"),
    ("瑞穂", "Mizuho"),
    ("白鷺", "Shirasagi"),
    ("明星", "Myojo"),
    ("清水", "Shimizu"),
];

/// Regions that tell companies with the same stem apart: (Japanese, romanised).
const REGIONS: [(&str, &str); 8] = [
    ("", ""),
    ("東京", "Tokyo"),
    ("関西", "Kansai"),
    ("中部", "Chubu"),
    ("九州", "Kyushu"),
    ("北海道", "Hokkaido"),
    ("東北", "Tohoku"),
    ("湘南", "Shonan"),
];

/// The display name and email address of rep number `n` (0-based).
pub(crate) fn rep_name(n: usize, lang: Lang) -> (String, String) {
    let (family_ja, family_en) = FAMILY[(n * 7 + 3) % FAMILY.len()];
    let (given_ja, given_en) = GIVEN[(n * 5 + n / FAMILY.len()) % GIVEN.len()];
    let name = match lang {
        Lang::Ja => format!("{family_ja} {given_ja}"),
        Lang::En => format!("{given_en} {family_en}"),
    };
    let email = format!(
        "{}.{}.{}@example.com",
        given_en.to_lowercase(),
        family_en.to_lowercase(),
        n + 1
    );
    (name, email)
}

/// The name of company number `n` (0-based) in industry `industry`.
pub(crate) fn company_name(n: usize, industry: u8, lang: Lang) -> String {
    let (stem_ja, stem_en) = STEMS[n % STEMS.len()];
    let (region_ja, region_en) = REGIONS[(n / STEMS.len()) % REGIONS.len()];
    let suffix = industry_suffix(industry, lang);
    match lang {
        Lang::Ja => format!("株式会社{region_ja}{stem_ja}{suffix}"),
        Lang::En if region_en.is_empty() => format!("{stem_en} {suffix} Co., Ltd."),
        Lang::En => format!("{region_en} {stem_en} {suffix} Co., Ltd."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rep_names_read_naturally_in_each_language() {
        // n = 0: family (0*7+3) % 16 = 3 (田中/Tanaka), given 0 (健太/Kenta).
        assert_eq!(rep_name(0, Lang::Ja).0, "田中 健太");
        assert_eq!(rep_name(0, Lang::En).0, "Kenta Tanaka");
        assert_eq!(rep_name(0, Lang::En).1, "kenta.tanaka.1@example.com");
    }

    #[test]
    fn company_names_carry_the_industry() {
        // n = 17: stem 1 (東邦/Toho), region 1 (東京/Tokyo); industry 0 is 製造業.
        assert_eq!(company_name(17, 0, Lang::Ja), "株式会社東京東邦工業");
        assert_eq!(
            company_name(17, 0, Lang::En),
            "Tokyo Toho Industries Co., Ltd."
        );
        assert_eq!(company_name(2, 1, Lang::En), "Nisshin Systems Co., Ltd.");
    }
}
