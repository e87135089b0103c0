//! BCD store decoding on regipy's BCD (a UEFI ESP store from 2021:
//! Windows 10 with WinRE, plus firmware entries for a dual boot).

mod common;

use vmrescue_registry::Hive;
use vmrescue_registry::bcd::{
    self, ApplicationType, Device, ElementValue, ImageType, ObjectKind, PartitionLocation,
};

fn store() -> Option<bcd::BcdStore> {
    let bytes = common::read_reg("regipy__BCD")?;
    let (hive, _) = Hive::from_bytes(bytes, vec![]).unwrap();
    Some(bcd::read_store(&hive).unwrap())
}

fn guids(v: &ElementValue) -> Vec<String> {
    match v {
        ElementValue::ObjectList(l) => l
            .iter()
            .map(|r| r.alias.map_or(r.id.clone(), str::to_string))
            .collect(),
        ElementValue::Object(r) => vec![r.alias.map_or(r.id.clone(), str::to_string)],
        v => panic!("not an object: {v:?}"),
    }
}

fn gpt(dev: &Device) -> (String, String) {
    match dev {
        Device::Partition {
            location:
                PartitionLocation::Gpt {
                    partition_guid,
                    disk_guid,
                },
        } => (partition_guid.clone(), disk_guid.clone()),
        d => panic!("not a GPT partition: {d:?}"),
    }
}

fn device(o: &bcd::Object, id: u32) -> Device {
    match &o.element(id).unwrap().value {
        ElementValue::Device(d) => d.device.clone(),
        v => panic!("{v:?}"),
    }
}

const DISK: &str = "{0b2394a9-095e-487d-8d48-719ecd4d78ca}";
const WIN10: &str = "{733b62e5-f608-11eb-825c-c112f60133ab}";

#[test]
fn decodes_regipy_bcd() {
    let Some(s) = store() else { return };
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.objects.len(), 17);

    // Boot manager
    let bm = s.boot_manager().expect("{bootmgr}");
    assert_eq!(
        bm.kind,
        ObjectKind::Application {
            image: ImageType::Firmware,
            application: ApplicationType::WindowsBootManager
        }
    );
    assert_eq!(bm.description.as_deref(), Some("Windows Boot Manager"));
    assert_eq!(
        bm.string(bcd::APPLICATION_PATH),
        Some("\\EFI\\Microsoft\\Boot\\bootmgfw.efi")
    );
    assert_eq!(bm.integer(bcd::BOOTMGR_TIMEOUT), Some(30));
    assert_eq!(
        guids(&bm.element_named("default").unwrap().value),
        vec![WIN10]
    );
    assert_eq!(
        guids(&bm.element_named("displayorder").unwrap().value),
        vec![WIN10]
    );
    assert_eq!(
        guids(&bm.element_named("toolsdisplayorder").unwrap().value),
        vec!["{memdiag}"]
    );
    assert_eq!(
        guids(&bm.element_named("inherit").unwrap().value),
        vec!["{globalsettings}"]
    );
    // The ESP: a GPT partition on the same disk as Windows.
    let (esp, disk) = gpt(&device(bm, bcd::APPLICATION_DEVICE));
    assert_eq!(esp, "{36be3955-63bf-4068-a6ab-00195cca3a22}");
    assert_eq!(disk, DISK);

    // {default}: the Windows 10 loader
    assert_eq!(s.default_object.as_ref().unwrap().id, WIN10);
    let w = s.default_entry().unwrap();
    assert!(w.is_default);
    assert_eq!(w.description.as_deref(), Some("Windows 10"));
    assert_eq!(
        w.kind,
        ObjectKind::Application {
            image: ImageType::BootApplication,
            application: ApplicationType::WindowsBootLoader
        }
    );
    assert_eq!(w.string(bcd::OSLOADER_SYSTEM_ROOT), Some("\\Windows"));
    assert_eq!(
        w.string(bcd::APPLICATION_PATH),
        Some("\\Windows\\system32\\winload.efi")
    );
    let (os_part, os_disk) = gpt(&device(w, bcd::OSLOADER_OS_DEVICE));
    assert_eq!(os_part, "{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}");
    assert_eq!(os_disk, DISK);
    assert_eq!(
        device(w, bcd::APPLICATION_DEVICE),
        device(w, bcd::OSLOADER_OS_DEVICE)
    );
    match &w.element(bcd::OSLOADER_NX).unwrap().value {
        ElementValue::Integer {
            value: 0,
            meaning: Some("OptIn"),
        } => {}
        v => panic!("nx {v:?}"),
    }
    match &w.element_named("bootmenupolicy").unwrap().value {
        ElementValue::Integer {
            value: 1,
            meaning: Some("Standard"),
        } => {}
        v => panic!("bootmenupolicy {v:?}"),
    }
    match &w.element_named("displaymessageoverride").unwrap().value {
        ElementValue::Integer {
            value: 3,
            meaning: Some("Recovery"),
        } => {}
        v => panic!("{v:?}"),
    }
    assert_eq!(w.boolean(bcd::LIBRARY_RECOVERY_ENABLED), Some(true));
    assert_eq!(w.boolean(bcd::OSLOADER_EMS), None);
    assert_eq!(w.element(bcd::OSLOADER_BOOT_STATUS_POLICY), None);
    assert_eq!(
        guids(&w.element_named("recoverysequence").unwrap().value),
        vec!["{733b62e6-f608-11eb-825c-c112f60133ab}"]
    );
    assert_eq!(
        guids(&w.element_named("resumeobject").unwrap().value),
        vec!["{733b62e4-f608-11eb-825c-c112f60133ab}"]
    );
    assert_eq!(
        guids(&w.element_named("inherit").unwrap().value),
        vec!["{bootloadersettings}"]
    );
    assert_eq!(
        w.element_named("allowedinmemorysettings").unwrap().value,
        ElementValue::IntegerList(vec![0x1500_0075])
    );

    // WinRE: a loader booting a ramdisk (Winre.wim) on the recovery partition
    let re = s.object("{733b62e6-f608-11eb-825c-c112f60133ab}").unwrap();
    assert_eq!(
        re.description.as_deref(),
        Some("Windows Recovery Environment")
    );
    assert_eq!(re.boolean(0x2600_0022), Some(true), "winpe");
    assert_eq!(re.element_named("winpe").unwrap().id, 0x2600_0022);
    assert_eq!(
        re.element_named("recoveryos").unwrap().value,
        ElementValue::Boolean(true)
    );
    match &re.element(bcd::OSLOADER_OS_DEVICE).unwrap().value {
        ElementValue::Device(d) => {
            assert_eq!(
                d.options.as_ref().unwrap().id,
                "{733b62e7-f608-11eb-825c-c112f60133ab}"
            );
            match &d.device {
                Device::Ramdisk { container, path } => {
                    assert_eq!(path, "\\Recovery\\WindowsRE\\Winre.wim");
                    assert_eq!(gpt(container).1, DISK);
                }
                d => panic!("{d:?}"),
            }
        }
        v => panic!("{v:?}"),
    }
    // Its ramdisk options (a device object)
    let ro = s.object("{733b62e7-f608-11eb-825c-c112f60133ab}").unwrap();
    assert_eq!(ro.kind, ObjectKind::Device);
    assert_eq!(
        ro.string(0x3200_0004),
        Some("\\Recovery\\WindowsRE\\boot.sdi")
    );
    assert_eq!(
        ro.element_named("ramdisksdidevice").unwrap().id,
        0x3100_0003
    );

    // Resume from hibernate
    let resume = s.object("{733b62e4-f608-11eb-825c-c112f60133ab}").unwrap();
    assert_eq!(
        resume.kind.application(),
        Some(ApplicationType::WindowsResume)
    );
    assert_eq!(resume.element(0x2200_0002).unwrap().name, Some("filepath"));
    assert_eq!(resume.string(0x2200_0002), Some("\\hiberfil.sys"));
    assert_eq!(
        resume.element(0x2100_0001).unwrap().name,
        Some("filedevice")
    );
    assert_eq!(resume.boolean(0x2600_0006), Some(false));
    assert_eq!(
        guids(&resume.element_named("inherit").unwrap().value),
        vec!["{resumeloadersettings}"]
    );

    // Memory diagnostic
    let md = s.object("{memdiag}").unwrap();
    assert_eq!(md.kind.application(), Some(ApplicationType::MemoryTester));
    assert_eq!(
        md.string(bcd::APPLICATION_PATH),
        Some("\\EFI\\Microsoft\\Boot\\memtest.efi")
    );
    assert_eq!(md.boolean(0x1600_000b), Some(true), "badmemoryaccess");

    // Firmware boot manager and firmware entries (dual boot)
    let fw = s.object("{fwbootmgr}").unwrap();
    assert_eq!(
        fw.kind.application(),
        Some(ApplicationType::FirmwareBootManager)
    );
    assert_eq!(
        guids(&fw.element_named("displayorder").unwrap().value).len(),
        4
    );
    assert_eq!(fw.integer(bcd::BOOTMGR_TIMEOUT), Some(0));
    let firmware: Vec<&str> = s
        .objects
        .iter()
        .filter(|o| o.kind.application() == Some(ApplicationType::FirmwareApplication))
        .filter_map(|o| o.description.as_deref())
        .collect();
    assert_eq!(
        firmware,
        vec!["Linux Boot Manager", "UEFI OS", "Windows Boot Manager"]
    );

    // Settings objects
    let ems = s.object("{emssettings}").unwrap();
    assert_eq!(ems.boolean(bcd::LIBRARY_BOOT_EMS), Some(false));
    assert_eq!(
        ems.element(bcd::LIBRARY_BOOT_EMS).unwrap().name,
        Some("bootems")
    );
    let dbg = s.object("{dbgsettings}").unwrap();
    match &dbg.element_named("debugtype").unwrap().value {
        ElementValue::Integer {
            value: 4,
            meaning: Some("Local"),
        } => {}
        v => panic!("{v:?}"),
    }
    let hv = s.object("{hypervisorsettings}").unwrap();
    assert_eq!(hv.integer(0x2500_00f5), Some(115_200));
    assert_eq!(
        hv.element(0x2500_00f4).unwrap().name,
        Some("hypervisordebugport")
    );
    assert_eq!(
        guids(
            &s.object("{globalsettings}")
                .unwrap()
                .element_named("inherit")
                .unwrap()
                .value
        ),
        vec!["{dbgsettings}", "{emssettings}", "{badmemory}"]
    );
    assert!(s.object("{badmemory}").unwrap().elements.is_empty());

    // Every element has a bcdedit name and a decoded value.
    for o in &s.objects {
        for e in &o.elements {
            assert!(e.name.is_some(), "{} {:#x} unnamed", o.id.id, e.id);
            assert!(
                !matches!(e.value, ElementValue::Raw { .. }),
                "{} {:#x} raw",
                o.id.id,
                e.id
            );
        }
    }
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"alias\":\"{bootmgr}\""));
}
