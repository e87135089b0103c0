//! Fuzz the BCD decoder: the input is a BCD hive (no logs); every object and
//! element is decoded, device elements included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmrescue_registry::{Hive, bcd};

fuzz_target!(|data: &[u8]| {
    let Ok((hive, _)) = Hive::from_bytes(data.to_vec(), Vec::new()) else {
        return;
    };
    if let Ok(store) = bcd::read_store(&hive) {
        let _ = store.default_entry().map(|o| o.elements.len());
        let _ = store.object("{bootmgr}");
        for o in &store.objects {
            for e in &o.elements {
                let _ = (e.id, e.name, &e.value);
            }
        }
    }
    // The device parser alone, on raw bytes.
    let _ = bcd::parse_device_element(data);
});
