//! Import throughput: Kura bundles (UTF-8) and Salesforce-style reports
//! (Shift_JIS), read into a sink that only counts.
//!
//! Run with `cargo bench -p kura-import`; it prints medians, not pass/fail.

use kura_import::{
    ImportOptions, Record, SalesforceFiles, Sink, SinkError, import_kura_bundle, import_salesforce,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const ROWS: u64 = 100_000;

fn main() {
    divan::main();
    if let Some(dir) = DIR.get() {
        // Best effort: a leftover temp folder is harmless.
        let _ = std::fs::remove_dir_all(dir);
    }
}

static DIR: OnceLock<PathBuf> = OnceLock::new();

struct Count(u64);

impl Sink for Count {
    fn put(&mut self, _record: Record) -> Result<(), SinkError> {
        self.0 += 1;
        Ok(())
    }
}

/// A folder, kept for the whole run, with a bundle and a Shift_JIS report.
fn fixtures() -> &'static Path {
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kura-import-bench-{}", std::process::id()));
        let bundle = dir.join("bundle");
        std::fs::create_dir_all(&bundle).expect("temp dir is writable");
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(bundle.join("activities.csv")).expect("temp dir is writable"),
        );
        writeln!(f, "id,occurred_at,rep,kind,direction,personal,call_result,target,planned_at,outcome").expect("write");
        for i in 0..ROWS {
            writeln!(
                f,
                "a{i},2026-09-{:02}T{:02}:{:02}:00+09:00,rep{},call,outbound,true,connected,\"lead {i}, 株式会社サンプル\",,none",
                1 + i % 28,
                9 + i % 9,
                i % 60,
                i % 50
            )
            .expect("write");
        }
        f.flush().expect("write");
        let mut report = String::from(
            "\"件名\",\"期日\",\"状況\",\"任命先\",\"名前\",\"種別\",\"通話種別\",\"通話結果\",\"作成日\",\"完了日\",\"活動 ID\"\n",
        );
        for i in 0..ROWS {
            let day = 1 + i % 28;
            report.push_str(&format!(
                "\"架電: 新規リード\",\"2026/09/{day:02}\",\"完了\",\"担当 {}\",\"顧客 {i}\",\"電話\",\"発信\",\"不在\",\"2026/09/{day:02} 9:{:02}\",\"2026/09/{day:02} 9:{:02}\",\"00T5g{:010}\"\n",
                i % 50,
                i % 60,
                i % 60,
                i
            ));
        }
        report.push_str("\n\"機密情報 - 配布禁止\"\n");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&report);
        std::fs::write(dir.join("report.csv"), sjis).expect("temp dir is writable");
        dir
    })
}

#[divan::bench(sample_count = 10)]
fn kura_bundle_100k_activities(bencher: divan::Bencher) {
    let dir = fixtures().join("bundle");
    bencher.bench(|| {
        let mut sink = Count(0);
        import_kura_bundle(&dir, &ImportOptions::default(), &mut sink).expect("bundle reads");
        assert_eq!(sink.0, ROWS);
    });
}

#[divan::bench(sample_count = 10)]
fn salesforce_report_100k_tasks_shift_jis(bencher: divan::Bencher) {
    let files = SalesforceFiles {
        tasks: Some(fixtures().join("report.csv")),
        ..Default::default()
    };
    bencher.bench(|| {
        let mut sink = Count(0);
        import_salesforce(&files, &ImportOptions::default(), &mut sink).expect("report reads");
        // One activity per row plus one rep per name.
        assert_eq!(sink.0, ROWS + 50);
    });
}
