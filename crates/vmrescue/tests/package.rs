//! `scripts/package-deb.sh`: the Debian package of the test binary has the
//! binary, the man page, the completions and the copyright, and what it
//! installs works (unpacked into a scratch root with `dpkg -x`).

use std::path::Path;
use std::process::{Command, Output};

use vmrescue_testkit::{repo_root, tool};

/// Runs `cmd`; asserts exit 0 and returns standard output.
fn run(cmd: &mut Command) -> String {
    let out: Output = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The files the package must install, as `dpkg-deb --contents` names them.
const FILES: [&str; 7] = [
    "./usr/bin/vmrescue",
    "./usr/share/man/man1/vmrescue.1.gz",
    "./usr/share/bash-completion/completions/vmrescue",
    "./usr/share/zsh/vendor-completions/_vmrescue",
    "./usr/share/fish/vendor_completions.d/vmrescue.fish",
    "./usr/share/doc/vmrescue/copyright",
    "./usr/share/doc/vmrescue/README.md",
];

#[test]
fn deb_installs_a_working_binary_man_page_and_completions() {
    let tools = [
        ("dpkg-deb", "dpkg"),
        ("dpkg", "dpkg"),
        ("man", "man-db"),
        ("gzip", "gzip"),
    ];
    if !tools
        .iter()
        .all(|(program, package)| tool(program, package))
    {
        return;
    }
    let repo = repo_root();
    let tmp = std::env::temp_dir().join(format!("vmrescue-package-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let out_dir = tmp.join("out");
    let stdout = run(Command::new("bash")
        .arg(repo.join("scripts/package-deb.sh"))
        .arg("--binary")
        .arg(env!("CARGO_BIN_EXE_vmrescue"))
        .arg("--out")
        .arg(&out_dir));
    // The script's last line is the package's path.
    let deb = Path::new(stdout.lines().last().expect("the .deb's path").trim()).to_path_buf();
    assert!(deb.starts_with(&out_dir), "{}", deb.display());
    assert!(deb.is_file(), "{} was not written", deb.display());

    // Control fields.
    let info = run(Command::new("dpkg-deb").arg("--info").arg(&deb));
    let arch = run(Command::new("dpkg").arg("--print-architecture"));
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} field in\n{info}"))
            .to_string()
    };
    assert_eq!(field("Package"), "vmrescue");
    assert_eq!(
        field("Version"),
        env!("CARGO_PKG_VERSION").replacen('-', "~", 1)
    );
    assert_eq!(field("Architecture"), arch.trim());
    assert_eq!(field("Section"), "utils");
    assert_eq!(field("Priority"), "optional");
    assert!(!field("Maintainer").is_empty() && !field("Description").is_empty());
    let depends = field("Depends");
    let names: Vec<&str> = depends
        .split(',')
        .map(|d| d.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(names.contains(&"libc6"), "Depends: {depends}");
    // A binary built with OCR links Tesseract and needs its language data.
    let ocr = [
        "tesseract-ocr-eng",
        "tesseract-ocr-swe",
        "tesseract-ocr-spa",
    ];
    for data in ocr {
        assert_eq!(
            names.contains(&data),
            cfg!(feature = "ocr"),
            "{data} in Depends: {depends}"
        );
    }
    if cfg!(feature = "ocr") {
        assert!(
            names.iter().any(|n| n.starts_with("libtesseract")),
            "Depends: {depends}"
        );
    }

    // Contents: every file, owned by root.
    let contents = run(Command::new("dpkg-deb").arg("--contents").arg(&deb));
    for file in FILES {
        let line = contents
            .lines()
            .find(|l| l.ends_with(&format!(" {file}")))
            .unwrap_or_else(|| panic!("{file} is not in the package:\n{contents}"));
        assert!(line.contains(" root/root "), "{line}");
        assert!(line.starts_with('-'), "{file} is not a plain file: {line}");
    }
    assert!(
        contents.contains("-rwxr-xr-x root/root") && contents.contains(" ./usr/bin/vmrescue"),
        "{contents}"
    );

    // What it installs works.
    let root = tmp.join("root");
    run(Command::new("dpkg").arg("-x").arg(&deb).arg(&root));
    let bin = root.join("usr/bin/vmrescue");
    let version = run(Command::new(&bin).arg("--version").env("LANG", "C"));
    assert_eq!(
        version.trim(),
        format!("vmrescue {}", env!("CARGO_PKG_VERSION"))
    );
    let report = run(Command::new(&bin)
        .arg("diagnose")
        .arg(repo.join("examples/broken-vm-0xc000021a.qcow2"))
        .env("LANG", "C"));
    assert!(report.contains("0xC000021A"), "{report}");

    let man = run(Command::new("man")
        .args(["-P", "cat", "-l"])
        .arg(root.join("usr/share/man/man1/vmrescue.1.gz"))
        .env("LANG", "C")
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat"));
    for word in ["vmrescue", "diagnose", "triage"] {
        assert!(
            man.contains(word),
            "the man page does not name {word}:\n{man}"
        );
    }
    let copyright = std::fs::read_to_string(root.join("usr/share/doc/vmrescue/copyright")).unwrap();
    assert!(
        copyright.contains("License: MIT or Apache-2.0"),
        "{copyright}"
    );
    run(Command::new("bash")
        .arg("-n")
        .arg(root.join("usr/share/bash-completion/completions/vmrescue")));

    let _ = std::fs::remove_dir_all(&tmp);
}
