//! Print the analysis of a dump file as JSON: `dump-info PATH`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump-info PATH");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match vmrescue_dump::analyze(file) {
        Ok(report) => {
            println!("bucket {}", report.bucket_id());
            if std::env::args().any(|a| a == "--json") {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
