//! Finding Windows on a disk: which volume holds an installation
//! (`\Windows\System32\config\SYSTEM`) and where the BCD store is
//! (`\Boot\BCD` on the active NTFS partition of an MBR disk, Gen1;
//! `\EFI\Microsoft\Boot\BCD` on the EFI system partition of a GPT disk, Gen2).

use serde::Serialize;
use vmrescue_disk::{Disk, Scheme};

use crate::Volume;

/// A Windows installation.
#[derive(Debug, Clone, Serialize)]
pub struct WindowsInstall {
    /// The partition index (0 for a bare volume).
    pub partition: u32,
    /// The system root on that volume, e.g. `\Windows`.
    pub path: String,
}

/// The BCD store.
#[derive(Debug, Clone, Serialize)]
pub struct BcdLocation {
    /// The partition index.
    pub partition: u32,
    /// The path on that volume.
    pub path: String,
}

/// What was found.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Layout {
    /// Every Windows installation found (usually one).
    pub installs: Vec<WindowsInstall>,
    /// The BCD store the firmware would use, if found.
    pub bcd: Option<BcdLocation>,
    /// Other BCD stores found.
    pub other_bcd: Vec<BcdLocation>,
    /// Partitions that could not be opened, with the reason.
    pub unreadable: Vec<(u32, String)>,
}

const SYSTEM_HIVE: &str = r"\Windows\System32\config\SYSTEM";
const BCD_BIOS: &str = r"\Boot\BCD";
const BCD_UEFI: &str = r"\EFI\Microsoft\Boot\BCD";

/// Looks at every readable partition for a Windows installation and a BCD store.
pub fn find(disk: &Disk) -> Layout {
    let mut layout = Layout::default();
    let mut bcds = Vec::new();
    for p in &disk.table.partitions {
        if !(p.filesystem == vmrescue_disk::FsKind::Ntfs
            || p.filesystem.is_fat()
            || p.filesystem == vmrescue_disk::FsKind::Bitlocker)
        {
            continue;
        }
        let name = format!("{} partition {}", disk.image.name, p.index);
        let vol = match Volume::open(disk.partition_reader(p), p.filesystem, &name) {
            Ok(v) => v,
            Err(e) => {
                layout.unreadable.push((p.index, e.to_string()));
                continue;
            }
        };
        if vol.exists(SYSTEM_HIVE) {
            layout.installs.push(WindowsInstall {
                partition: p.index,
                path: r"\Windows".into(),
            });
        }
        for path in [BCD_UEFI, BCD_BIOS] {
            if vol.exists(path) {
                bcds.push((p.clone(), path));
            }
        }
    }
    // The store the firmware uses: the ESP's on GPT, the active partition's on MBR.
    let preferred = bcds.iter().position(|(p, path)| match disk.table.scheme {
        Scheme::Gpt => *path == BCD_UEFI && p.type_name == Some("EFI system partition"),
        Scheme::Mbr => *path == BCD_BIOS && p.active,
        Scheme::None => true,
    });
    let preferred = preferred.or(if bcds.is_empty() { None } else { Some(0) });
    for (i, (p, path)) in bcds.into_iter().enumerate() {
        let loc = BcdLocation {
            partition: p.index,
            path: path.into(),
        };
        if Some(i) == preferred {
            layout.bcd = Some(loc);
        } else {
            layout.other_bcd.push(loc);
        }
    }
    layout
}
