//! Fuzz the crash-dump decoder: header, page layout, triage, bug check
//! analysis, virtual/physical reads and page-file detection over a Cursor.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use vmrescue_dump::{KernelDump, analyze, detect_in_pagefile, extract_from_pagefile};

fuzz_target!(|data: &[u8]| {
    let _ = analyze(Cursor::new(data));
    if let Ok(mut d) = KernelDump::open(Cursor::new(data)) {
        let mut buf = [0u8; 0x2100];
        for pa in [0u64, 0x1000, 0x1A7800, 0x20_0000] {
            let _ = d.read_physical(pa, &mut buf);
        }
        let p = d.header().bugcheck_parameters;
        for va in [p[0], p[1], d.header().ps_loaded_module_list] {
            let _ = d.translate(va);
            let _ = d.read_virtual(va, &mut buf);
        }
        let _ = d.loaded_modules(64);
    }
    let mut c = Cursor::new(data);
    if let Ok(Some(found)) = detect_in_pagefile(&mut c) {
        let mut out = std::io::sink();
        let _ = extract_from_pagefile(&mut c, &found, &mut out);
    }
});
