//! MFT file records and INDX records: multi-sector fixups, and attribute
//! headers walked with a bounds check on every field.

use super::le::{u16_at, u32_at, u64_at};

/// Applies the update sequence array of a multi-sector record (FILE or INDX)
/// in place. `sector` is the stride (512 for all NTFS versions in use).
pub fn apply_fixups(buf: &mut [u8], magic: &[u8; 4]) -> Result<(), (usize, String)> {
    if buf.len() < 48 || &buf[0..4] != magic {
        let found = buf
            .get(0..4)
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .unwrap_or_default();
        return Err((
            0,
            format!(
                "signature is {found:?}, expected {:?}",
                String::from_utf8_lossy(magic)
            ),
        ));
    }
    let usa_off = usize::from(u16_at(buf, 4));
    let usa_count = usize::from(u16_at(buf, 6));
    if usa_count == 0 || usa_off + usa_count * 2 > buf.len() || (usa_count - 1) * 512 > buf.len() {
        return Err((
            4,
            format!(
                "update sequence array (offset {usa_off}, {usa_count} entries) does not fit the record"
            ),
        ));
    }
    let usn = [buf[usa_off], buf[usa_off + 1]];
    for i in 1..usa_count {
        let end = i * 512;
        if end > buf.len() {
            break;
        }
        if buf[end - 2..end] != usn {
            return Err((
                end - 2,
                format!(
                    "sector {} of the record fails its update sequence check (torn write or corruption)",
                    i - 1
                ),
            ));
        }
        let fix = [buf[usa_off + i * 2], buf[usa_off + i * 2 + 1]];
        buf[end - 2..end].copy_from_slice(&fix);
    }
    Ok(())
}

/// Attribute type codes.
pub mod ty {
    /// $STANDARD_INFORMATION
    pub const STANDARD_INFORMATION: u32 = 0x10;
    /// $ATTRIBUTE_LIST
    pub const ATTRIBUTE_LIST: u32 = 0x20;
    /// $FILE_NAME
    pub const FILE_NAME: u32 = 0x30;
    /// $VOLUME_NAME
    pub const VOLUME_NAME: u32 = 0x60;
    /// $VOLUME_INFORMATION
    pub const VOLUME_INFORMATION: u32 = 0x70;
    /// $DATA
    pub const DATA: u32 = 0x80;
    /// $INDEX_ROOT
    pub const INDEX_ROOT: u32 = 0x90;
    /// $INDEX_ALLOCATION
    pub const INDEX_ALLOCATION: u32 = 0xa0;
    /// $REPARSE_POINT
    pub const REPARSE_POINT: u32 = 0xc0;
    /// End marker.
    pub const END: u32 = 0xffff_ffff;
}

/// A parsed FILE record (fixups applied).
#[derive(Debug, Clone)]
pub struct FileRecord {
    /// The record's bytes.
    pub data: Vec<u8>,
    /// Its number in the MFT.
    pub number: u64,
    /// Sequence number.
    pub sequence: u16,
    /// In use (flag 0x1).
    pub in_use: bool,
    /// A directory (flag 0x2).
    pub is_directory: bool,
    /// The base record if this is an extension record (0 for a base record).
    pub base: u64,
}

impl FileRecord {
    /// Parses a record read from the MFT.
    pub fn parse(mut data: Vec<u8>, number: u64) -> Result<Self, (usize, String)> {
        apply_fixups(&mut data, b"FILE")?;
        let first = usize::from(u16_at(&data, 20));
        let used = u32_at(&data, 24) as usize;
        if first < 42 || first >= data.len() || used > data.len() {
            return Err((
                20,
                format!("attribute offset {first} or used size {used} is outside the record"),
            ));
        }
        let flags = u16_at(&data, 22);
        Ok(Self {
            sequence: u16_at(&data, 16),
            in_use: flags & 1 != 0,
            is_directory: flags & 2 != 0,
            base: u64_at(&data, 32) & 0x0000_ffff_ffff_ffff,
            data,
            number,
        })
    }

    /// Iterates the attributes of this record.
    pub fn attributes(&self) -> AttrIter<'_> {
        AttrIter {
            rec: &self.data,
            pos: usize::from(u16_at(&self.data, 20)),
            done: false,
        }
    }
}

/// One attribute header within a record.
#[derive(Debug, Clone)]
pub struct Attr<'a> {
    /// Type code.
    pub ty: u32,
    /// Name (UTF-16 units), empty for the unnamed stream.
    pub name: Vec<u16>,
    /// Flags (0x0001 compressed, 0x4000 encrypted, 0x8000 sparse).
    pub flags: u16,
    /// Attribute instance id.
    pub instance: u16,
    /// Offset of the attribute in the record.
    pub offset: usize,
    /// Resident value or non-resident description.
    pub body: AttrBody<'a>,
}

/// The value part of an attribute.
#[derive(Debug, Clone)]
pub enum AttrBody<'a> {
    /// The value is in the record.
    Resident(&'a [u8]),
    /// The value is in clusters described by mapping pairs.
    NonResident {
        /// First VCN this extent maps.
        lowest_vcn: u64,
        /// Last VCN this extent maps.
        highest_vcn: u64,
        /// Mapping pairs.
        runs: &'a [u8],
        /// log2 of the compression unit in clusters (0 = not compressed).
        compression_unit: u8,
        /// Allocated size (valid in the first extent only).
        allocated_size: u64,
        /// Data size (valid in the first extent only).
        data_size: u64,
        /// Initialized size (valid in the first extent only).
        initialized_size: u64,
    },
}

/// Iterator over the attributes of a record. A malformed header ends the
/// walk with an `Err` item naming its offset.
pub struct AttrIter<'a> {
    rec: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Result<Attr<'a>, (usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let p = self.pos;
        let rec = self.rec;
        if p + 8 > rec.len() {
            self.done = true;
            return Some(Err((
                p,
                "attribute header runs past the end of the record".into(),
            )));
        }
        let ty = u32_at(rec, p);
        if ty == ty::END {
            self.done = true;
            return None;
        }
        let len = u32_at(rec, p + 4) as usize;
        if len < 24 || !len.is_multiple_of(8) || p + len > rec.len() {
            self.done = true;
            return Some(Err((
                p + 4,
                format!("attribute of type {ty:#x} has invalid length {len}"),
            )));
        }
        self.pos = p + len;
        let a = &rec[p..p + len];
        let non_resident = a[8] != 0;
        let name_len = usize::from(a[9]);
        let name_off = usize::from(u16_at(a, 10));
        if name_len > 0 && name_off + name_len * 2 > len {
            self.done = true;
            return Some(Err((
                p + 10,
                "attribute name lies outside the attribute".into(),
            )));
        }
        let name = (0..name_len).map(|i| u16_at(a, name_off + i * 2)).collect();
        let body = if non_resident {
            if len < 64 {
                self.done = true;
                return Some(Err((
                    p,
                    "non-resident attribute header is too short".into(),
                )));
            }
            let runs_off = usize::from(u16_at(a, 32));
            if runs_off > len {
                self.done = true;
                return Some(Err((
                    p + 32,
                    format!("mapping pairs offset {runs_off} is outside the attribute"),
                )));
            }
            AttrBody::NonResident {
                lowest_vcn: u64_at(a, 16),
                highest_vcn: u64_at(a, 24),
                runs: &a[runs_off..],
                compression_unit: u16_at(a, 34).min(255) as u8,
                allocated_size: u64_at(a, 40),
                data_size: u64_at(a, 48),
                initialized_size: u64_at(a, 56),
            }
        } else {
            let vlen = u32_at(a, 16) as usize;
            let voff = usize::from(u16_at(a, 20));
            if voff.checked_add(vlen).is_none_or(|e| e > len) {
                self.done = true;
                return Some(Err((
                    p + 16,
                    format!("resident value ({vlen} bytes at {voff}) is outside the attribute"),
                )));
            }
            AttrBody::Resident(&a[voff..voff + vlen])
        };
        Some(Ok(Attr {
            ty,
            name,
            flags: u16_at(a, 12),
            instance: u16_at(a, 14),
            offset: p,
            body,
        }))
    }
}
