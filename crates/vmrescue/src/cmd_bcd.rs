//! `vmrescue bcd`: the BCD store decoded like `bcdedit /enum all /v`.

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use vmrescue_artifacts::{Installation, load_hive_file};
use vmrescue_l10n::tr;
use vmrescue_registry::bcd::{self, Device, ElementValue, ObjectRef, PartitionLocation};

use crate::open::CliError;

fn obj_name(r: &ObjectRef) -> String {
    match r.alias {
        Some(a) => a.to_string(),
        None => r.id.clone(),
    }
}

/// A device as bcdedit shows it (`partition=...`), with the partition
/// GUID / offset so it can be matched against `vmrescue info`.
pub fn device_text(d: &Device) -> String {
    match d {
        Device::Boot => "boot".into(),
        Device::Partition { location } => match location {
            PartitionLocation::Gpt {
                partition_guid,
                disk_guid,
            } => format!("partition={partition_guid} (GPT disk {disk_guid})"),
            PartitionLocation::Mbr {
                partition_offset,
                disk_signature,
            } => format!("partition at byte {partition_offset} (MBR disk {disk_signature:#010x})"),
            PartitionLocation::Other { style_value, .. } => {
                format!("partition (style {style_value})")
            }
        },
        Device::Ramdisk { container, path } => {
            format!("ramdisk=[{}]{path}", device_text(container))
        }
        Device::File { container, path } => format!("file=[{}]{path}", device_text(container)),
        Device::Unknown { device_type, .. } => format!("unknown device type {device_type}"),
    }
}

fn value_text(v: &ElementValue) -> String {
    match v {
        ElementValue::Device(d) => device_text(&d.device),
        ElementValue::String(s) => s.clone(),
        ElementValue::Boolean(b) => (if *b { "Yes" } else { "No" }).into(),
        ElementValue::Integer { value, meaning } => match meaning {
            Some(m) => (*m).to_string(),
            None => value.to_string(),
        },
        ElementValue::Object(o) => obj_name(o),
        ElementValue::ObjectList(l) => l
            .iter()
            .map(obj_name)
            .collect::<Vec<_>>()
            .join("\n                        "),
        other => {
            let j = serde_json::to_value(other).unwrap_or(Json::Null);
            match j {
                Json::Object(m) if m.len() == 1 => {
                    m.values().next().map(|x| x.to_string()).unwrap_or_default()
                }
                other => other.to_string(),
            }
        }
    }
}

/// `vmrescue bcd SOURCE` or `vmrescue bcd --store FILE`.
pub fn bcd(
    source: Option<&Path>,
    store: Option<&PathBuf>,
    partition: Option<u32>,
    as_json: bool,
) -> Result<(), CliError> {
    let loaded = match (store, source) {
        (Some(file), _) => load_hive_file(file)?,
        (None, Some(src)) => Installation::open(src, partition)?.bcd()?,
        (None, None) => return Err(crate::open::usage(tr("bcd-usage"))),
    };
    let st = bcd::read_store(&loaded.hive)?;
    if as_json {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"path": loaded.path, "partition": loaded.partition, "store": st})
            )?
        );
        return Ok(());
    }
    let mut o = String::new();
    for obj in &st.objects {
        let title = obj.description.clone().unwrap_or_else(|| tr("bcd-object"));
        o += &format!("{title}\n{}\n", "-".repeat(title.chars().count().max(8)));
        o += &format!("{:<24}{}\n", "identifier", obj_name(&obj.id));
        for e in &obj.elements {
            let name = e
                .name
                .map(str::to_string)
                .unwrap_or_else(|| e.id_hex.clone());
            o += &format!("{name:<24}{}\n", value_text(&e.value));
        }
        o.push('\n');
    }
    for e in &st.errors {
        o += &format!("{}: {e}\n", tr("warn-prefix"));
    }
    out!("{o}");
    Ok(())
}
