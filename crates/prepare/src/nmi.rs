//! How to send a non-maskable interrupt (NMI) to the VM once it runs
//! again, per platform. Commands are given only where the platform's own
//! documentation states them:
//! - Azure: Serial Console's keyboard menu "Send Non-Maskable Interrupt
//!   (NMI)" (SupportArticles-docs `serial-console-windows.md`), and
//!   `az serial-console send nmi --resource-group RG --name VM` (Azure CLI
//!   reference, serial-console extension).
//! - Hyper-V: `Debug-VM -Name VM -InjectNonMaskableInterrupt` (Hyper-V
//!   PowerShell module reference; Windows Server 2012 R2 / 8.1 hosts and
//!   later).
//! - libvirt: `virsh inject-nmi DOMAIN`.
//! - QEMU: the monitor command `nmi` (QMP: `inject-nmi`).
//! - VMware: no NMI command is documented for `vmrun` or the vSphere
//!   Client that could be verified; the instruction points to VMware's
//!   knowledge base instead of guessing.

use serde::Serialize;

/// A virtualization platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Microsoft Azure.
    Azure,
    /// Microsoft Hyper-V.
    HyperV,
    /// libvirt (KVM).
    Libvirt,
    /// QEMU without libvirt.
    Qemu,
    /// VMware ESXi / Workstation.
    Vmware,
}

/// How to send an NMI on one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NmiInstruction {
    /// The platform.
    pub platform: Platform,
    /// Fluent message id of the explanation (`prepare-nmi-…`).
    pub message: &'static str,
    /// Commands to run, verbatim (placeholders in capitals).
    pub commands: Vec<&'static str>,
    /// Where this comes from.
    pub source: &'static str,
}

/// The NMI instructions for every platform, then (as the last entry's
/// message, [`NEXT_STEP`]) what to do after the dump is written.
pub fn nmi_instructions() -> Vec<NmiInstruction> {
    vec![
        NmiInstruction {
            platform: Platform::Azure,
            message: "prepare-nmi-azure",
            commands: vec![
                "az serial-console send nmi --resource-group RESOURCE_GROUP --name VM_NAME",
            ],
            source: "Azure Serial Console for Windows (keyboard menu: Send Non-Maskable Interrupt (NMI)); Azure CLI reference: az serial-console send nmi",
        },
        NmiInstruction {
            platform: Platform::HyperV,
            message: "prepare-nmi-hyperv",
            commands: vec!["Debug-VM -Name \"VM_NAME\" -InjectNonMaskableInterrupt -Force"],
            source: "Hyper-V PowerShell module: Debug-VM -InjectNonMaskableInterrupt",
        },
        NmiInstruction {
            platform: Platform::Libvirt,
            message: "prepare-nmi-libvirt",
            commands: vec!["virsh inject-nmi DOMAIN"],
            source: "virsh(1): inject-nmi",
        },
        NmiInstruction {
            platform: Platform::Qemu,
            message: "prepare-nmi-qemu",
            commands: vec!["nmi", "{ \"execute\": \"inject-nmi\" }"],
            source: "QEMU monitor (HMP) command nmi; QMP command inject-nmi",
        },
        NmiInstruction {
            platform: Platform::Vmware,
            message: "prepare-nmi-vmware",
            commands: vec![],
            source: "no NMI command verified for vmrun or the vSphere Client; see the VMware (Broadcom) knowledge base",
        },
    ]
}

/// Fluent id of the closing instruction: boot, wait for the stop error,
/// then `vmrescue collect`.
pub const NEXT_STEP: &str = "prepare-next-step";
