//! Prints the facts of a SYSTEM hive (and optionally a SOFTWARE hive) as JSON:
//! `cargo run -p vmrescue-registry --example facts -- SYSTEM [SOFTWARE]`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let open = |p: &str| {
        let dir = std::path::Path::new(p)
            .parent()
            .unwrap_or(std::path::Path::new("."));
        let base = std::path::Path::new(p)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut logs = Vec::new();
        for ext in ["LOG", "LOG1", "LOG2"] {
            let lp = dir.join(format!("{base}.{ext}"));
            if let Ok(b) = std::fs::read(&lp) {
                logs.push((lp.display().to_string(), b));
            }
        }
        vmrescue_registry::Hive::from_named_bytes(&base, std::fs::read(p).expect("read"), logs)
            .expect("open")
            .0
    };
    let system = open(&args[0]);
    let software = args.get(1).map(|p| open(p));
    let t = std::time::Instant::now();
    let facts = vmrescue_registry::facts::collect(&system, software.as_ref());
    let el = t.elapsed();
    println!("{}", serde_json::to_string_pretty(&facts).unwrap());
    eprintln!("collected in {el:?}");
}
