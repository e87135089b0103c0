//! `verify`: re-read every member of a bundle and check it against the
//! manifest and `SHA256SUMS`, decrypting with an age identity when needed.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{BundleError, Result};
use crate::manifest::{CHECKSUMS_MEMBER, FORMAT, Layout, MANIFEST_MEMBER, Manifest};
use crate::progress::{NoProgress, Phase, Progress};
use crate::stream::hex;

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The bundle.
    pub bundle: PathBuf,
    /// `tar.zst` or `dir`.
    pub layout: Layout,
    /// True when it was age-encrypted.
    pub encrypted: bool,
    /// The manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Members read and hashed (including `manifest.json` and `SHA256SUMS`).
    pub members_checked: usize,
    /// Bytes of member data read.
    pub bytes_checked: u64,
    /// Everything that differs. Empty when the bundle holds.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// True when the bundle holds: a manifest, every member matching it and
    /// `SHA256SUMS`, nothing missing or extra, no damage.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.manifest.is_some()
    }
}

/// One thing that differs from what the bundle says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// There is no `manifest.json`.
    ManifestMissing,
    /// The first member of the `.tar.zst` is not `manifest.json`.
    ManifestNotFirst {
        /// The first member's name.
        first: String,
    },
    /// `manifest.json` is not a readable manifest of this format.
    ManifestInvalid {
        /// Why.
        error: String,
    },
    /// There is no `SHA256SUMS`.
    ChecksumsMissing,
    /// A line of `SHA256SUMS` cannot be read.
    ChecksumsInvalid {
        /// 1-based line number.
        line: usize,
    },
    /// A member's content is not what the manifest says.
    HashMismatch {
        /// The member.
        member: String,
        /// SHA-256 in the manifest.
        expected: String,
        /// SHA-256 of the member as read.
        actual: String,
    },
    /// A member's size is not what the manifest says.
    SizeMismatch {
        /// The member.
        member: String,
        /// Size in the manifest.
        expected: u64,
        /// Size as read.
        actual: u64,
    },
    /// A member's content is not what `SHA256SUMS` says (for `manifest.json`,
    /// the only check of the manifest itself).
    ChecksumMismatch {
        /// The member.
        member: String,
        /// SHA-256 in `SHA256SUMS`.
        expected: String,
        /// SHA-256 as read.
        actual: String,
    },
    /// The manifest or `SHA256SUMS` lists a member that is not in the bundle.
    MissingMember {
        /// The member.
        member: String,
    },
    /// The bundle holds a member that neither the manifest nor `SHA256SUMS` lists.
    UnexpectedMember {
        /// The member.
        member: String,
    },
    /// A member name appears twice.
    DuplicateMember {
        /// The member.
        member: String,
    },
    /// The bundle cannot be read past a point: damaged compressed or
    /// encrypted data, a broken tar header, or a truncated file.
    Damaged {
        /// The last member read completely before the damage, if any.
        after: Option<String>,
        /// The error.
        error: String,
    },
}

impl Problem {
    /// The Fluent message id that words this problem (`verify-problem-*`);
    /// its arguments are the variant's fields by the same names (`$member`,
    /// `$expected`, `$actual`, `$first`, `$line`, `$error`). A `Damaged`
    /// without `after` uses `verify-problem-damaged-start`.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::ManifestMissing => "verify-problem-manifest-missing",
            Self::ManifestNotFirst { .. } => "verify-problem-manifest-not-first",
            Self::ManifestInvalid { .. } => "verify-problem-manifest-invalid",
            Self::ChecksumsMissing => "verify-problem-checksums-missing",
            Self::ChecksumsInvalid { .. } => "verify-problem-checksums-invalid",
            Self::HashMismatch { .. } => "verify-problem-hash-mismatch",
            Self::SizeMismatch { .. } => "verify-problem-size-mismatch",
            Self::ChecksumMismatch { .. } => "verify-problem-checksum-mismatch",
            Self::MissingMember { .. } => "verify-problem-missing-member",
            Self::UnexpectedMember { .. } => "verify-problem-unexpected-member",
            Self::DuplicateMember { .. } => "verify-problem-duplicate-member",
            Self::Damaged { after: Some(_), .. } => "verify-problem-damaged",
            Self::Damaged { after: None, .. } => "verify-problem-damaged-start",
        }
    }
}

/// Verifies a bundle (a `.tar.zst`, possibly age-encrypted, or a `--dir`
/// folder). `identity` is an age identity file (`age-keygen` output) or an
/// unencrypted SSH private key, needed for encrypted bundles.
pub fn verify(path: &Path, identity: Option<&Path>) -> Result<VerifyReport> {
    verify_with_progress(path, identity, &NoProgress)
}

/// [`verify`] with progress reporting.
pub fn verify_with_progress(
    path: &Path,
    identity: Option<&Path>,
    progress: &dyn Progress,
) -> Result<VerifyReport> {
    let meta = fs::metadata(path).map_err(|source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return verify_dir(path, progress);
    }
    verify_tar(path, identity, progress)
}

/// What was read of each member.
#[derive(Default)]
struct Seen {
    /// name → (size, sha256) in bundle order.
    members: Vec<(String, u64, String)>,
    manifest: Option<Manifest>,
    problems: Vec<Problem>,
    sums: Option<Vec<u8>>,
    bytes: u64,
}

fn hash_reader(
    r: &mut dyn Read,
    keep: bool,
    progress: &dyn Progress,
) -> io::Result<(u64, String, Vec<u8>)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut kept = Vec::new();
    let mut n = 0u64;
    loop {
        let got = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(g) => g,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..got]);
        if keep && kept.len() < (64 << 20) {
            kept.extend_from_slice(&buf[..got]);
        }
        n += got as u64;
        progress.advance(got as u64);
    }
    Ok((n, hex(&h.finalize()), kept))
}

impl Seen {
    fn add(&mut self, name: String, r: &mut dyn Read, progress: &dyn Progress) -> io::Result<()> {
        progress.member(&name);
        let first = self.members.is_empty();
        let keep = name == MANIFEST_MEMBER || name == CHECKSUMS_MEMBER;
        let (size, sha, data) = hash_reader(r, keep, progress)?;
        self.bytes += size;
        if self.members.iter().any(|(m, _, _)| *m == name) {
            self.problems.push(Problem::DuplicateMember {
                member: name.clone(),
            });
        }
        if name == MANIFEST_MEMBER {
            if !first {
                self.problems.push(Problem::ManifestNotFirst {
                    first: self.members[0].0.clone(),
                });
            }
            match serde_json::from_slice::<Manifest>(&data) {
                Ok(m) if m.format == FORMAT => {
                    if first {
                        let total = m.files.iter().map(|f| f.size).sum::<u64>() + size;
                        progress.start(Phase::Verifying, total);
                        progress.advance(size);
                    }
                    self.manifest = Some(m);
                }
                Ok(m) => self.problems.push(Problem::ManifestInvalid {
                    error: format!("format is {:?}, not {FORMAT:?}", m.format),
                }),
                Err(e) => self.problems.push(Problem::ManifestInvalid {
                    error: e.to_string(),
                }),
            }
        } else if first {
            self.problems.push(Problem::ManifestNotFirst {
                first: name.clone(),
            });
        }
        if name == CHECKSUMS_MEMBER {
            self.sums = Some(data);
        }
        self.members.push((name, size, sha));
        Ok(())
    }

    /// Compares what was read with the manifest and `SHA256SUMS`.
    fn finish(mut self) -> (Option<Manifest>, Vec<Problem>, usize, u64) {
        let read: HashMap<&str, (u64, &str)> = self
            .members
            .iter()
            .map(|(n, s, h)| (n.as_str(), (*s, h.as_str())))
            .collect();
        let mut problems = Vec::new();
        if !read.contains_key(MANIFEST_MEMBER) && self.manifest.is_none() {
            problems.push(Problem::ManifestMissing);
        }
        let mut listed: BTreeMap<String, ()> = BTreeMap::new();
        if let Some(m) = &self.manifest {
            for f in &m.files {
                listed.insert(f.member.clone(), ());
                match read.get(f.member.as_str()) {
                    None => problems.push(Problem::MissingMember {
                        member: f.member.clone(),
                    }),
                    Some(&(size, sha)) => {
                        if size != f.size {
                            problems.push(Problem::SizeMismatch {
                                member: f.member.clone(),
                                expected: f.size,
                                actual: size,
                            });
                        }
                        if sha != f.sha256 {
                            problems.push(Problem::HashMismatch {
                                member: f.member.clone(),
                                expected: f.sha256.clone(),
                                actual: sha.to_string(),
                            });
                        }
                    }
                }
            }
        }
        match &self.sums {
            None => problems.push(Problem::ChecksumsMissing),
            Some(sums) => {
                for (i, line) in sums.split(|&b| b == b'\n').enumerate() {
                    if line.is_empty() {
                        continue;
                    }
                    let text = String::from_utf8_lossy(line);
                    let parsed = text.split_once(' ').and_then(|(h, rest)| {
                        let name = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('*'))?;
                        (h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                            .then(|| (h.to_ascii_lowercase(), name.to_string()))
                    });
                    let Some((expected, name)) = parsed else {
                        problems.push(Problem::ChecksumsInvalid { line: i + 1 });
                        continue;
                    };
                    listed.insert(name.clone(), ());
                    match read.get(name.as_str()) {
                        None => {
                            if !problems.iter().any(|p| matches!(p, Problem::MissingMember { member } if *member == name)) {
                                problems.push(Problem::MissingMember { member: name });
                            }
                        }
                        Some(&(_, sha)) if sha != expected => {
                            problems.push(Problem::ChecksumMismatch {
                                member: name,
                                expected,
                                actual: sha.to_string(),
                            });
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        for (name, _, _) in &self.members {
            if name != MANIFEST_MEMBER && name != CHECKSUMS_MEMBER && !listed.contains_key(name) {
                problems.push(Problem::UnexpectedMember {
                    member: name.clone(),
                });
            }
        }
        self.problems.extend(problems);
        (self.manifest, self.problems, self.members.len(), self.bytes)
    }
}

enum Kind {
    Zstd,
    Age,
}

fn sniff(path: &Path) -> Result<Kind> {
    let mut head = [0u8; 64];
    let n = File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|source| BundleError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let head = &head[..n];
    if head.starts_with(&0xFD2F_B528u32.to_le_bytes()) {
        Ok(Kind::Zstd)
    } else if head.starts_with(b"age-encryption.org/")
        || head.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        Ok(Kind::Age)
    } else {
        Err(BundleError::NotABundle {
            path: path.to_path_buf(),
            reason: "neither zstd nor age data".into(),
        })
    }
}

fn load_identities(path: &Path) -> Result<Vec<Box<dyn age::Identity>>> {
    let data = fs::read(path).map_err(|source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |reason: String| BundleError::BadIdentity {
        path: path.to_path_buf(),
        reason,
    };
    if let Ok(file) = age::IdentityFile::from_buffer(&data[..])
        && let Ok(ids) = file.into_identities()
        && !ids.is_empty()
    {
        return Ok(ids);
    }
    match age::ssh::Identity::from_buffer(&data[..], Some(path.display().to_string())) {
        Ok(age::ssh::Identity::Unencrypted(k)) => {
            let id = age::ssh::Identity::Unencrypted(k).with_callbacks(age::NoCallbacks);
            Ok(vec![Box::new(id)])
        }
        Ok(age::ssh::Identity::Encrypted(_)) => Err(bad(
            "passphrase-protected SSH keys are not supported; decrypt with `age -d -i` instead"
                .into(),
        )),
        Ok(age::ssh::Identity::Unsupported(k)) => Err(bad(format!("unsupported SSH key: {k:?}"))),
        Err(e) => Err(bad(e.to_string())),
    }
}

fn verify_tar(
    path: &Path,
    identity: Option<&Path>,
    progress: &dyn Progress,
) -> Result<VerifyReport> {
    let kind = sniff(path)?;
    let file = File::open(path).map_err(|source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let buffered = BufReader::with_capacity(1 << 20, file);
    let encrypted = matches!(kind, Kind::Age);
    let plain: Box<dyn Read> = match kind {
        Kind::Zstd => Box::new(buffered),
        Kind::Age => {
            let Some(id_path) = identity else {
                return Err(BundleError::NeedIdentity {
                    path: path.to_path_buf(),
                });
            };
            let ids = load_identities(id_path)?;
            let armored = BufReader::new(age::armor::ArmoredReader::new(buffered));
            let dec_err = |e: age::DecryptError| BundleError::Decrypt {
                path: path.to_path_buf(),
                reason: e.to_string(),
            };
            let dec = age::Decryptor::new_buffered(armored).map_err(dec_err)?;
            let r = dec
                .decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
                .map_err(dec_err)?;
            Box::new(r)
        }
    };
    // The total is known once the manifest (the first member) is read.
    progress.start(Phase::Verifying, 0);
    let decoder = zstd::stream::read::Decoder::new(plain).map_err(|source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut archive = tar::Archive::new(decoder);
    let mut seen = Seen::default();
    let mut damaged: Option<Problem> = None;
    let last = |seen: &Seen| seen.members.last().map(|m| m.0.clone());
    match archive.entries() {
        Err(e) => {
            damaged = Some(Problem::Damaged {
                after: None,
                error: e.to_string(),
            })
        }
        Ok(entries) => {
            for entry in entries {
                let mut entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        damaged = Some(Problem::Damaged {
                            after: last(&seen),
                            error: e.to_string(),
                        });
                        break;
                    }
                };
                let name = match entry.path() {
                    Ok(p) => p.to_string_lossy().replace('\\', "/"),
                    Err(e) => {
                        damaged = Some(Problem::Damaged {
                            after: last(&seen),
                            error: e.to_string(),
                        });
                        break;
                    }
                };
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                if let Err(e) = seen.add(name, &mut entry, progress) {
                    damaged = Some(Problem::Damaged {
                        after: last(&seen),
                        error: e.to_string(),
                    });
                    break;
                }
            }
        }
    }
    if damaged.is_none() {
        // Read to the very end so the zstd checksum (and age's last chunk) are checked.
        let mut rest = archive.into_inner();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match rest.read(&mut buf) {
                Ok(0) => break,
                Ok(n) if buf[..n].iter().all(|&b| b == 0) => {}
                Ok(_) => {
                    damaged = Some(Problem::Damaged {
                        after: last(&seen),
                        error: "data after the end of the archive".into(),
                    });
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    damaged = Some(Problem::Damaged {
                        after: last(&seen),
                        error: e.to_string(),
                    });
                    break;
                }
            }
        }
    }
    progress.finish();
    let (manifest, mut problems, members_checked, bytes_checked) = seen.finish();
    if let Some(d) = damaged {
        problems.insert(0, d);
    }
    Ok(VerifyReport {
        bundle: path.to_path_buf(),
        layout: Layout::TarZst,
        encrypted,
        manifest,
        members_checked,
        bytes_checked,
        problems,
    })
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let t = e.file_type()?;
        if t.is_dir() {
            walk(&e.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

fn verify_dir(path: &Path, progress: &dyn Progress) -> Result<VerifyReport> {
    let read_err = |source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    walk(path, "", &mut names).map_err(read_err)?;
    // manifest.json first, as in a .tar.zst; SHA256SUMS and the rest after.
    names.sort_by_key(|n| (n != MANIFEST_MEMBER, n.clone()));
    let total = names
        .iter()
        .filter_map(|n| fs::metadata(path.join(n)).ok())
        .map(|m| m.len())
        .sum();
    progress.start(Phase::Verifying, total);
    let mut seen = Seen::default();
    let mut damaged = None;
    for name in names {
        let r = File::open(path.join(&name))
            .and_then(|f| seen.add(name.clone(), &mut BufReader::new(f), progress));
        if let Err(e) = r {
            damaged = Some(Problem::Damaged {
                after: Some(name),
                error: e.to_string(),
            });
        }
    }
    progress.finish();
    let no_manifest = !seen.members.iter().any(|m| m.0 == MANIFEST_MEMBER);
    let (manifest, mut problems, members_checked, bytes_checked) = seen.finish();
    // In a folder the order is not stored: a missing manifest is reported as
    // missing, not as "not first".
    problems.retain(|p| !matches!(p, Problem::ManifestNotFirst { .. }));
    if no_manifest && !problems.contains(&Problem::ManifestMissing) {
        problems.insert(0, Problem::ManifestMissing);
    }
    if let Some(d) = damaged {
        problems.insert(0, d);
    }
    Ok(VerifyReport {
        bundle: path.to_path_buf(),
        layout: Layout::Dir,
        encrypted: false,
        manifest,
        members_checked,
        bytes_checked,
        problems,
    })
}
