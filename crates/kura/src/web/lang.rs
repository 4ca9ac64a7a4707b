//! The language of a page: the `kura_lang` cookie set by the language
//! switch, else the browser's `Accept-Language`, else the server's setting.

use super::state::AppState;
use crate::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::convert::Infallible;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "kura_lang";

/// The language a request is answered in.
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

impl FromRequestParts<AppState> for ReqLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(lang) = jar.get(LANG_COOKIE).and_then(|c| parse(c.value())) {
            return Ok(ReqLang(lang));
        }
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(ReqLang(
            from_accept_language(accept).unwrap_or(state.settings.lang),
        ))
    }
}

/// `ja` or `en`.
pub fn parse(code: &str) -> Option<Lang> {
    match code {
        "ja" => Some(Lang::Ja),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The first of Japanese or English named in an `Accept-Language` header,
/// by the order of preference (q values).
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("ja") => Lang::Ja,
            Some("en") => Lang::En,
            _ => continue,
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The language code for `<html lang>`.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_follows_preference() {
        assert_eq!(
            from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            from_accept_language("fr, ja;q=0.5, en;q=0.4"),
            Some(Lang::Ja)
        );
        assert_eq!(from_accept_language("de"), None);
        assert_eq!(from_accept_language(""), None);
    }
}
