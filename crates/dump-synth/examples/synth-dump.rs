//! Write a sparse synthesized 0xC000021A dump: `synth-dump PATH GIB [bitmap|full]`.

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(gib)) = (args.get(1), args.get(2).and_then(|g| g.parse::<u64>().ok()))
    else {
        eprintln!("usage: synth-dump PATH GIB [bitmap|full]");
        std::process::exit(2);
    };
    let pages = gib << 18;
    let layout = match args.get(3).map(String::as_str) {
        Some("full") => {
            vmrescue_dump_synth::PageLayout::Runs(vec![(0, 0x9F), (0x100, pages - 0x100)])
        }
        _ => vmrescue_dump_synth::PageLayout::Bitmap {
            signature: *b"SDMP",
            pages,
            present: vec![(0, pages)],
        },
    };
    let spec = vmrescue_dump_synth::c000021a_x64(layout, "Windows SubSystem");
    let len = spec.write_file(std::path::Path::new(path))?;
    println!("wrote {path}: {len} bytes");
    Ok(())
}
