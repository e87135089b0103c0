//! Fuzz image detection, partition tables and NTFS/FAT opening: the input is
//! a whole disk image (any format). Everything must end in Ok or a clean
//! error, in bounded time and memory.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vmrescue_disk::{Disk, DiskImage, ReadAt};
use vmrescue_fs::Volume;

fuzz_target!(|data: &[u8]| {
    let src: Arc<dyn ReadAt> = Arc::new(data.to_vec());
    let Ok(image) = DiskImage::from_source(src, "fuzz") else { return };
    // Read a few spots of the virtual disk, including its end.
    let size = image.virtual_size();
    let mut buf = vec![0u8; 4096];
    for at in [0, size / 2, size.saturating_sub(100)] {
        let _ = image.disk.read_at(at, &mut buf);
    }
    let Ok(disk) = Disk::from_image(image) else { return };
    for p in disk.table.partitions.iter().take(8) {
        let Ok(vol) = Volume::open(disk.partition_reader(p), p.filesystem, "fuzz") else { continue };
        let _ = vol.label();
        let Ok(entries) = vol.list("\\") else { continue };
        for e in entries.iter().take(16) {
            let path = format!("\\{}", e.name);
            if e.is_dir {
                let _ = vol.list(&path);
            } else if let Ok(f) = vol.open_file(&path) {
                let n = f.size().min(1 << 20) as usize;
                let mut b = vec![0u8; n];
                let _ = f.read_exact_at(0, &mut b);
            }
        }
        let _ = vol.open_file(r"\Windows\System32\config\SYSTEM");
    }
});
