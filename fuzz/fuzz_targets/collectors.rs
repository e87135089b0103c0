//! Fuzz the evidence collectors and the rules on a real disk whose files are
//! damaged. The template is the bundled example disk
//! (`examples/broken-vm-0xc000021a.qcow2`: hives with logs, event logs,
//! pending.xml, CBS.log, the critical PE files, MEMORY.DMP and pagefile.sys),
//! or the image `VMRESCUE_FUZZ_TEMPLATE` names (a scenario disk such as
//! `fixtures/out/scenarios/scenario-third-party-driver.raw` adds the WinSxS
//! component folders with their hard links, a minifilter driver, its
//! oem*.inf and a credential provider DLL, and the $MFT itself), read once
//! into memory. The input's first byte picks one of those files,
//! the next four an offset inside it, and the rest overwrites the file's bytes
//! there in place (sizes and NTFS metadata stay, as when a file's content is
//! damaged on a real disk). `collect` and `diagnose` must end with a
//! diagnosis — no panic, bounded time and memory — whatever the file holds.
#![no_main]

use std::io;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use vmrescue_artifacts::Installation;
use vmrescue_disk::{Disk, DiskImage, ReadAt};

/// The files the collectors read, as found on the template.
const TARGETS: &[&str] = &[
    r"\Windows\System32\config\SYSTEM",
    r"\Windows\System32\config\SYSTEM.LOG1",
    r"\Windows\System32\config\SOFTWARE",
    r"\Windows\System32\winevt\Logs\System.evtx",
    r"\Windows\System32\winevt\Logs\Setup.evtx",
    r"\Windows\System32\winevt\Logs\Application.evtx",
    r"\Windows\WinSxS\pending.xml",
    r"\Windows\Logs\CBS\CBS.log",
    r"\Windows\System32\csrss.exe",
    r"\Windows\System32\winsrv.dll",
    r"\Windows\System32\ntdll.dll",
    r"\Windows\MEMORY.DMP",
    r"\pagefile.sys",
    r"\Windows\System32\config\COMPONENTS",
    r"\Windows\System32\drivers\contosoflt.sys",
    r"\Windows\INF\oem42.inf",
    r"\Windows\System32\ContosoCP.dll",
    r"\$MFT",
];

struct Template {
    raw: Vec<u8>,
    /// (disk offset, length) of each target file, when it is stored contiguously.
    files: Vec<(u64, u64)>,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        let path = std::env::var_os("VMRESCUE_FUZZ_TEMPLATE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../examples/broken-vm-0xc000021a.qcow2")
            });
        let image = DiskImage::open(&path).expect("the template disk");
        let mut raw = vec![0u8; image.virtual_size() as usize];
        image.disk.read_exact_at(0, &mut raw).expect("read the example");
        let raw_src: Arc<dyn ReadAt> = Arc::new(raw.clone());
        let inst = Installation::from_disk(
            Disk::from_image(DiskImage::from_source(raw_src, "template").unwrap()).unwrap(),
            None,
        )
        .expect("Windows on the example");
        let mut files = Vec::new();
        for t in TARGETS {
            let Ok(f) = inst.open_file(t) else { continue };
            let len = f.size();
            let mut content = vec![0u8; len as usize];
            if len < 256 || f.read_exact_at(0, &mut content).is_err() {
                continue;
            }
            // ntfs-3g stored it in one run: find its first 4 KiB and check the rest.
            let head = &content[..content.len().min(4096)];
            let Some(at) = memchr::memmem::find(&raw, head) else { continue };
            if raw.get(at..at + len as usize) == Some(&content[..]) {
                files.push((at as u64, len));
            }
        }
        assert!(files.len() >= 6, "too few contiguous files on the template: {}", files.len());
        Template { raw, files }
    })
}

/// The template with one range overwritten.
struct Overlay {
    base: &'static [u8],
    at: u64,
    patch: Vec<u8>,
}

impl ReadAt for Overlay {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.base.read_at(offset, buf)?;
        let end = offset + n as u64;
        let (p0, p1) = (self.at, self.at + self.patch.len() as u64);
        let (s, e) = (offset.max(p0), end.min(p1));
        if s < e {
            buf[(s - offset) as usize..(e - offset) as usize]
                .copy_from_slice(&self.patch[(s - p0) as usize..(e - p0) as usize]);
        }
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.base.len() as u64
    }
}

fuzz_target!(|data: &[u8]| {
    let t = template();
    let [pick, a, b, c, d, rest @ ..] = data else { return };
    let (file_at, len) = t.files[*pick as usize % t.files.len()];
    let off = u64::from(u32::from_le_bytes([*a, *b, *c, *d])) % len;
    let n = (rest.len() as u64).min(len - off) as usize;
    let src: Arc<dyn ReadAt> = Arc::new(Overlay {
        base: &t.raw,
        at: file_at + off,
        patch: rest[..n].to_vec(),
    });
    let Ok(image) = DiskImage::from_source(src, "fuzz") else { return };
    let Ok(disk) = Disk::from_image(image) else { return };
    let Ok(inst) = Installation::from_disk(disk, None) else { return };
    let ev = vmrescue_evidence::collect(&inst, &vmrescue_evidence::Options { ram: Some(8 << 30) });
    let d = vmrescue_diagnose::diagnose(&[("fuzz".into(), ev)]);
    let _ = vmrescue_report::json(&d);
});
