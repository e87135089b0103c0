//! BCD element and object names as `bcdedit` shows them.
//!
//! Sources (element ids and names are facts, not code):
//! - Ids: ReactOS `boot/environ/include/bcd.h` (BcdLibraryElementTypes,
//!   BcdOSLoaderElementTypes, BcdBootMgrElementTypes, BcdResumeElementTypes)
//!   and System Informer `phnt/include/ntbcd.h`.
//! - bcdedit friendly names: Microsoft Learn, "Boot Configuration Data
//!   settings and BitLocker" (ms.date 06/18/2024), tables "Default BCD
//!   validation profile" and "Full list of friendly names for ignored BCD
//!   settings" — marked `[MS]` below. Names not in that article come from a
//!   community table of bcdedit names (the SecureBootPolicy tool's
//!   `XmlPolicy.cs`, `s_BcdFriendlyNameToID_*`) — marked `[C]`.
//! - Well-known object GUIDs: `ntbcd.h`; `{resumeloadersettings}` is
//!   1afa9c49-16ab-4a5c-901b-212802da9460 as found in a real store
//!   (regipy's BCD fixture); ntbcd.h's initializer bytes for it are wrong.
//!
//! Element ids are `class << 28 | format << 24 | subtype`. Class 1 (library)
//! names are shared by all objects; class 2 (application) names depend on
//! the application type of the object (the same id is `osdevice` in an OS
//! loader and `filedevice` in a resume application).

use super::ApplicationType;

/// Class 1 (library) elements.
const LIBRARY: &[(u32, &str)] = &[
    (0x1100_0001, "device"),                  // [MS]
    (0x1200_0002, "path"),                    // [MS]
    (0x1200_0004, "description"),             // [MS]
    (0x1200_0005, "locale"),                  // [MS]
    (0x1400_0006, "inherit"),                 // [MS]
    (0x1500_0007, "truncatememory"),          // [MS]
    (0x1400_0008, "recoverysequence"),        // [MS]
    (0x1600_0009, "recoveryenabled"),         // [MS]
    (0x1700_000a, "badmemorylist"),           // [MS]
    (0x1600_000b, "badmemoryaccess"),         // [MS]
    (0x1500_000c, "firstmegabytepolicy"),     // [MS]
    (0x1500_000d, "relocatephysical"),        // [MS]
    (0x1500_000e, "avoidlowmemory"),          // [MS]
    (0x1600_000f, "traditionalkseg"),         // [MS]
    (0x1600_0010, "bootdebug"),               // [MS]
    (0x1500_0011, "debugtype"),               // [MS]
    (0x1500_0012, "debugaddress"),            // [MS]
    (0x1500_0013, "debugport"),               // [MS]
    (0x1500_0014, "baudrate"),                // [MS]
    (0x1500_0015, "channel"),                 // [MS]
    (0x1200_0016, "targetname"),              // [MS]
    (0x1600_0017, "noumex"),                  // [MS]
    (0x1500_0018, "debugstart"),              // [MS]
    (0x1200_0019, "busparams"),               // [MS]
    (0x1500_001a, "hostip"),                  // [MS]
    (0x1500_001b, "port"),                    // [MS]
    (0x1600_001c, "dhcp"),                    // [MS]
    (0x1200_001d, "key"),                     // [MS]
    (0x1600_001e, "vm"),                      // [MS]
    (0x1200_001f, "hostipv6"),                // [C]
    (0x1600_0020, "bootems"),                 // [MS] BcdLibraryBoolean_EmsEnabled
    (0x1500_0022, "emsport"),                 // [MS] BcdLibraryInteger_EmsPort
    (0x1500_0023, "emsbaudrate"),             // [MS] BcdLibraryInteger_EmsBaudRate
    (0x1200_0030, "loadoptions"),             // [MS]
    (0x1600_0031, "attemptnonbcdstart"),      // [C]
    (0x1600_0040, "advancedoptions"),         // [MS]
    (0x1600_0041, "optionsedit"),             // [MS]
    (0x1500_0042, "keyringaddress"),          // [MS]
    (0x1100_0043, "bootstatdevice"),          // [C]
    (0x1200_0044, "bootstatfilepath"),        // [C]
    (0x1600_0045, "preservebootstat"),        // [C]
    (0x1600_0046, "graphicsmodedisabled"),    // [MS]
    (0x1500_0047, "configaccesspolicy"),      // [MS]
    (0x1600_0048, "nointegritychecks"),       // [MS]
    (0x1600_0049, "testsigning"),             // [MS]
    (0x1200_004a, "fontpath"),                // [MS]
    (0x1500_004b, "integrityservices"),       // [MS]
    (0x1500_004c, "volumebandid"),            // [MS]
    (0x1600_0050, "extendedinput"),           // [MS]
    (0x1500_0051, "initialconsoleinput"),     // [MS]
    (0x1500_0052, "graphicsresolution"),      // [MS]
    (0x1600_0053, "restartonfailure"),        // [MS]
    (0x1600_0054, "highestmode"),             // [MS]
    (0x1600_0060, "isolatedcontext"),         // [MS]
    (0x1500_0065, "displaymessage"),          // [MS]
    (0x1500_0066, "displaymessageoverride"),  // [MS]
    (0x1600_0067, "nobootuxlogo"),            // [C]
    (0x1600_0068, "nobootuxtext"),            // [C]
    (0x1600_0069, "nobootuxprogress"),        // [C]
    (0x1600_006a, "nobootuxfade"),            // [C]
    (0x1600_006b, "bootuxreservepooldebug"),  // [C]
    (0x1600_006c, "bootuxdisabled"),          // [MS]
    (0x1500_006d, "bootuxfadeframes"),        // [C]
    (0x1600_006e, "bootuxdumpstats"),         // [C]
    (0x1600_006f, "bootuxshowstats"),         // [C]
    (0x1600_0071, "multibootsystem"),         // [C]
    (0x1600_0072, "nokeyboard"),              // [MS]
    (0x1500_0073, "aliaswindowskey"),         // [C]
    (0x1600_0074, "bootshutdowndisabled"),    // [MS]
    (0x1500_0075, "performancefrequency"),    // [C]
    (0x1500_0076, "securebootrawpolicy"),     // [C]
    (0x1700_0077, "allowedinmemorysettings"), // [MS]
    (0x1600_0078, "bootuxpreallocprogress"),  // [C]
    (0x1500_0079, "bootuxtransitiontime"),    // [C]
    (0x1600_007a, "mobilegraphics"),          // [C]
    (0x1600_007b, "forcefipscrypto"),         // [MS]
    (0x1500_007d, "booterrorux"),             // [C]
    (0x1600_007e, "flightsigning"),           // [C]
    (0x1500_007f, "measuredbootlogformat"),   // [C]
    (0x1500_0080, "displayrotation"),         // [C]
    (0x1500_0081, "logcontrol"),              // [MS]
    (0x1600_0082, "nofirmwaresync"),          // [C]
    (0x1100_0083, "recoveryosdevice"),        // [C]
    (0x1100_0084, "windowssyspart"),          // [C]
    (0x1600_0085, "enableuwfbootfilter"),     // [C]
    (0x1500_0086, "enabletxtmle"),            // [C]
    (0x1600_0087, "numlock"),                 // [C]
    (0x1200_0088, "additionalcipolicy"),      // [C]
];

/// Class 2 elements of the Windows and firmware boot managers.
const BOOTMGR: &[(u32, &str)] = &[
    (0x2400_0001, "displayorder"), // [C] BcdBootMgrObjectList_DisplayOrder
    (0x2400_0002, "bootsequence"), // [C]
    (0x2300_0003, "default"),      // [C] BcdBootMgrObject_DefaultObject
    (0x2500_0004, "timeout"),      // [C] BcdBootMgrInteger_Timeout
    (0x2600_0005, "resume"),       // [C]
    (0x2300_0006, "resumeobject"), // [C]
    (0x2400_0007, "startupsequence"), // [C]
    (0x2400_0010, "toolsdisplayorder"), // [C]
    (0x2600_0020, "displaybootmenu"), // [C] BcdBootMgrBoolean_DisplayBootMenu
    (0x2600_0021, "noerrordisplay"), // [C]
    (0x2100_0022, "bcddevice"),    // [C]
    (0x2200_0023, "bcdfilepath"),  // [C]
    (0x2600_0024, "hormenabled"),  // [C]
    (0x2600_0025, "hiberboot"),    // [C]
    (0x2200_0026, "passwordoverride"), // [C]
    (0x2200_0027, "pinpassphraseoverride"), // [C]
    (0x2600_0028, "processcustomactionsfirst"), // [C]
    (0x2700_0030, "customactions"), // [C]
    (0x2600_0031, "persistbootsequence"), // [C]
    (0x2600_0032, "skipstartupsequence"), // [C]
    (0x2200_0040, "fverecoveryurl"), // [MS]
    (0x2200_0041, "fverecoverymessage"), // [MS]
    (0x2600_0042, "flightedbootmgr"), // [C]
];

/// Class 2 elements of the Windows OS loader (winload).
const OSLOADER: &[(u32, &str)] = &[
    (0x2100_0001, "osdevice"),                        // [MS]
    (0x2200_0002, "systemroot"),                      // [MS]
    (0x2300_0003, "resumeobject"),                    // [MS]
    (0x2600_0004, "stampdisks"),                      // [MS]
    (0x2100_0005, "fveunlockdevice"),                 // [C]
    (0x2600_0010, "detecthal"),                       // [MS]
    (0x2200_0011, "kernel"),                          // [MS]
    (0x2200_0012, "hal"),                             // [MS]
    (0x2200_0013, "dbgtransport"),                    // [MS]
    (0x2500_0020, "nx"),                              // [MS]
    (0x2500_0021, "pae"),                             // [MS]
    (0x2600_0022, "winpe"),                           // [MS]
    (0x2600_0024, "nocrashautoreboot"),               // [MS]
    (0x2600_0025, "lastknowngood"),                   // [MS]
    (0x2600_0026, "oslnointegritychecks"),            // [C]
    (0x2600_0027, "osltestsigning"),                  // [C]
    (0x2600_0030, "nolowmem"),                        // [MS]
    (0x2500_0031, "removememory"),                    // [MS]
    (0x2500_0032, "increaseuserva"),                  // [MS]
    (0x2500_0033, "perfmem"),                         // [MS]
    (0x2600_0040, "vga"),                             // [MS]
    (0x2600_0041, "quietboot"),                       // [MS]
    (0x2600_0042, "novesa"),                          // [MS]
    (0x2600_0043, "novga"),                           // [MS]
    (0x2500_0050, "clustermodeaddressing"),           // [MS]
    (0x2600_0051, "usephysicaldestination"),          // [MS]
    (0x2500_0052, "restrictapiccluster"),             // [MS]
    (0x2200_0053, "evstore"),                         // [MS]
    (0x2600_0054, "uselegacyapicmode"),               // [MS]
    (0x2500_0055, "x2apicpolicy"),                    // [MS]
    (0x2600_0060, "onecpu"),                          // [MS]
    (0x2500_0061, "numproc"),                         // [MS]
    (0x2600_0062, "maxproc"),                         // [MS]
    (0x2500_0063, "configflags"),                     // [MS]
    (0x2600_0064, "maxgroup"),                        // [MS]
    (0x2600_0065, "groupaware"),                      // [MS]
    (0x2500_0066, "groupsize"),                       // [MS]
    (0x2600_0070, "usefirmwarepcisettings"),          // [MS]
    (0x2500_0071, "msi"),                             // [MS]
    (0x2500_0072, "pciexpress"),                      // [MS]
    (0x2500_0080, "safeboot"),                        // [MS]
    (0x2600_0081, "safebootalternateshell"),          // [MS]
    (0x2600_0090, "bootlog"),                         // [MS]
    (0x2600_0091, "sos"),                             // [MS]
    (0x2600_00a0, "debug"),                           // [MS]
    (0x2600_00a1, "halbreakpoint"),                   // [MS]
    (0x2600_00a2, "useplatformclock"),                // [MS]
    (0x2600_00a3, "forcelegacyplatform"),             // [MS]
    (0x2600_00a4, "useplatformtick"),                 // [MS]
    (0x2600_00a5, "disabledynamictick"),              // [MS]
    (0x2500_00a6, "tscsyncpolicy"),                   // [MS]
    (0x2600_00b0, "ems"),                             // [MS] BcdOSLoaderBoolean_EmsEnabled
    (0x2500_00c0, "forcefailure"),                    // [C]
    (0x2500_00c1, "driverloadfailurepolicy"),         // [MS]
    (0x2500_00c2, "bootmenupolicy"),                  // [MS]
    (0x2600_00c3, "onetimeadvancedoptions"),          // [MS]
    (0x2600_00c4, "onetimeoptionsedit"),              // [MS]
    (0x2500_00e0, "bootstatuspolicy"),                // [MS]
    (0x2600_00e1, "disableelamdrivers"),              // [MS]
    (0x2500_00f0, "hypervisorlaunchtype"),            // [MS]
    (0x2200_00f1, "hypervisorpath"),                  // [C]
    (0x2600_00f2, "hypervisordebug"),                 // [MS]
    (0x2500_00f3, "hypervisordebugtype"),             // [MS]
    (0x2500_00f4, "hypervisordebugport"),             // [MS]
    (0x2500_00f5, "hypervisorbaudrate"),              // [MS]
    (0x2500_00f6, "hypervisorchannel"),               // [MS]
    (0x2500_00f7, "bootux"),                          // [MS]
    (0x2600_00f8, "hypervisordisableslat"),           // [MS]
    (0x2200_00f9, "hypervisorbusparams"),             // [MS]
    (0x2500_00fa, "hypervisornumproc"),               // [MS]
    (0x2500_00fb, "hypervisorrootprocpernode"),       // [MS]
    (0x2600_00fc, "hypervisoruselargevtlb"),          // [MS]
    (0x2500_00fd, "hypervisorhostip"),                // [MS]
    (0x2500_00fe, "hypervisorhostport"),              // [MS]
    (0x2500_00ff, "hypervisordebugpages"),            // [C]
    (0x2500_0100, "tpmbootentropy"),                  // [MS]
    (0x2200_0110, "hypervisorusekey"),                // [MS]
    (0x2200_0112, "hypervisorproductskutype"),        // [C]
    (0x2500_0113, "hypervisorrootproc"),              // [MS]
    (0x2600_0114, "hypervisordhcp"),                  // [MS]
    (0x2500_0115, "hypervisoriommupolicy"),           // [MS]
    (0x2600_0116, "hypervisorusevapic"),              // [MS]
    (0x2200_0117, "hypervisorloadoptions"),           // [C]
    (0x2500_0118, "hypervisormsrfilterpolicy"),       // [C]
    (0x2500_0119, "hypervisormmionxpolicy"),          // [C]
    (0x2500_011a, "hypervisorschedulertype"),         // [C]
    (0x2500_0120, "xsavepolicy"),                     // [MS]
    (0x2500_0121, "xsaveaddfeature0"),                // [MS]
    (0x2500_0122, "xsaveaddfeature1"),                // [MS]
    (0x2500_0123, "xsaveaddfeature2"),                // [MS]
    (0x2500_0124, "xsaveaddfeature3"),                // [MS]
    (0x2500_0125, "xsaveaddfeature4"),                // [MS]
    (0x2500_0126, "xsaveaddfeature5"),                // [MS]
    (0x2500_0127, "xsaveaddfeature6"),                // [MS]
    (0x2500_0128, "xsaveaddfeature7"),                // [MS]
    (0x2500_0129, "xsaveremovefeature"),              // [MS]
    (0x2500_012a, "xsaveprocessorsmask"),             // [MS]
    (0x2500_012b, "xsavedisable"),                    // [MS]
    (0x2500_012c, "kerneldebugtype"),                 // [C]
    (0x2200_012d, "kernelbusparams"),                 // [C]
    (0x2500_012e, "kerneldebugaddress"),              // [C]
    (0x2500_012f, "kerneldebugport"),                 // [C]
    (0x2500_0130, "claimedtpmcounter"),               // [MS]
    (0x2500_0131, "kernelchannel"),                   // [C]
    (0x2200_0132, "kerneltargetname"),                // [C]
    (0x2500_0133, "kernelhostip"),                    // [C]
    (0x2500_0134, "kernelport"),                      // [C]
    (0x2600_0135, "kerneldhcp"),                      // [C]
    (0x2200_0136, "kernelkey"),                       // [C]
    (0x2200_0137, "imchivename"),                     // [C]
    (0x2100_0138, "imcdevice"),                       // [C]
    (0x2500_0139, "kernelbaudrate"),                  // [C]
    (0x2200_0140, "mfgmode"),                         // [C]
    (0x2600_0141, "event"),                           // [C]
    (0x2500_0142, "vsmlaunchtype"),                   // [C]
    (0x2500_0144, "hypervisorenforcedcodeintegrity"), // [C]
    (0x2600_0145, "dtrace"),                          // [C]
    (0x2100_0150, "systemdatadevice"),                // [C]
    (0x2100_0151, "osarcdevice"),                     // [C]
    (0x2100_0153, "osdatadevice"),                    // [C]
    (0x2100_0154, "bspdevice"),                       // [C]
];

/// Class 2 elements of the resume application (winresume).
const RESUME: &[(u32, &str)] = &[
    (0x2100_0001, "filedevice"),         // [MS]
    (0x2200_0002, "filepath"),           // [MS]
    (0x2600_0003, "customsettings"),     // [MS]
    (0x2600_0004, "pae"),                // [MS]
    (0x2100_0005, "associatedosdevice"), // [MS]
    (0x2600_0006, "debugoptionenabled"), // [MS]
    (0x2500_0007, "bootux"),             // [MS]
    (0x2500_0008, "bootmenupolicy"),     // [MS]
    (0x2600_0024, "hormenabled"),        // [C]
];

/// Class 2 elements of the memory tester (memtest).
const MEMDIAG: &[(u32, &str)] = &[
    (0x2500_0001, "passcount"),       // [MS]
    (0x2500_0002, "testmix"),         // [MS]
    (0x2500_0003, "failurecount"),    // [C]
    (0x2600_0003, "cacheenable"),     // [MS]
    (0x2500_0004, "testtofail"),      // [C]
    (0x2600_0004, "failuresenabled"), // [MS]
    (0x2500_0005, "stridefailcount"), // [MS]
    (0x2500_0006, "invcfailcount"),   // [MS]
    (0x2500_0007, "matsfailcount"),   // [MS]
    (0x2500_0008, "randfailcount"),   // [MS]
    (0x2500_0009, "chckrfailcount"),  // [MS]
];

/// Class 2 elements of legacy loaders (ntldr, setupldr).
const LEGACY: &[(u32, &str)] = &[(0x2200_0001, "bpbstring")]; // [C]

/// Class 2 elements of startup modules (PXE).
const STARTUP: &[(u32, &str)] = &[
    (0x2600_0001, "pxesoftreboot"), // [C] BcdStartupBoolean_PxeSoftReboot
    (0x2200_0002, "applicationname"), // [C]
];

/// Class 3 (device object) elements.
const DEVICE: &[(u32, &str)] = &[
    (0x3500_0001, "ramdiskimageoffset"),    // [MS]
    (0x3500_0002, "ramdisktftpclientport"), // [MS]
    (0x3100_0003, "ramdisksdidevice"),      // [MS]
    (0x3200_0004, "ramdisksdipath"),        // [MS]
    (0x3500_0005, "ramdiskimagelength"),    // [MS]
    (0x3600_0006, "exportascd"),            // [MS]
    (0x3500_0007, "ramdisktftpblocksize"),  // [MS]
    (0x3500_0008, "ramdisktftpwindowsize"), // [MS]
    (0x3600_0009, "ramdiskmcenabled"),      // [MS]
    (0x3600_000a, "ramdiskmctftpfallback"), // [MS]
    (0x3600_000b, "ramdisktftpvarwindow"),  // [MS]
    (0x3600_000c, "vhdramdiskboot"),        // [C]
    (0x3500_000d, "vhdramdisklength"),      // [C]
];

/// Class 4 (setup template) elements.
const TEMPLATE: &[(u32, &str)] = &[
    (0x4500_0001, "devicetype"),                // [C]
    (0x4200_0002, "applicationrelativepath"),   // [C]
    (0x4200_0003, "ramdiskdevicerelativepath"), // [C]
    (0x4600_0004, "omitosloaderelements"),      // [C]
    (0x4700_0006, "elementstomigrate"),         // [C]
    (0x4600_0010, "recoveryos"),                // [C]
];

fn find(table: &[(u32, &'static str)], id: u32) -> Option<&'static str> {
    table.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

/// The bcdedit name of an element, given the application type of the object
/// that holds it (for class 2 elements). `None` where bcdedit would show
/// `custom:xxxxxxxx`.
pub fn element_name(id: u32, app: Option<ApplicationType>) -> Option<&'static str> {
    match id >> 28 {
        1 => find(LIBRARY, id),
        2 => match app? {
            ApplicationType::FirmwareBootManager | ApplicationType::WindowsBootManager => {
                find(BOOTMGR, id)
            }
            ApplicationType::WindowsBootLoader => find(OSLOADER, id),
            ApplicationType::WindowsResume => find(RESUME, id),
            ApplicationType::MemoryTester => find(MEMDIAG, id),
            ApplicationType::LegacyNtldr | ApplicationType::LegacySetupldr => find(LEGACY, id),
            ApplicationType::StartupModule => find(STARTUP, id),
            _ => None,
        },
        3 => find(DEVICE, id),
        4 => find(TEMPLATE, id),
        _ => None,
    }
}

/// The bcdedit value names of integer elements that hold an enumeration.
/// Sources: ReactOS bcd.h (BCDE_OSLOADER_TYPE_BOOT_STATUS_POLICY), ntbcd.h
/// (BcdLibrary_SafeBoot, BcdLibrary_DebuggerType,
/// BcdLibrary_DebuggerStartPolicy, BcdLibrary_FirstMegabytePolicy,
/// BcdLibrary_ConfigAccessPolicy, BcdLibrary_UxDisplayMessageType) and
/// Microsoft's BCD WMI documentation (BcdOSLoader_NxPolicy, PAEPolicy,
/// BootMenuPolicy).
pub fn integer_meaning(id: u32, app: Option<ApplicationType>, v: u64) -> Option<&'static str> {
    let pick = |names: &[&'static str]| usize::try_from(v).ok().and_then(|i| names.get(i).copied());
    let loader = matches!(app, Some(ApplicationType::WindowsBootLoader));
    let resume = matches!(app, Some(ApplicationType::WindowsResume));
    match id {
        0x1500_0011 => pick(&["Serial", "1394", "USB", "NET", "Local"]),
        0x1500_0018 => pick(&["Active", "AutoEnable", "Disable"]),
        0x1500_000c => pick(&["UseNone", "UseAll", "UsePrivate"]),
        0x1500_0047 => pick(&["Default", "DisallowMmConfig"]),
        0x1500_004b => pick(&["Default", "Enable", "Disable"]),
        0x1500_0065 | 0x1500_0066 => pick(&[
            "Default",
            "Resume",
            "HyperV",
            "Recovery",
            "StartupRepair",
            "SystemImageRecovery",
            "CommandPrompt",
            "SystemRestore",
            "PushButtonReset",
        ]),
        0x2500_00e0 if loader => pick(&[
            "DisplayAllFailures",
            "IgnoreAllFailures",
            "IgnoreShutdownFailures",
            "IgnoreBootFailures",
            "IgnoreCheckpointFailures",
            "DisplayShutdownFailures",
            "DisplayBootFailures",
            "DisplayCheckpointFailures",
        ]),
        0x2500_0080 if loader => pick(&["Minimal", "Network", "DsRepair"]),
        0x2500_0020 if loader => pick(&["OptIn", "OptOut", "AlwaysOff", "AlwaysOn"]),
        0x2500_0021 if loader => pick(&["Default", "ForceEnable", "ForceDisable"]),
        0x2500_00c2 if loader => pick(&["Legacy", "Standard"]),
        0x2500_0008 if resume => pick(&["Legacy", "Standard"]),
        0x2500_00c1 if loader => pick(&["Fatal", "UseErrorControl"]),
        0x2500_00f0 if loader => pick(&["Off", "Auto"]),
        _ => None,
    }
}

/// Well-known object GUIDs and their bcdedit aliases (`ntbcd.h`, bcdedit
/// `/?  ID`). `{current}` and `{default}` are resolved by bcdedit at run time;
/// they never appear as objects in a store.
pub const WELL_KNOWN: &[(&str, &str)] = &[
    ("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", "{bootmgr}"),
    ("{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}", "{fwbootmgr}"),
    ("{b2721d73-1db4-4c62-bf78-c548a880142d}", "{memdiag}"),
    ("{466f5a88-0af2-4f76-9038-095b170dc21c}", "{ntldr}"),
    ("{fa926493-6f1c-4193-a414-58f0b2456d1e}", "{current}"),
    ("{1cae1eb7-a0df-4d4d-9851-4860e34ef535}", "{default}"),
    ("{ae5534e0-a924-466c-b836-758539a3ee3a}", "{ramdiskoptions}"),
    ("{4636856e-540f-4170-a130-a84776f4c654}", "{dbgsettings}"),
    ("{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}", "{emssettings}"),
    ("{5189b25c-5558-4bf2-bca4-289b11bd29e2}", "{badmemory}"),
    ("{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}", "{globalsettings}"),
    (
        "{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}",
        "{bootloadersettings}",
    ),
    (
        "{1afa9c49-16ab-4a5c-901b-212802da9460}",
        "{resumeloadersettings}",
    ),
    (
        "{7ff607e0-4395-11db-b0de-0800200c9a66}",
        "{hypervisorsettings}",
    ),
    (
        "{313e8eed-7098-4586-a9bf-309c61f8d449}",
        "{kerneldbgsettings}",
    ),
];

/// The alias of a well-known object GUID (`"{bootmgr}"`), case-insensitive.
pub fn alias_of(guid: &str) -> Option<&'static str> {
    WELL_KNOWN
        .iter()
        .find(|(g, _)| g.eq_ignore_ascii_case(guid))
        .map(|(_, a)| *a)
}

/// The GUID of a well-known alias (`"{bootmgr}"` → its GUID).
pub fn guid_of_alias(alias: &str) -> Option<&'static str> {
    WELL_KNOWN
        .iter()
        .find(|(_, a)| a.eq_ignore_ascii_case(alias))
        .map(|(g, _)| *g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        for table in [
            LIBRARY, BOOTMGR, OSLOADER, RESUME, MEMDIAG, LEGACY, STARTUP, DEVICE, TEMPLATE,
        ] {
            for (i, (id, _)) in table.iter().enumerate() {
                assert!(
                    !table[..i].iter().any(|(o, _)| o == id),
                    "duplicate id {id:#x}"
                );
            }
        }
        // Same subtype, different class: bootems (library) vs displaybootmenu (boot manager).
        assert_eq!(element_name(0x1600_0020, None), Some("bootems"));
        assert_eq!(
            element_name(0x2600_0020, Some(ApplicationType::WindowsBootManager)),
            Some("displaybootmenu")
        );
        assert_eq!(
            element_name(0x2600_00b0, Some(ApplicationType::WindowsBootLoader)),
            Some("ems")
        );
        assert_eq!(
            element_name(0x2100_0001, Some(ApplicationType::WindowsResume)),
            Some("filedevice")
        );
        assert_eq!(
            alias_of("{9DEA862C-5CDD-4E70-ACC1-F32B344D4795}"),
            Some("{bootmgr}")
        );
    }
}
