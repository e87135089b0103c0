//! Key values ("vk"), their data (inline, in a cell, or in "db" big data
//! segments) and decoding by type.

use std::borrow::Cow;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{Hive, u16_at, u32_at};
use crate::error::{Problem, RegistryError, Result, show_bytes};
use crate::text;

/// Largest data size stored in one cell when big data is enabled (hive
/// version 1.4+), and the size of every big data segment but the last.
pub const BIG_DATA_SEGMENT: u32 = 16344;

/// A registry value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// REG_NONE (0).
    None,
    /// REG_SZ (1).
    Sz,
    /// REG_EXPAND_SZ (2).
    ExpandSz,
    /// REG_BINARY (3).
    Binary,
    /// REG_DWORD (4).
    Dword,
    /// REG_DWORD_BIG_ENDIAN (5).
    DwordBigEndian,
    /// REG_LINK (6).
    Link,
    /// REG_MULTI_SZ (7).
    MultiSz,
    /// REG_RESOURCE_LIST (8).
    ResourceList,
    /// REG_FULL_RESOURCE_DESCRIPTOR (9).
    FullResourceDescriptor,
    /// REG_RESOURCE_REQUIREMENTS_LIST (10).
    ResourceRequirementsList,
    /// REG_QWORD (11).
    Qword,
    /// Any other type (e.g. device property types 0xFFFF00xx), kept raw.
    Unknown(u32),
}

impl ValueType {
    /// From the raw 32-bit type.
    pub fn from_raw(t: u32) -> ValueType {
        match t {
            0 => ValueType::None,
            1 => ValueType::Sz,
            2 => ValueType::ExpandSz,
            3 => ValueType::Binary,
            4 => ValueType::Dword,
            5 => ValueType::DwordBigEndian,
            6 => ValueType::Link,
            7 => ValueType::MultiSz,
            8 => ValueType::ResourceList,
            9 => ValueType::FullResourceDescriptor,
            10 => ValueType::ResourceRequirementsList,
            11 => ValueType::Qword,
            t => ValueType::Unknown(t),
        }
    }

    /// The raw 32-bit type.
    pub fn raw(self) -> u32 {
        match self {
            ValueType::None => 0,
            ValueType::Sz => 1,
            ValueType::ExpandSz => 2,
            ValueType::Binary => 3,
            ValueType::Dword => 4,
            ValueType::DwordBigEndian => 5,
            ValueType::Link => 6,
            ValueType::MultiSz => 7,
            ValueType::ResourceList => 8,
            ValueType::FullResourceDescriptor => 9,
            ValueType::ResourceRequirementsList => 10,
            ValueType::Qword => 11,
            ValueType::Unknown(t) => t,
        }
    }

    /// The Windows name (`"REG_SZ"`), or `None` for unknown types.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            ValueType::None => "REG_NONE",
            ValueType::Sz => "REG_SZ",
            ValueType::ExpandSz => "REG_EXPAND_SZ",
            ValueType::Binary => "REG_BINARY",
            ValueType::Dword => "REG_DWORD",
            ValueType::DwordBigEndian => "REG_DWORD_BIG_ENDIAN",
            ValueType::Link => "REG_LINK",
            ValueType::MultiSz => "REG_MULTI_SZ",
            ValueType::ResourceList => "REG_RESOURCE_LIST",
            ValueType::FullResourceDescriptor => "REG_FULL_RESOURCE_DESCRIPTOR",
            ValueType::ResourceRequirementsList => "REG_RESOURCE_REQUIREMENTS_LIST",
            ValueType::Qword => "REG_QWORD",
            ValueType::Unknown(_) => return None,
        })
    }
}

impl std::fmt::Display for ValueType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{:#010x}", self.raw()),
        }
    }
}

impl Serialize for ValueType {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Decoded value data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueData {
    /// REG_NONE: raw bytes.
    None(Vec<u8>),
    /// REG_SZ, up to the first NUL.
    Sz(String),
    /// REG_EXPAND_SZ, up to the first NUL (not expanded).
    ExpandSz(String),
    /// REG_BINARY.
    Binary(Vec<u8>),
    /// REG_DWORD (first 4 bytes, little-endian).
    Dword(u32),
    /// REG_DWORD_BIG_ENDIAN (first 4 bytes, big-endian).
    DwordBigEndian(u32),
    /// REG_LINK target, up to the first NUL.
    Link(String),
    /// REG_MULTI_SZ strings (empty strings inside the list are kept).
    MultiSz(Vec<String>),
    /// REG_RESOURCE_LIST: raw bytes.
    ResourceList(Vec<u8>),
    /// REG_FULL_RESOURCE_DESCRIPTOR: raw bytes.
    FullResourceDescriptor(Vec<u8>),
    /// REG_RESOURCE_REQUIREMENTS_LIST: raw bytes.
    ResourceRequirementsList(Vec<u8>),
    /// REG_QWORD (first 8 bytes, little-endian).
    Qword(u64),
    /// A DWORD or QWORD whose data is too short: raw bytes kept.
    Malformed {
        /// The declared type.
        value_type: ValueType,
        /// The data as stored.
        raw: Vec<u8>,
    },
    /// An unknown type: raw bytes kept.
    Unknown {
        /// The raw type.
        raw_type: u32,
        /// The data as stored.
        raw: Vec<u8>,
    },
}

impl ValueData {
    /// Decodes raw data according to a type.
    pub fn decode(t: ValueType, d: &[u8]) -> ValueData {
        match t {
            ValueType::None => ValueData::None(d.to_vec()),
            ValueType::Sz => ValueData::Sz(text::utf16z_lossy(d)),
            ValueType::ExpandSz => ValueData::ExpandSz(text::utf16z_lossy(d)),
            ValueType::Binary => ValueData::Binary(d.to_vec()),
            ValueType::Dword | ValueType::DwordBigEndian if d.len() < 4 => ValueData::Malformed {
                value_type: t,
                raw: d.to_vec(),
            },
            ValueType::Dword => ValueData::Dword(u32_at(d, 0)),
            ValueType::DwordBigEndian => {
                ValueData::DwordBigEndian(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
            }
            ValueType::Link => ValueData::Link(text::utf16z_lossy(d)),
            ValueType::MultiSz => ValueData::MultiSz(text::multi_sz(d)),
            ValueType::ResourceList => ValueData::ResourceList(d.to_vec()),
            ValueType::FullResourceDescriptor => ValueData::FullResourceDescriptor(d.to_vec()),
            ValueType::ResourceRequirementsList => ValueData::ResourceRequirementsList(d.to_vec()),
            ValueType::Qword if d.len() < 8 => ValueData::Malformed {
                value_type: t,
                raw: d.to_vec(),
            },
            ValueType::Qword => ValueData::Qword(super::u64_at(d, 0)),
            ValueType::Unknown(raw_type) => ValueData::Unknown {
                raw_type,
                raw: d.to_vec(),
            },
        }
    }

    /// The type this data was decoded as.
    pub fn value_type(&self) -> ValueType {
        match self {
            ValueData::None(_) => ValueType::None,
            ValueData::Sz(_) => ValueType::Sz,
            ValueData::ExpandSz(_) => ValueType::ExpandSz,
            ValueData::Binary(_) => ValueType::Binary,
            ValueData::Dword(_) => ValueType::Dword,
            ValueData::DwordBigEndian(_) => ValueType::DwordBigEndian,
            ValueData::Link(_) => ValueType::Link,
            ValueData::MultiSz(_) => ValueType::MultiSz,
            ValueData::ResourceList(_) => ValueType::ResourceList,
            ValueData::FullResourceDescriptor(_) => ValueType::FullResourceDescriptor,
            ValueData::ResourceRequirementsList(_) => ValueType::ResourceRequirementsList,
            ValueData::Qword(_) => ValueType::Qword,
            ValueData::Malformed { value_type, .. } => *value_type,
            ValueData::Unknown { raw_type, .. } => ValueType::Unknown(*raw_type),
        }
    }
}

/// Lower-case hex of bytes.
pub fn hex(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(H[usize::from(x >> 4)] as char);
        s.push(H[usize::from(x & 15)] as char);
    }
    s
}

/// Serialized as `{"type": "REG_SZ", "value": ...}`; bytes as lower-case hex.
impl Serialize for ValueData {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ValueData", 2)?;
        st.serialize_field("type", &self.value_type())?;
        match self {
            ValueData::None(b)
            | ValueData::Binary(b)
            | ValueData::ResourceList(b)
            | ValueData::FullResourceDescriptor(b)
            | ValueData::ResourceRequirementsList(b)
            | ValueData::Malformed { raw: b, .. }
            | ValueData::Unknown { raw: b, .. } => st.serialize_field("value", &hex(b))?,
            ValueData::Sz(t) | ValueData::ExpandSz(t) | ValueData::Link(t) => {
                st.serialize_field("value", t)?
            }
            ValueData::Dword(v) | ValueData::DwordBigEndian(v) => st.serialize_field("value", v)?,
            ValueData::Qword(v) => st.serialize_field("value", v)?,
            ValueData::MultiSz(v) => st.serialize_field("value", v)?,
        }
        st.end()
    }
}

/// Where a value's data is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataLocation {
    /// No data (size 0).
    Empty,
    /// Up to 4 bytes kept in the vk cell itself.
    Inline,
    /// One data cell.
    Cell {
        /// Offset of the data cell.
        offset: u32,
    },
    /// A "db" big data record and its segments.
    BigData {
        /// Offset of the db cell.
        offset: u32,
        /// Offset of the segment list cell.
        list: u32,
        /// Offsets of the segment cells, in order.
        segments: Vec<u32>,
    },
}

/// A key value. Borrows from the hive; cheap to copy.
#[derive(Clone, Copy)]
pub struct Value<'h> {
    hive: &'h Hive,
    offset: u32,
    name_raw: &'h [u8],
    size_raw: u32,
    data_offset: u32,
    data_type: u32,
    flags: u16,
    inline: [u8; 4],
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Value")
            .field("offset", &format_args!("{:#x}", self.offset))
            .field("name", &self.name())
            .field("type", &self.value_type())
            .field("size", &self.data_size())
            .finish()
    }
}

/// A serializable description of a value with its decoded data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueInfo {
    /// Name (`""` for the default value).
    pub name: String,
    /// Type.
    pub value_type: ValueType,
    /// Data size in bytes.
    pub size: u32,
    /// Decoded data.
    pub data: ValueData,
    /// Offset of the vk cell.
    pub offset: u32,
}

impl<'h> Value<'h> {
    /// A serializable description with decoded data.
    pub fn info(&self) -> Result<ValueInfo> {
        Ok(ValueInfo {
            name: self.name().into_owned(),
            value_type: self.value_type(),
            size: self.data_size(),
            data: self.decoded()?,
            offset: self.offset,
        })
    }

    pub(crate) fn parse(hive: &'h Hive, offset: u32) -> Result<Value<'h>> {
        let c = hive.cell(offset, "vk")?;
        let err = |problem| RegistryError::Cell {
            structure: "vk",
            offset,
            problem,
        };
        if c.len() < 20 {
            return Err(err(Problem::Truncated {
                needed: 20,
                available: c.len() as u64,
            }));
        }
        if &c[0..2] != b"vk" {
            return Err(err(Problem::BadSignature {
                expected: "vk",
                found: show_bytes(&c[0..2]),
            }));
        }
        let name_len = usize::from(u16_at(c, 2));
        if 20 + name_len > c.len() {
            return Err(err(Problem::Truncated {
                needed: (20 + name_len) as u64,
                available: c.len() as u64,
            }));
        }
        let mut inline = [0u8; 4];
        inline.copy_from_slice(&c[8..12]);
        Ok(Value {
            hive,
            offset,
            name_raw: &c[20..20 + name_len],
            size_raw: u32_at(c, 4),
            data_offset: u32_at(c, 8),
            data_type: u32_at(c, 12),
            flags: u16_at(c, 16),
            inline,
        })
    }

    /// Offset of the vk cell.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// The name (`""` for the default value).
    pub fn name(&self) -> Cow<'h, str> {
        text::decode_name(self.name_raw, self.is_name_compressed())
    }

    /// The name bytes as stored.
    pub fn name_raw(&self) -> &'h [u8] {
        self.name_raw
    }

    /// True when the name is stored one byte per character.
    pub fn is_name_compressed(&self) -> bool {
        self.flags & 1 != 0
    }

    /// True for the unnamed default value.
    pub fn is_default(&self) -> bool {
        self.name_raw.is_empty()
    }

    /// Case-insensitive name comparison.
    pub fn name_eq(&self, name: &str) -> bool {
        text::name_eq(self.name_raw, self.is_name_compressed(), name)
    }

    /// The raw 32-bit type.
    pub fn raw_type(&self) -> u32 {
        self.data_type
    }

    /// The type.
    pub fn value_type(&self) -> ValueType {
        ValueType::from_raw(self.data_type)
    }

    /// Data size in bytes (without the inline flag).
    pub fn data_size(&self) -> u32 {
        self.size_raw & 0x7FFF_FFFF
    }

    /// True when the data is stored in the vk cell (high bit of the size).
    pub fn is_inline(&self) -> bool {
        self.size_raw & 0x8000_0000 != 0
    }

    /// The data offset field as stored.
    pub fn data_offset(&self) -> u32 {
        self.data_offset
    }

    fn err(&self, structure: &'static str, offset: u32, problem: Problem) -> RegistryError {
        RegistryError::Cell {
            structure,
            offset,
            problem,
        }
    }

    /// Where the data is stored, after checking the cells exist.
    pub fn data_location(&self) -> Result<DataLocation> {
        let size = self.data_size();
        if self.is_inline() {
            if size > 4 {
                return Err(self.err(
                    "vk",
                    self.offset,
                    Problem::InvalidField {
                        field: "inline data size",
                        value: u64::from(size),
                    },
                ));
            }
            return Ok(DataLocation::Inline);
        }
        if size == 0 {
            return Ok(DataLocation::Empty);
        }
        let c = self.hive.cell(self.data_offset, "value data")?;
        let big = c.len() >= 4
            && &c[0..2] == b"db"
            && (c.len() < size as usize
                || (self.hive.minor_version() >= 4 && size > BIG_DATA_SEGMENT));
        if !big {
            if (c.len() as u64) < u64::from(size) {
                return Err(self.err(
                    "value data",
                    self.data_offset,
                    Problem::Truncated {
                        needed: u64::from(size),
                        available: c.len() as u64,
                    },
                ));
            }
            return Ok(DataLocation::Cell {
                offset: self.data_offset,
            });
        }
        let count = u32::from(u16_at(c, 2));
        let list_off = u32_at(c, 4);
        let list = self.hive.cell(list_off, "big data segment list")?;
        let need = u64::from(count) * 4;
        if need > list.len() as u64 {
            return Err(self.err(
                "big data segment list",
                list_off,
                Problem::TooMany {
                    what: "big data segments",
                    count: u64::from(count),
                    limit: (list.len() / 4) as u64,
                },
            ));
        }
        let expected = size.div_ceil(BIG_DATA_SEGMENT);
        if count < expected {
            return Err(self.err(
                "db",
                self.data_offset,
                Problem::CountMismatch {
                    what: "big data segments",
                    expected: u64::from(expected),
                    found: u64::from(count),
                },
            ));
        }
        let segments = (0..expected as usize)
            .map(|i| u32_at(list, 4 * i))
            .collect();
        Ok(DataLocation::BigData {
            offset: self.data_offset,
            list: list_off,
            segments,
        })
    }

    /// The data bytes (borrowed unless assembled from big data segments).
    pub fn data(&self) -> Result<Cow<'h, [u8]>> {
        let size = self.data_size() as usize;
        match self.data_location()? {
            DataLocation::Empty => Ok(Cow::Borrowed(&[])),
            DataLocation::Inline => {
                // The inline bytes live in the vk cell; copy the (<= 4) bytes.
                Ok(Cow::Owned(self.inline[..size].to_vec()))
            }
            DataLocation::Cell { offset } => {
                let c = self.hive.cell(offset, "value data")?;
                Ok(Cow::Borrowed(&c[..size]))
            }
            DataLocation::BigData { segments, .. } => {
                // Data cannot be larger than the hive that holds it.
                let limit = self.hive.hive_bins_data().len();
                if size > limit {
                    return Err(self.err(
                        "db",
                        self.data_offset,
                        Problem::InvalidField {
                            field: "big data size (larger than the hive)",
                            value: size as u64,
                        },
                    ));
                }
                let mut out = Vec::with_capacity(size);
                for seg in segments {
                    let c = self.hive.cell(seg, "big data segment")?;
                    let take = (size - out.len()).min(BIG_DATA_SEGMENT as usize);
                    if c.len() < take {
                        return Err(self.err(
                            "big data segment",
                            seg,
                            Problem::Truncated {
                                needed: take as u64,
                                available: c.len() as u64,
                            },
                        ));
                    }
                    out.extend_from_slice(&c[..take]);
                }
                Ok(Cow::Owned(out))
            }
        }
    }

    /// The data decoded by type.
    pub fn decoded(&self) -> Result<ValueData> {
        Ok(ValueData::decode(self.value_type(), &self.data()?))
    }

    fn wrong_type(&self, expected: &'static str) -> RegistryError {
        self.err(
            "vk",
            self.offset,
            Problem::WrongType {
                expected,
                found: self.data_type,
            },
        )
    }

    /// REG_SZ, REG_EXPAND_SZ or REG_LINK text (up to the first NUL).
    pub fn string(&self) -> Result<String> {
        match self.value_type() {
            ValueType::Sz | ValueType::ExpandSz | ValueType::Link => {
                Ok(text::utf16z_lossy(&self.data()?))
            }
            _ => Err(self.wrong_type("REG_SZ, REG_EXPAND_SZ or REG_LINK")),
        }
    }

    /// REG_DWORD (or REG_DWORD_BIG_ENDIAN) as a number.
    pub fn dword(&self) -> Result<u32> {
        let t = self.value_type();
        if !matches!(t, ValueType::Dword | ValueType::DwordBigEndian) {
            return Err(self.wrong_type("REG_DWORD"));
        }
        match ValueData::decode(t, &self.data()?) {
            ValueData::Dword(v) | ValueData::DwordBigEndian(v) => Ok(v),
            _ => Err(self.err(
                "vk",
                self.offset,
                Problem::WrongSize {
                    expected: "4",
                    found: u64::from(self.data_size()),
                },
            )),
        }
    }

    /// REG_QWORD as a number.
    pub fn qword(&self) -> Result<u64> {
        if self.value_type() != ValueType::Qword {
            return Err(self.wrong_type("REG_QWORD"));
        }
        match ValueData::decode(ValueType::Qword, &self.data()?) {
            ValueData::Qword(v) => Ok(v),
            _ => Err(self.err(
                "vk",
                self.offset,
                Problem::WrongSize {
                    expected: "8",
                    found: u64::from(self.data_size()),
                },
            )),
        }
    }

    /// REG_MULTI_SZ strings.
    pub fn multi_string(&self) -> Result<Vec<String>> {
        if self.value_type() != ValueType::MultiSz {
            return Err(self.wrong_type("REG_MULTI_SZ"));
        }
        Ok(text::multi_sz(&self.data()?))
    }
}
