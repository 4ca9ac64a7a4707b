//! The industry mapper on values real CRM exports contain.

use kura_core::plan::{IndustryMapper, IndustryMatch};

fn code(text: &str) -> Option<String> {
    match IndustryMapper::builtin().map(Some(text)) {
        IndustryMatch::Known(i) => Some(i.code),
        _ => None,
    }
}

#[test]
fn the_salesforce_picklist_maps_onto_jsic() {
    let expected = [
        ("Agriculture", "A"),
        ("Apparel", "11"),
        ("Banking", "62"),
        ("Biotechnology", "16"),
        ("Chemicals", "16"),
        ("Communications", "37"),
        ("Construction", "D"),
        ("Consulting", "72"),
        ("Education", "O"),
        ("Electronics", "28-30"),
        ("Energy", "33-35"),
        ("Engineering", "74"),
        ("Entertainment", "80"),
        ("Environmental", "88"),
        ("Finance", "J"),
        ("Food & Beverage", "09-10"),
        ("Government", "S"),
        ("Healthcare", "P"),
        ("Hospitality", "M"),
        ("Insurance", "67"),
        ("Machinery", "25-27"),
        ("Manufacturing", "E"),
        ("Media", "38,41"),
        ("Not For Profit", "93"),
        ("Recreation", "80"),
        ("Retail", "56-61"),
        ("Shipping", "44-45,47-48"),
        ("Technology", "39-40"),
        ("Telecommunications", "37"),
        ("Transportation", "H"),
        ("Utilities", "F"),
        ("Other", "T"),
    ];
    for (text, c) in expected {
        assert_eq!(code(text).as_deref(), Some(c), "{text}");
    }
}

#[test]
fn hubspot_enums_and_their_labels_map() {
    for (text, c) in [
        ("COMPUTER_SOFTWARE", "39"),
        ("Computer Software", "39"),
        ("RETAIL", "56-61"),
        ("HOSPITAL_HEALTH_CARE", "83"),
        ("Hospital & Health Care", "83"),
        ("INFORMATION_TECHNOLOGY_AND_SERVICES", "39-40"),
        ("FOOD_BEVERAGES", "09-10"),
        ("LOGISTICS_AND_SUPPLY_CHAIN", "44-45,47-48"),
        ("RESTAURANTS", "76"),
        ("REAL_ESTATE", "68-69"),
        ("STAFFING_AND_RECRUITING", "91"),
    ] {
        assert_eq!(code(text).as_deref(), Some(c), "{text}");
    }
}

#[test]
fn japanese_labels_and_the_simulators_jsic_names_map() {
    for (text, c) in [
        // The JSIC division names the simulator writes.
        ("製造業", "E"),
        ("情報通信業", "G"),
        ("卸売業，小売業", "I"),
        ("宿泊業，飲食サービス業", "M"),
        ("医療，福祉", "P"),
        ("建設業", "D"),
        ("運輸業，郵便業", "H"),
        ("不動産業，物品賃貸業", "K"),
        ("学術研究，専門・技術サービス業", "L"),
        ("生活関連サービス業，娯楽業", "N"),
        ("教育，学習支援業", "O"),
        ("サービス業（他に分類されないもの）", "R"),
        // Everyday labels.
        ("小売業", "56-61"),
        ("IT", "39-40"),
        ("飲食", "76-77"),
        ("不動産", "68-69"),
        ("建設", "D"),
        ("医療", "83"),
        ("介護", "85"),
        ("物流", "44-45,47-48"),
        // Major-group names and codes.
        ("電気機械器具製造業", "29"),
        ("Information services", "39"),
        ("E29", "29"),
        ("29", "29"),
        ("i", "I"),
    ] {
        assert_eq!(code(text).as_deref(), Some(c), "{text}");
    }
}

#[test]
fn width_case_and_separators_are_folded() {
    for (text, c) in [
        // Half-width comma, Japanese comma, full-width brackets.
        ("卸売業,小売業", "I"),
        ("卸売業、小売業", "I"),
        ("サービス業(他に分類されないもの)", "R"),
        // Full-width letters, case, spaces.
        ("ＩＴ", "39-40"),
        ("ｉｔ", "39-40"),
        ("  retail ", "56-61"),
        ("FOOD & BEVERAGE", "09-10"),
        ("food_&_beverage", "09-10"),
        ("ＲＥＴＡＩＬ", "56-61"),
        // Half-width katakana from Shift_JIS exports.
        ("ﾒｰｶｰ", "E"),
        ("ｿﾌﾄｳｪｱ", "39"),
        ("ITｻｰﾋﾞｽ", "39-40"),
    ] {
        assert_eq!(code(text).as_deref(), Some(c), "{text:?}");
    }
}

#[test]
fn unknown_values_are_reported_as_given_and_blanks_as_missing() {
    let m = IndustryMapper::builtin();
    for text in ["Widgets", "Crypto", "宇宙", "Z9", "0"] {
        assert_eq!(
            m.map(Some(text)),
            IndustryMatch::Unknown(text.to_string()),
            "{text}"
        );
    }
    assert_eq!(
        m.map(Some("  Space Mining  ")),
        IndustryMatch::Unknown("Space Mining".into())
    );
    assert_eq!(m.map(None), IndustryMatch::Missing);
    assert_eq!(m.map(Some("   ")), IndustryMatch::Missing);
    // Counting unknowns over a column of values.
    let column = ["Retail", "Widgets", "製造業", "", "Widgets", "Crypto"];
    let unknown = column
        .iter()
        .filter(|v| matches!(m.map(Some(v)), IndustryMatch::Unknown(_)))
        .count();
    assert_eq!(unknown, 3);
}

#[test]
fn names_are_given_in_both_languages() {
    let m = IndustryMapper::builtin();
    let retail = m.map(Some("Retail"));
    let i = retail.industry().unwrap();
    assert_eq!(
        (i.name_ja.as_str(), i.name_en.as_str()),
        ("小売業", "Retail trade")
    );
    assert_eq!(i.division, Some('I'));
    let care = m.map(Some("医療，福祉"));
    let i = care.industry().unwrap();
    assert_eq!(i.name_en, "Medical, health care and welfare");
    let json = serde_json::to_value(&care).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"match": "known", "industry": {
            "code": "P", "division": "P", "name_ja": "医療，福祉",
            "name_en": "Medical, health care and welfare"}})
    );
}
