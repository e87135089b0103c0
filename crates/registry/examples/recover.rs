//! Opens a hive (plus optional logs) and writes the recovered bytes:
//! `cargo run -p vmrescue-registry --example recover -- OUT PRIMARY [LOG...]`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let primary = std::fs::read(&args[1]).expect("read primary");
    let logs = args[2..]
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("read log")))
        .collect();
    let (hive, report) = vmrescue_registry::Hive::from_bytes(primary, logs).expect("open");
    eprintln!("{report:#?}");
    std::fs::write(&args[0], hive.as_bytes()).expect("write");
}
