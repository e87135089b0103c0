//! # vmrescue-disk
//!
//! The bottom of vmrescue's read path: a disk **source** (a file or block
//! device, opened read-only), its **image format** detected by content (raw,
//! VHD fixed/dynamic, VHDX, qcow2, VMDK), and its **partition table** (MBR or
//! GPT, 512- or 4096-byte sectors). Everything ends in one positioned read
//! interface, [`ReadAt`]; a partition is a [`Slice`] of the virtual disk.
//!
//! ```no_run
//! use vmrescue_disk::Disk;
//! let disk = Disk::open("osdisk.vhd".as_ref())?;
//! for p in &disk.table.partitions {
//!     println!("{} {} {}", p.index, p.start, p.filesystem.as_str());
//! }
//! # Ok::<(), vmrescue_disk::DiskError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod image;
pub mod partition;
pub mod source;

use std::path::Path;
use std::sync::Arc;

pub use error::{DiskError, Result};
pub use image::{DiskImage, ImageFormat};
pub use partition::{FsKind, Partition, PartitionTable, Scheme};
pub use source::{Cursor, FileSource, ReadAt, ReadStats, Slice};

/// An opened disk: its image and its partition table.
pub struct Disk {
    /// The image (format and virtual disk).
    pub image: DiskImage,
    /// The partitions.
    pub table: PartitionTable,
}

impl Disk {
    /// Opens a disk image or block device read-only and reads its partitions.
    pub fn open(path: &Path) -> Result<Self> {
        Self::from_image(DiskImage::open(path)?)
    }

    /// Reads the partitions of an already opened image.
    pub fn from_image(image: DiskImage) -> Result<Self> {
        let table =
            partition::read_partitions(&*image.disk, &image.name, image.logical_sector_size)?;
        Ok(Self { image, table })
    }

    /// The partition with this index (as shown by `info`), if any.
    pub fn partition(&self, index: u32) -> Option<&Partition> {
        self.table.partitions.iter().find(|p| p.index == index)
    }

    /// A reader over one partition's bytes.
    pub fn partition_reader(&self, p: &Partition) -> Arc<dyn ReadAt> {
        Arc::new(Slice::new(Arc::clone(&self.image.disk), p.start, p.size))
    }
}
