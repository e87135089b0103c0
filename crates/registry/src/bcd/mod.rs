//! Boot Configuration Data (BCD) stores, decoded like `bcdedit /enum all /v`.
//!
//! A BCD store is a registry hive: `Objects\{GUID}\Description\Type` gives
//! the object type and `Objects\{GUID}\Elements\<8 hex digits>\Element` the
//! elements. Element ids encode `class << 28 | format << 24 | subtype`; the
//! format says how the `Element` value is stored (device: binary; string:
//! REG_SZ; object: REG_SZ GUID; object list: REG_MULTI_SZ; integer: 8-byte
//! binary; boolean: 1-byte binary; integer list: binary of 8-byte numbers).
//! Unknown elements and undecodable data are kept raw (hex), never dropped.
//!
//! Device elements are stored as a 16-byte "additional options" GUID
//! followed by a device descriptor `{type, flags, size, reserved}` and its
//! body (ReactOS `bl.h` BL_DEVICE_DESCRIPTOR; device types there: 5 boot,
//! 6 partition, 0 local disk). Decoded: partition (GPT partition and disk
//! GUIDs, or MBR partition offset and disk signature), ramdisk (local type
//! 3: image base/size/offset, then a file path `{version, length, type}`
//! holding the container device and the UTF-16 image path), boot, and file
//! (local type 5, same file-path layout). GPT partition and ramdisk layouts
//! were checked byte by byte against regipy's BCD fixture; MBR partitions,
//! boot and file devices have no fixture (layout from ReactOS and a
//! community BCD parser). Other device types (e.g. locate, VMBus) are kept
//! raw.

mod names;

use serde::Serialize;

pub use names::{WELL_KNOWN, alias_of, element_name, guid_of_alias, integer_meaning};

use crate::error::{Problem, RegistryError, Result, shorten};
use crate::hive::{Hive, Key, ValueType, hex, u32_at, u64_at};
use crate::{FileTime, text};

/// Element id of `description`.
pub const DESCRIPTION: u32 = 0x1200_0004;
/// Element id of `device` (application device).
pub const APPLICATION_DEVICE: u32 = 0x1100_0001;
/// Element id of `path` (application path).
pub const APPLICATION_PATH: u32 = 0x1200_0002;
/// Element id of the boot manager's `default` object.
pub const BOOTMGR_DEFAULT: u32 = 0x2300_0003;
/// Element id of the boot manager's `displayorder`.
pub const BOOTMGR_DISPLAY_ORDER: u32 = 0x2400_0001;
/// Element id of the boot manager's `timeout`.
pub const BOOTMGR_TIMEOUT: u32 = 0x2500_0004;
/// Element id of the boot manager's `displaybootmenu`.
pub const BOOTMGR_DISPLAY_BOOT_MENU: u32 = 0x2600_0020;
/// Element id of `bootems` (library: EMS for boot applications).
pub const LIBRARY_BOOT_EMS: u32 = 0x1600_0020;
/// Element id of `emsport` (in `{emssettings}`).
pub const LIBRARY_EMS_PORT: u32 = 0x1500_0022;
/// Element id of `emsbaudrate` (in `{emssettings}`).
pub const LIBRARY_EMS_BAUD_RATE: u32 = 0x1500_0023;
/// Element id of `recoveryenabled`.
pub const LIBRARY_RECOVERY_ENABLED: u32 = 0x1600_0009;
/// Element id of `badmemorylist` (in `{badmemory}`).
pub const LIBRARY_BAD_MEMORY_LIST: u32 = 0x1700_000a;
/// Element id of the OS loader's `osdevice`.
pub const OSLOADER_OS_DEVICE: u32 = 0x2100_0001;
/// Element id of the OS loader's `systemroot`.
pub const OSLOADER_SYSTEM_ROOT: u32 = 0x2200_0002;
/// Element id of the OS loader's `nx`.
pub const OSLOADER_NX: u32 = 0x2500_0020;
/// Element id of the OS loader's `safeboot`.
pub const OSLOADER_SAFEBOOT: u32 = 0x2500_0080;
/// Element id of the OS loader's `ems`.
pub const OSLOADER_EMS: u32 = 0x2600_00b0;
/// Element id of the OS loader's `bootstatuspolicy`.
pub const OSLOADER_BOOT_STATUS_POLICY: u32 = 0x2500_00e0;

/// Application type (low 20 bits of an application object's type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum ApplicationType {
    /// 1: firmware boot manager (`{fwbootmgr}`).
    FirmwareBootManager,
    /// 2: Windows Boot Manager (`{bootmgr}`).
    WindowsBootManager,
    /// 3: Windows Boot Loader (winload).
    WindowsBootLoader,
    /// 4: Resume from Hibernate (winresume).
    WindowsResume,
    /// 5: Windows Memory Tester (memtest).
    MemoryTester,
    /// 6: legacy NTLDR.
    LegacyNtldr,
    /// 7: legacy setup loader.
    LegacySetupldr,
    /// 8: boot sector.
    BootSector,
    /// 9: startup module.
    StartupModule,
    /// 10: generic application.
    GenericApplication,
    /// 0xFFFFF: a firmware entry mirrored from UEFI variables
    /// (bcdedit: "Firmware Application (101fffff)").
    FirmwareApplication,
    /// Anything else.
    Other(u32),
}

impl ApplicationType {
    /// From the low 20 bits of an object type.
    pub fn from_code(c: u32) -> ApplicationType {
        match c {
            1 => ApplicationType::FirmwareBootManager,
            2 => ApplicationType::WindowsBootManager,
            3 => ApplicationType::WindowsBootLoader,
            4 => ApplicationType::WindowsResume,
            5 => ApplicationType::MemoryTester,
            6 => ApplicationType::LegacyNtldr,
            7 => ApplicationType::LegacySetupldr,
            8 => ApplicationType::BootSector,
            9 => ApplicationType::StartupModule,
            10 => ApplicationType::GenericApplication,
            0xF_FFFF => ApplicationType::FirmwareApplication,
            c => ApplicationType::Other(c),
        }
    }
}

/// Image type of an application object (bits 20..24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum ImageType {
    /// 1: firmware application.
    Firmware,
    /// 2: boot application.
    BootApplication,
    /// 3: legacy loader.
    LegacyLoader,
    /// 4: real-mode code.
    RealMode,
    /// Anything else.
    Other(u32),
}

/// Class of an inheritable settings object (bits 20..24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum InheritClass {
    /// 1: library settings, usable by any application.
    Library,
    /// 2: settings of one application type.
    Application,
    /// 3: device settings.
    Device,
    /// Anything else.
    Other(u32),
}

/// What an object is, from `Description\Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectKind {
    /// 0x1xxxxxxx: a boot application.
    Application {
        /// Image type.
        image: ImageType,
        /// Application type.
        application: ApplicationType,
    },
    /// 0x2xxxxxxx: inheritable settings (`{globalsettings}`, ...).
    Inherit {
        /// Inherit class.
        class: InheritClass,
        /// For application-class settings, the application type they serve.
        application: Option<ApplicationType>,
    },
    /// 0x3xxxxxxx: device options (e.g. ramdisk options).
    Device,
    /// Anything else (or no readable type).
    Unknown,
}

impl ObjectKind {
    /// Decodes an object type.
    pub fn from_type(t: u32) -> ObjectKind {
        let low = t & 0xF_FFFF;
        let mid = (t >> 20) & 0xF;
        match t >> 28 {
            1 => ObjectKind::Application {
                image: match mid {
                    1 => ImageType::Firmware,
                    2 => ImageType::BootApplication,
                    3 => ImageType::LegacyLoader,
                    4 => ImageType::RealMode,
                    m => ImageType::Other(m),
                },
                application: ApplicationType::from_code(low),
            },
            2 => {
                let class = match mid {
                    1 => InheritClass::Library,
                    2 => InheritClass::Application,
                    3 => InheritClass::Device,
                    m => InheritClass::Other(m),
                };
                ObjectKind::Inherit {
                    class,
                    application: (class == InheritClass::Application)
                        .then(|| ApplicationType::from_code(low)),
                }
            }
            3 => ObjectKind::Device,
            _ => ObjectKind::Unknown,
        }
    }

    /// The application type whose class-2 elements apply to this object.
    pub fn application(&self) -> Option<ApplicationType> {
        match self {
            ObjectKind::Application { application, .. } => Some(*application),
            ObjectKind::Inherit { application, .. } => *application,
            _ => None,
        }
    }
}

/// A reference to an object by GUID, with its well-known alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    /// The GUID in braces, lower-case.
    pub id: String,
    /// bcdedit alias such as `{bootmgr}`, for well-known objects.
    pub alias: Option<&'static str>,
}

impl ObjectRef {
    fn new(id: &str) -> ObjectRef {
        let id = id.trim().to_ascii_lowercase();
        ObjectRef {
            alias: alias_of(&id),
            id,
        }
    }
}

/// Where a partition is, as a BCD device element records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum PartitionLocation {
    /// GPT disk: the partition's unique GUID and the disk GUID.
    Gpt {
        /// GPT partition unique GUID.
        partition_guid: String,
        /// GPT disk GUID.
        disk_guid: String,
    },
    /// MBR disk: the partition's byte offset and the disk signature.
    Mbr {
        /// Partition start in bytes.
        partition_offset: u64,
        /// MBR disk signature (offset 0x1B8 of the MBR).
        disk_signature: u32,
    },
    /// Another partition style: raw body.
    Other {
        /// The style value.
        style_value: u32,
        /// The descriptor body, hex.
        raw: String,
    },
}

/// A decoded device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Device {
    /// `boot`: the device the boot manager was loaded from.
    Boot,
    /// `partition=`.
    Partition {
        /// Where the partition is.
        location: PartitionLocation,
    },
    /// `ramdisk=[container]path`: an image file (e.g. Winre.wim) on another device.
    Ramdisk {
        /// The device holding the image.
        container: Box<Device>,
        /// Path of the image on that device.
        path: String,
    },
    /// `file=[container]path` (e.g. a VHD).
    File {
        /// The device holding the file.
        container: Box<Device>,
        /// Path of the file.
        path: String,
    },
    /// Not decoded: raw descriptor.
    Unknown {
        /// Descriptor device type.
        device_type: u32,
        /// The descriptor, hex.
        raw: String,
    },
}

/// A device element: the device plus its additional options object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceElement {
    /// The additional options object (e.g. ramdisk options), when not zero.
    pub options: Option<ObjectRef>,
    /// The device.
    pub device: Device,
}

/// A decoded element value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "format", content = "value", rename_all = "snake_case")]
pub enum ElementValue {
    /// Format 1.
    Device(DeviceElement),
    /// Format 2.
    String(String),
    /// Format 3.
    Object(ObjectRef),
    /// Format 4.
    ObjectList(Vec<ObjectRef>),
    /// Format 5, with the bcdedit name of the value for enumerations.
    Integer {
        /// The number.
        value: u64,
        /// bcdedit's name for it (e.g. `"IgnoreAllFailures"`), if an enumeration.
        meaning: Option<&'static str>,
    },
    /// Format 6.
    Boolean(bool),
    /// Format 7.
    IntegerList(Vec<u64>),
    /// Anything not decodable: the registry value as stored.
    Raw {
        /// Registry type of the `Element` value.
        reg_type: ValueType,
        /// Data, hex.
        data: String,
    },
}

/// One element of an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Element {
    /// The element id (e.g. 0x12000004).
    pub id: u32,
    /// The id as bcdedit's `custom:` form, e.g. `"12000004"`.
    pub id_hex: String,
    /// bcdedit's friendly name (`"description"`), `None` if bcdedit would
    /// show `custom:<id>`.
    pub name: Option<&'static str>,
    /// The value.
    pub value: ElementValue,
}

/// One BCD object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Object {
    /// Identifier and alias.
    #[serde(flatten)]
    pub id: ObjectRef,
    /// True for the boot manager's default object (bcdedit's `{default}`).
    pub is_default: bool,
    /// Raw `Description\Type`.
    pub object_type: Option<u32>,
    /// Decoded type.
    pub kind: ObjectKind,
    /// The `description` element, if any.
    pub description: Option<String>,
    /// Elements in stored (id) order.
    pub elements: Vec<Element>,
    /// Last write time of the object key.
    pub last_written: FileTime,
}

impl Object {
    /// The element with this id.
    pub fn element(&self, id: u32) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }

    /// The element with this bcdedit name.
    pub fn element_named(&self, name: &str) -> Option<&Element> {
        self.elements
            .iter()
            .find(|e| e.name.is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }

    /// A boolean element's value.
    pub fn boolean(&self, id: u32) -> Option<bool> {
        match self.element(id)?.value {
            ElementValue::Boolean(b) => Some(b),
            _ => None,
        }
    }

    /// An integer element's value.
    pub fn integer(&self, id: u32) -> Option<u64> {
        match self.element(id)?.value {
            ElementValue::Integer { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A string element's value.
    pub fn string(&self, id: u32) -> Option<&str> {
        match &self.element(id)?.value {
            ElementValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A decoded BCD store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BcdStore {
    /// Objects in stored order.
    pub objects: Vec<Object>,
    /// The boot manager's default object (`{bootmgr}` element 0x23000003).
    pub default_object: Option<ObjectRef>,
    /// What could not be read (the rest was decoded).
    pub errors: Vec<RegistryError>,
}

impl BcdStore {
    /// Finds an object by GUID or alias (`"{bootmgr}"`, `"{default}"`),
    /// case-insensitive.
    pub fn object(&self, id: &str) -> Option<&Object> {
        let id = id.trim();
        let target = if id.eq_ignore_ascii_case("{default}") {
            self.default_object.as_ref()?.id.clone()
        } else {
            guid_of_alias(id).map_or_else(|| id.to_ascii_lowercase(), str::to_string)
        };
        self.objects.iter().find(|o| o.id.id == target)
    }

    /// `{bootmgr}`.
    pub fn boot_manager(&self) -> Option<&Object> {
        self.object("{bootmgr}")
    }

    /// The default boot entry (`{default}`).
    pub fn default_entry(&self) -> Option<&Object> {
        self.object("{default}")
    }
}

fn guid_string(b: &[u8]) -> String {
    format!(
        "{{{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}}}",
        u32_at(b, 0),
        u16::from_le_bytes([b[4], b[5]]),
        u16::from_le_bytes([b[6], b[7]]),
        b[8],
        b[9],
        b[10],
        b[11],
        b[12],
        b[13],
        b[14],
        b[15]
    )
}

/// True for a GUID in braces (`{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`).
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 38
        && b[0] == b'{'
        && b[37] == b'}'
        && b[1..37].iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

const MAX_DEVICE_DEPTH: u32 = 4;

/// Decodes a device element (options GUID + descriptor).
pub fn parse_device_element(b: &[u8]) -> std::result::Result<DeviceElement, Problem> {
    if b.len() < 32 {
        return Err(Problem::Truncated {
            needed: 32,
            available: b.len() as u64,
        });
    }
    let options = b[..16]
        .iter()
        .any(|&x| x != 0)
        .then(|| ObjectRef::new(&guid_string(&b[..16])));
    let (device, _) = parse_descriptor(&b[16..], 0)?;
    Ok(DeviceElement { options, device })
}

/// Parses one device descriptor; returns it and the bytes it used.
fn parse_descriptor(b: &[u8], depth: u32) -> std::result::Result<(Device, usize), Problem> {
    if depth > MAX_DEVICE_DEPTH {
        return Err(Problem::TooDeep {
            limit: MAX_DEVICE_DEPTH,
        });
    }
    if b.len() < 16 {
        return Err(Problem::Truncated {
            needed: 16,
            available: b.len() as u64,
        });
    }
    let device_type = u32_at(b, 0);
    let size = u32_at(b, 8) as usize;
    if size < 16 || size > b.len() {
        return Err(Problem::InvalidField {
            field: "device descriptor size",
            value: size as u64,
        });
    }
    let body = &b[16..size];
    let raw = || Device::Unknown {
        device_type,
        raw: hex(&b[..size]),
    };
    let dev = match device_type {
        5 => Device::Boot,
        6 => Device::Partition {
            location: parse_partition(body)?,
        },
        0 if body.len() >= 4 => match u32_at(body, 0) {
            // Local device, RAM disk: type, image base (8), image size (8),
            // image offset (4), then a file path.
            3 if body.len() >= 24 => {
                let (container, path) = parse_file_path(&body[24..], depth)?;
                Device::Ramdisk {
                    container: Box::new(container),
                    path,
                }
            }
            5 => {
                let (container, path) = parse_file_path(&body[4..], depth)?;
                Device::File {
                    container: Box::new(container),
                    path,
                }
            }
            _ => raw(),
        },
        _ => raw(),
    };
    Ok((dev, size))
}

/// A file path: `{version, length, path type}`, then the device holding the
/// file and the UTF-16 path.
fn parse_file_path(b: &[u8], depth: u32) -> std::result::Result<(Device, String), Problem> {
    if b.len() < 12 {
        return Err(Problem::Truncated {
            needed: 12,
            available: b.len() as u64,
        });
    }
    let length = u32_at(b, 4) as usize;
    if length < 12 || length > b.len() {
        return Err(Problem::InvalidField {
            field: "file path length",
            value: length as u64,
        });
    }
    let inner = &b[12..length];
    let (device, used) = parse_descriptor(inner, depth + 1)?;
    let path = text::utf16z_lossy(&inner[used..]);
    Ok((device, path))
}

fn parse_partition(body: &[u8]) -> std::result::Result<PartitionLocation, Problem> {
    if body.len() < 40 {
        return Err(Problem::Truncated {
            needed: 40,
            available: body.len() as u64,
        });
    }
    let style = u32_at(body, 20);
    Ok(match style {
        0 => PartitionLocation::Gpt {
            partition_guid: guid_string(&body[0..16]),
            disk_guid: guid_string(&body[24..40]),
        },
        1 => PartitionLocation::Mbr {
            partition_offset: u64_at(body, 0),
            disk_signature: u32_at(body, 24),
        },
        s => PartitionLocation::Other {
            style_value: s,
            raw: hex(body),
        },
    })
}

/// Decodes an element's registry value by the element's format.
pub fn decode_element(
    id: u32,
    app: Option<ApplicationType>,
    reg_type: ValueType,
    data: &[u8],
) -> ElementValue {
    let raw = || ElementValue::Raw {
        reg_type,
        data: hex(data),
    };
    let binary = reg_type == ValueType::Binary;
    match (id >> 24) & 0xF {
        1 if binary => match parse_device_element(data) {
            Ok(d) => ElementValue::Device(d),
            Err(_) => raw(),
        },
        2 if reg_type == ValueType::Sz => ElementValue::String(text::utf16z_lossy(data)),
        3 if reg_type == ValueType::Sz => {
            let s = text::utf16z_lossy(data);
            if is_guid(s.trim()) {
                ElementValue::Object(ObjectRef::new(&s))
            } else {
                raw()
            }
        }
        4 if reg_type == ValueType::MultiSz => {
            let list: Vec<String> = text::multi_sz(data)
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if list.iter().all(|s| is_guid(s.trim())) {
                ElementValue::ObjectList(list.iter().map(|s| ObjectRef::new(s)).collect())
            } else {
                raw()
            }
        }
        5 if binary && (1..=8).contains(&data.len()) => {
            let mut b = [0u8; 8];
            b[..data.len()].copy_from_slice(data);
            let value = u64::from_le_bytes(b);
            ElementValue::Integer {
                value,
                meaning: integer_meaning(id, app, value),
            }
        }
        6 if binary && !data.is_empty() => ElementValue::Boolean(data[0] != 0),
        7 if binary && data.len().is_multiple_of(8) => {
            ElementValue::IntegerList(data.chunks_exact(8).map(|c| u64_at(c, 0)).collect())
        }
        _ => raw(),
    }
}

fn read_object(key: &Key<'_>, errors: &mut Vec<RegistryError>) -> Object {
    let name = key.name().into_owned();
    let path = format!("Objects\\{name}");
    let mut object_type = None;
    match key.open("Description") {
        Ok(Some(d)) => match d.value("Type") {
            Ok(Some(v)) => match v.dword() {
                Ok(t) => object_type = Some(t),
                Err(e) => errors.push(e),
            },
            Ok(None) => errors.push(RegistryError::Value {
                key: format!("{path}\\Description"),
                value: "Type".into(),
                problem: Problem::Truncated {
                    needed: 4,
                    available: 0,
                },
            }),
            Err(e) => errors.push(e),
        },
        Ok(None) => errors.push(RegistryError::KeyNotFound {
            key: format!("{path}\\Description"),
        }),
        Err(e) => errors.push(e),
    }
    let kind = object_type.map_or(ObjectKind::Unknown, ObjectKind::from_type);
    let app = kind.application();
    let mut elements = Vec::new();
    match key.open("Elements") {
        Ok(Some(els)) => {
            let listing = els.subkeys();
            errors.extend(listing.errors);
            for ek in listing.items {
                let ename = ek.name().into_owned();
                let id = if ename.len() == 8 {
                    u32::from_str_radix(&ename, 16).ok()
                } else {
                    None
                };
                let Some(id) = id else {
                    errors.push(RegistryError::Value {
                        key: format!("{path}\\Elements\\{ename}"),
                        value: String::new(),
                        problem: Problem::Unparsable {
                            what: "element id",
                            text: shorten(&ename),
                        },
                    });
                    continue;
                };
                let value = match ek.value("Element") {
                    Ok(Some(v)) => match v.data() {
                        Ok(d) => decode_element(id, app, v.value_type(), &d),
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    },
                    Ok(None) => {
                        errors.push(RegistryError::Value {
                            key: format!("{path}\\Elements\\{ename}"),
                            value: "Element".into(),
                            problem: Problem::Truncated {
                                needed: 1,
                                available: 0,
                            },
                        });
                        continue;
                    }
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                elements.push(Element {
                    id,
                    id_hex: format!("{id:08x}"),
                    name: element_name(id, app),
                    value,
                });
            }
        }
        Ok(None) => {}
        Err(e) => errors.push(e),
    }
    let description = elements
        .iter()
        .find(|e| e.id == DESCRIPTION)
        .and_then(|e| match &e.value {
            ElementValue::String(s) => Some(s.clone()),
            _ => None,
        });
    Object {
        id: ObjectRef::new(&name),
        is_default: false,
        object_type,
        kind,
        description,
        elements,
        last_written: key.last_written(),
    }
}

/// Decodes a BCD store. Fails only when the hive has no readable `Objects`
/// key; damaged objects and elements are listed in [`BcdStore::errors`].
pub fn read_store(hive: &Hive) -> Result<BcdStore> {
    let objects_key = hive
        .key("Objects")?
        .ok_or_else(|| RegistryError::KeyNotFound {
            key: "Objects".to_string(),
        })?;
    let mut errors = Vec::new();
    let listing = objects_key.subkeys();
    errors.extend(listing.errors);
    let mut objects: Vec<Object> = listing
        .items
        .iter()
        .map(|k| read_object(k, &mut errors))
        .collect();
    let default_object = objects
        .iter()
        .find(|o| o.id.alias == Some("{bootmgr}"))
        .and_then(|o| o.element(BOOTMGR_DEFAULT))
        .and_then(|e| match &e.value {
            ElementValue::Object(r) => Some(r.clone()),
            _ => None,
        });
    if let Some(d) = &default_object {
        for o in &mut objects {
            o.is_default = o.id.id == d.id;
        }
    }
    Ok(BcdStore {
        objects,
        default_object,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn decodes_ramdisk_device_from_fixture_bytes() {
        // WinRE loader device from regipy's BCD fixture.
        let b = unhex(
            "e7623b7308f6eb11825cc112f60133ab0000000001000000b8000000000000000300000000000000000000000000000000000000000000000100000090000000050000000600000000000000480000000000000069cddf6c75de90448f995a84bf2649170000000000000000a994230b5e097d488d48719ecd4d78ca000000000000000000000000000000005c005200650063006f0076006500720079005c00570069006e0064006f0077007300520045005c00570069006e00720065002e00770069006d000000",
        );
        let d = parse_device_element(&b).unwrap();
        assert_eq!(
            d.options.unwrap().id,
            "{733b62e7-f608-11eb-825c-c112f60133ab}"
        );
        match d.device {
            Device::Ramdisk { container, path } => {
                assert_eq!(path, "\\Recovery\\WindowsRE\\Winre.wim");
                assert_eq!(
                    *container,
                    Device::Partition {
                        location: PartitionLocation::Gpt {
                            partition_guid: "{6cdfcd69-de75-4490-8f99-5a84bf264917}".into(),
                            disk_guid: "{0b2394a9-095e-487d-8d48-719ecd4d78ca}".into(),
                        }
                    }
                );
            }
            d => panic!("{d:?}"),
        }
    }

    #[test]
    fn hostile_devices_do_not_panic() {
        let mut b = vec![0u8; 64];
        for size in [0u32, 15, 16, 17, 48, 1000, u32::MAX] {
            b[24..28].copy_from_slice(&size.to_le_bytes());
            for t in [0u32, 5, 6, 8] {
                b[16..20].copy_from_slice(&t.to_le_bytes());
                let _ = parse_device_element(&b);
            }
        }
        // A ramdisk whose file path nests ramdisks: bounded by depth.
        let mut nest = Vec::new();
        for _ in 0..10 {
            nest.extend_from_slice(&0u32.to_le_bytes());
        }
        let _ = parse_device_element(&nest);
    }

    #[test]
    fn object_types() {
        assert_eq!(
            ObjectKind::from_type(0x1010_0002),
            ObjectKind::Application {
                image: ImageType::Firmware,
                application: ApplicationType::WindowsBootManager
            }
        );
        assert_eq!(
            ObjectKind::from_type(0x2020_0003).application(),
            Some(ApplicationType::WindowsBootLoader)
        );
        assert_eq!(ObjectKind::from_type(0x3000_0000), ObjectKind::Device);
        assert!(is_guid("{9dea862c-5cdd-4e70-acc1-f32b344d4795}"));
        assert!(!is_guid("{9dea862c-5cdd-4e70-acc1-f32b344d479}"));
    }
}
