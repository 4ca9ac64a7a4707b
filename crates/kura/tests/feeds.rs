//! `kura topics feed URL` end to end against servers started by the test: a
//! feed is fetched and stored; a missing page, a web page, a broken feed and
//! a server that never answers are clear errors that store nothing.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

/// The binary, isolated from the caller's configuration, locale and proxy.
/// `kura` with no proxy either: the feeds come from local servers.
fn kura(dir: &Path) -> Command {
    let mut cmd = super::server::kura(dir);
    for proxy in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

/// Serves `response` to each of the next `count` connections on a local
/// port, after reading the request's head; returns the feed's URL.
fn serve(response: Vec<u8>, count: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/news.rss", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(&response);
        }
    });
    url
}

/// An HTTP/1.1 response with a body.
fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// An RSS feed shaped like a Japanese news site's: one item the built-in
/// keyword rules keep (a holiday survey), one they skip.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>ニュース</title><link>https://news.example.jp/</link><description>経済ニュース</description>
<item><title>シルバーウィークは在宅で過ごす人が多数 調査</title>
<link>https://news.example.jp/a/1</link><dc:creator>編集部</dc:creator>
<description><![CDATA[<p>連休の過ごし方アンケート</p>]]></description>
<pubDate>Mon, 14 Sep 2026 01:00:00 GMT</pubDate></item>
<item><title>新製品を発表</title>
<link>https://news.example.jp/a/2</link><pubDate>Mon, 14 Sep 2026 02:00:00 GMT</pubDate></item>
</channel></rss>"#;

/// Runs `kura topics feed ARGS` on `t.db` and returns (exit code, stdout,
/// stderr).
fn feed(d: &Path, lang: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = kura(d)
        .args(["--database", "t.db", "--lang", lang, "topics", "feed"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_served_feed_becomes_topics_that_name_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = serve(
        response("200 OK", "application/rss+xml; charset=utf-8", FEED),
        1,
    );
    let (code, out, err) = feed(d, "en", &[&url]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(&format!(
            "{url}: 1 topics added, 0 replaced, 1 items skipped"
        )),
        "{out}"
    );
    let listed = kura(d)
        .args(["--database", "t.db", "topics", "list", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["file"], url.as_str());
    assert_eq!(json[0]["date"], "2026-09-14");
}

#[test]
fn a_missing_page_a_web_page_and_a_broken_feed_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let url = serve(response("404 Not Found", "text/html", "<h1>404</h1>"), 2);
    let (code, _, err) = feed(d, "en", &[&url]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{url}: the server answered HTTP 404 (not found): check the URL"
        )),
        "{err}"
    );
    let (_, _, err) = feed(d, "ja", &[&url]);
    assert!(
        err.contains("サーバーが HTTP 404 を返しました（見つかりません）"),
        "{err}"
    );

    let page = "<!DOCTYPE html><html><head><title>ニュース</title></head><body>…</body></html>";
    let url = serve(response("200 OK", "text/html; charset=utf-8", page), 1);
    let (code, _, err) = feed(d, "en", &[&url]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("the server sent a web page (text/html), not an RSS or Atom feed"),
        "{err}"
    );

    // Cut off in the middle of an item.
    let broken = &FEED[..FEED.find("<pubDate>").unwrap()];
    let url = serve(response("200 OK", "application/rss+xml", broken), 1);
    let (code, _, err) = feed(d, "en", &[&url]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not a readable RSS or Atom feed"), "{err}");

    // Nothing was stored: the database was never even created.
    assert!(!d.join("t.db").exists());
}

#[test]
fn a_server_that_never_answers_times_out_within_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The kernel accepts connections into the backlog; nobody answers them.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/news.rss", listener.local_addr().unwrap());

    let started = Instant::now();
    let (code, _, err) = feed(d, "en", &[&url, "--timeout", "0.5"]);
    let took = started.elapsed();
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{url}: no answer within 0.5 s: try again later, or allow more time with --timeout SECONDS"
        )),
        "{err}"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");

    let (code, _, err) = feed(d, "ja", &[&url, "--timeout", "0.5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("0.5 秒以内に応答がありません"), "{err}");
    assert!(!d.join("t.db").exists());
    drop(listener);

    let (code, _, err) = feed(d, "en", &[&url, "--timeout", "0"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--timeout: 0 is not a time limit"), "{err}");
}
