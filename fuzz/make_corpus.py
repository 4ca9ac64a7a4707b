#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (committed).

Seeds are small, real-shaped inputs: the CRM samples in
crates/kura-import/tests/data/ (copies of the research samples), the PBX log
the mapped-CSV tests read, the shipped example mapping, the first rows of a
`kura sim` bundle (copied below), and the hand-made shapes of the importer
tests. Each CSV target's input starts with a selector byte (low bits: which
file or object; high bits: import options, see fuzz/src/lib.rs).

Run from anywhere: python3 fuzz/make_corpus.py. Files are named by content
hash, so re-running only adds what changed; the fuzzers' own discoveries go
to a scratch corpus (.ci/fuzz), never here.
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
DATA = ROOT / "crates" / "kura-import" / "tests" / "data"

SKIP_BAD_ROWS, KEEP_ALL, SMALL_LIMIT, UTC = 0x10, 0x20, 0x40, 0x80


def seed(target: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def data(rel: str) -> bytes:
    return (DATA / rel).read_bytes()


def head(text: bytes, lines: int) -> bytes:
    return b"".join(text.splitlines(keepends=True)[:lines])


# --- Kura bundle: the first rows of `kura sim --seed 3 --from 2026-09-01
# --to 2026-09-30 --teams 1 --reps-per-team 3`, plus the shapes users write.
BUNDLE = [
    (0, "id,name,team,email\nrep-001,Kenta Tanaka,team-01,kenta.tanaka.1@example.com\n"
        "rep-002,Sakura Yoshida,team-01,sakura.yoshida.2@example.com\n"),
    (1, 'id,name,industry\nC1,"Aoba Systems Co., Ltd.",情報通信業\n'
        'C2,"Toho Systems Co., Ltd.",情報通信業\nC3,山田製作所,製造業\n'),
    (2, "id,account_id,owner,created_at,source,status\n"
        "L1,C143,rep-001,2026-07-02T12:15:00+09:00,inbound,new\n"
        "L2,C53,rep-001,2026-05-23T13:30:48+09:00,inbound,new\n"
        "L3,,rep-002,2026-09-23 10:00,outbound,\n"),
    (3, "id,occurred_at,rep,kind,direction,personal,call_result,target,planned_at,outcome\n"
        "A1,2026-09-01T08:50:10+09:00,rep-001,call,outbound,true,no_answer,L79,2026-07-27T14:45:10+09:00,none\n"
        "A2,2026-09-01T08:52:21+09:00,rep-001,call,outbound,true,connected,L1280,2026-07-30T18:06:50+09:00,none\n"
        "A3,2026-09-24 10:00,rep-002,email,inbound,false,,L3,,appointment\n"),
    (4, "id,rep,target,created_at,due_on,completed_at,status,promised\n"
        "N410,rep-001,L79,2026-07-27T14:45:10+09:00,2026-09-01,2026-09-01T08:50:10+09:00,completed,true\n"
        "N708,rep-001,L1280,2026-07-30T18:06:50+09:00,2026-09-01,,open,0\n"),
    (5, "target,from,to,state,note\n"
        'L330,2026-09-24,2026-09-25,colleagues_off,"Colleagues are off, so more time than usual"\n'
        "L164,2026-09-24,2026-09-25,unchanged,Working as usual\n"),
]
for sel, text in BUNDLE:
    seed("bundle_csv", bytes([sel]) + text.encode())
    # The same file as Excel saves it: BOM and CRLF, bad rows skipped.
    crlf = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    seed("bundle_csv", bytes([sel | SKIP_BAD_ROWS | UTC]) + crlf)
# Shift_JIS, a quote never closed, the same id twice, a record over a
# 256-byte limit.
seed("bundle_csv", bytes([0]) + "id,name,team\nr1,髙橋 三郎,営業一課\n".encode("cp932"))
seed("bundle_csv", bytes([3 | KEEP_ALL]) + b"id,occurred_at,rep,kind\na1,2020-09-23 10:00,sato,call\n"
     b'a2,2020-09-23 11:00,sato,"call\n')
seed("bundle_csv", bytes([0 | SKIP_BAD_ROWS]) + b"id,name\nr1,A\nr1,B\n\nr2,C\n")
seed("bundle_csv", bytes([0 | SMALL_LIMIT]) + b'id,name\nr1,"' + b"x" * 300 + b'"\nr2,B\n')

# --- Salesforce: Data Loader tasks (the research sample), the Japanese
# Shift_JIS report with its footer, and the other objects.
seed("salesforce_csv", bytes([0]) + data("samples/salesforce_tasks.csv"))
seed("salesforce_csv", bytes([0 | SKIP_BAD_ROWS]) + data("samples/sf_report_ja_sjis.csv"))
SF = [
    (1, "Id,OwnerId,WhoId,CreatedDate,ActivityDateTime,ActivityDate,IsAllDayEvent,IsRecurrence\n"
        "00U5g0000000001EAA,0055g0e6pM8oflqAQA,0035g0d5snEB2SlAAL,2026-09-10T00:00:00.000Z,2026-09-15T05:00:00.000Z,2026-09-15,false,false\n"
        "00U5g0000000002EAA,0055g0e6pM8oflqAQA,,2026-09-10T00:00:00.000Z,,2026-09-16,true,false\n"),
    (2, "Id,CreatedDate,LeadSource,Status,OwnerId\n"
        "00Q5g01O02hgVszEEE,2026-09-10T05:03:11.000Z,Web,Open - Not Contacted,0055g0e6pM8oflqAQA\n"
        "00Q5g0dEY1HqZYAEM3,2026-09-11T00:00:00.000Z,Purchased List,,0055g0e6pM8oflqAQA\n"),
    (3, "Id,CreatedDate,LeadSource,AccountId\n"
        "0035g0d5snEB2Sl,2026-09-01T00:00:00.000Z,Phone Inquiry,0015g0S2ckC75ogACB\n"),
    (4, "Id,Name,Industry\n0015g0S2ckC75ogACB,株式会社サンプル商事,Retail\n"),
    (5, '"ID","FIRSTNAME","LASTNAME","EMAIL","DEPARTMENT"\n'
        '"0055g0e6pM8oflqAQA","一郎","佐藤","sato@example.jp","IS East"\n'),
]
for sel, text in SF:
    seed("salesforce_csv", bytes([sel]) + text.encode())
seed("salesforce_csv", bytes([0]) + '"件名","状況","任命先","作成日","期日","活動 ID"\n'
     '"架電","未着手","佐藤 一郎","2026/09/14 9:00","2026/09/24","00T5g0hCIogisOw"\n'
     '"合計: 1"\n'.encode())

# --- HubSpot: the research samples (API names, BOM + CRLF; LF), the other
# objects, and a UI export with labels.
seed("hubspot_csv", bytes([0]) + data("samples/hubspot_calls.csv"))
seed("hubspot_csv", bytes([3 | SKIP_BAD_ROWS]) + data("samples/hubspot_tasks.csv"))
HS = [
    (1, "hs_object_id,hs_timestamp,hubspot_owner_id,hs_email_direction,hs_email_status\n"
        "1,2026-09-14T01:00:00.000Z,81234567,EMAIL,SENT\n"
        "3,2026-09-14T03:00:00.000Z,81234567,INCOMING_EMAIL,\n"
        "4,1789351200000,81234567,FORWARDED_EMAIL,\n"),
    (2, "hs_object_id,hs_timestamp,hubspot_owner_id,hs_meeting_outcome\n"
        "11,2026-09-24T05:00:00.000Z,81234568,COMPLETED\n12,2026-09-25T05:00:00.000Z,81234568,NO_SHOW\n"),
    (4, "hs_object_id,createdate,hs_analytics_source,hubspot_owner_id,hs_lead_status,lifecyclestage\n"
        "685609645624,2026-09-12T03:00:00.000Z,ORGANIC_SEARCH,81234567,NEW,lead\n"
        "598105202348,2026-09-01T03:00:00.000Z,OFFLINE,81234567,,customer\n"),
    (5, "id,email,firstName,lastName,team\n81234567,yamada@example.jp,太郎,山田,IS West\n"
        "81234568,lee@example.com,Ann,Lee,\n"),
    (0, "Record ID,Activity date,Activity assigned to,Call direction,Call outcome\n"
        "101,2026-09-24 10:00,山田 太郎,Outbound,No answer\n102,2026-09-24 10:05,山田 太郎,Inbound,Connected\n"),
]
for sel, text in HS:
    seed("hubspot_csv", bytes([sel]) + text.encode())

# --- Mapped CSV: mapping, NUL, data.
EXAMPLE = (ROOT / "examples" / "mapping.toml").read_bytes()
seed("mapped_csv", bytes([0]) + EXAMPLE + b"\0" + data("maho_pbx_sjis.csv"))
TSV_MAPPING = (
    'entity = "next_actions"\ndelimiter = "\\t"\ndate_format = "%Y/%m/%d"\n'
    'timestamp_format = "%Y/%m/%d %H:%M"\n[columns]\nNo = "id"\n担当 = "rep"\n'
    '作成 = "created_at"\n期限 = "due_on"\n状態 = "status"\n[values.status]\n未 = "open"\n済 = "completed"\n'
)
seed("mapped_csv", bytes([SKIP_BAD_ROWS]) + TSV_MAPPING.encode() + b"\0"
     + "No\t担当\t作成\t期限\t状態\n1\t佐藤\t2026/09/14 09:00\t2026/09/24\t未\n2\t佐藤\t2026/09/14 09:00\t2026/09/25\t済\n".encode())
LEADS_MAPPING = (
    'entity = "leads"\nid_columns = ["会社", "電話"]\nid_prefix = "list:"\ntime_zone = "Asia/Tokyo"\n'
    '[columns]\n作成日 = "created_at"\n流入元 = "source"\n[defaults]\nowner = "sato"\n'
    '[values.source]\n問い合わせ = "inbound"\n'
)
seed("mapped_csv", bytes([UTC]) + LEADS_MAPPING.encode() + b"\0"
     + "会社,電話,作成日,流入元\n山田製作所,03-1234-5678,2026-09-01 10:00,問い合わせ\n青葉商事,06-0000-0000,2026-09-02T01:00:00Z,展示会\n".encode("cp932"))

# --- Mapping files alone.
seed("mapping_toml", EXAMPLE)
seed("mapping_toml", TSV_MAPPING.encode())
seed("mapping_toml", LEADS_MAPPING.encode())
seed("mapping_toml", b'entity = "reps"\n\ncolour = "red"\n[columns]\nID = "id"\n')
seed("mapping_toml", b'entity = "activities"\n[columns]\nid = "id"\nat = "occurred_at"\nwho = "rep"\n'
     b'r = "call_result"\n[defaults]\nkind = "call"\n[values.call_result]\nOK = "conected"\n')
seed("mapping_toml", b'entity = "availability"\ndelimiter = ";"\n[columns]\nwho = "target"\n'
     b'a = "from"\nb = "to"\ns = "state"\n')

# --- The encoding detector.
seed("decode", data("samples/sf_report_ja_sjis.csv")[:400])
seed("decode", data("samples/hubspot_calls.csv")[:300])
seed("decode", data("maho_pbx_sjis.csv"))
seed("decode", "id,name\nr1,山田\n".encode() + b"r2,caf\xe9\n")
seed("decode", b"\xef\xbb\xbf" + "髙橋".encode() + b"\xff")

# --- Feeds (the shapes of the feed tests: RSS with escaped HTML, Atom, a
# Japanese news site with CDATA and Dublin Core).
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example.com/</link>
<description>news</description>
<item><title>シルバーウィークの過ごし方アンケート &amp; 調査</title><link>https://news.example.com/a/1</link>
<description>&lt;p&gt;1位は「自宅で過ごす」&lt;/p&gt;&lt;p&gt;家電も好調&lt;/p&gt;</description>
<pubDate>Thu, 24 Sep 2026 23:30:00 +0000</pubDate></item>
<item><title>No date</title><description>plain &#x3042;&#12354;</description></item>
<item><description>no title: skipped</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:example:feed</id>
<updated>2026-09-20T00:00:00Z</updated>
<entry><title type="html">Holiday &lt;b&gt;survey&lt;/b&gt;: most stayed home</title><id>urn:example:1</id>
<link rel="self" href="https://example.com/feed/1"/><link rel="alternate" href="https://example.com/articles/1"/>
<updated>2026-09-21T10:00:00+09:00</updated>
<content type="html">&lt;p&gt;Survey &amp;amp; results&lt;/p&gt;</content></entry></feed>"""
NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>ニュース</title><link>https://news.example.jp/</link><description>経済ニュース</description>
<item><title>シルバーウィークは在宅で過ごす人が多数 調査</title>
<link>https://news.example.jp/a/1</link><dc:creator>編集部</dc:creator>
<description><![CDATA[<p>連休の過ごし方アンケート</p>]]></description>
<pubDate>Mon, 14 Sep 2026 01:00:00 GMT</pubDate></item>
</channel></rss>"""
for text in (RSS, ATOM, NEWS):
    seed("feed", text.encode())
seed("feed", NEWS.replace('encoding="UTF-8"', 'encoding="Shift_JIS"').encode("cp932"))

# --- API batch bodies (docs/api.md).
API = [
    '{"activities": [{"id": "a1", "occurred_at": "2026-09-24T10:15:00+09:00", "rep": "sato", "kind": "call",'
    ' "personal": false, "call_result": "connected", "target": null},'
    ' {"id": 42, "occurred_at": "2026-09-24 10:15", "rep": "sato", "kind": "email", "direction": "inbound"}]}',
    '{"next_actions": [{"id": "n1", "rep": "r", "created_at": "2026-09-01 09:00", "due_on": "2026-09-23",'
    ' "promised": true, "status": "open"}]}',
    '{"leads": [{"id": "l1", "created_at": "2026-09-01 09:00", "source": "inbound", "owner": "sato"}]}',
    '{"availability": [{"target": "L1", "from": "2026-09-24", "to": "2026-09-25", "state": "away",'
    ' "note": "\\u5e30\\u7701"}]}',
    '{"reps": [{"id": "sato", "name": "佐藤 一郎", "team": "IS East"}], "accounts": [{"id": "C1", "industry": "製造業"}]}',
]
for text in API:
    seed("api_json", text.encode())

# Regressions: XML declarations after the first 64 bytes made feed-rs 3.0 /
# quick-xml 0.42 panic (fixed in kura_import::feed by decoding first).
PADDED = '<?xml version="1.0"   encoding="Shift_JIS"   standalone="yes"   ?>\n<rss version="2.0"><channel><title>t</title><item><title>連休</title></item></channel></rss>'
seed("feed", PADDED.encode("cp932"))
seed("feed", b"\n" * 70 + '<?xml version="1.0" encoding="Shift_JIS"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>'.encode())
seed("feed", b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>t</title>'
     b'<?xml version="1.0" encoding="Shift_JIS"?><item><title>a</title></item></channel></rss>')
