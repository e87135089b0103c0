//! deploy/kubernetes without a cluster: the manifests validate against the
//! Kubernetes API schemas (the `kubernetes-validate` PyPI package, strict:
//! unknown fields are errors), the Indexed Job's `--shard K/N` agrees with its
//! `completions`, and the shards that N pods would run, each
//! `vmrescue triage --shard K/N` over the same list, diagnose every source
//! exactly once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use vmrescue_testkit::{python_with, repo_root, scenario_disks};

fn manifests() -> Vec<PathBuf> {
    let dir = repo_root().join("deploy/kubernetes");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "{v:?}");
    v
}

#[test]
fn the_manifests_validate_and_the_shard_count_is_the_completion_count() {
    let Some(python) = python_with("kubernetes_validate") else {
        return;
    };
    let files = manifests();
    let out = Command::new(&python)
        .args(["-m", "kubernetes_validate", "--strict"])
        .args(&files)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "kubernetes-validate rejects the manifests:\n{text}"
    );
    // And it is a real check: a wrong type is rejected.
    let job = repo_root().join("deploy/kubernetes/triage-job.yaml");
    let bad = std::env::temp_dir().join(format!("vmrescue-bad-job-{}.yaml", std::process::id()));
    let text = std::fs::read_to_string(&job).unwrap();
    std::fs::write(&bad, text.replace("completions: 4", "completions: four")).unwrap();
    let rejected = Command::new(&python)
        .args(["-m", "kubernetes_validate", "--strict"])
        .arg(&bad)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&bad);
    assert!(!rejected.status.success(), "a broken manifest passed");
    // The Job: Indexed, and `--shard "${JOB_COMPLETION_INDEX}/N"` with N = completions.
    let check = r#"
import re, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
assert spec["completionMode"] == "Indexed", spec
n = spec["completions"]
c = spec["template"]["spec"]["containers"][0]
cmd = " ".join(c.get("command", []) + c.get("args", []))
m = re.search(r'--shard "\$\{JOB_COMPLETION_INDEX\}/(\d+)"', cmd)
assert m, cmd
assert int(m.group(1)) == n, (m.group(1), n)
assert "--sources-from" in cmd and "vmrescue triage" in cmd, cmd
print(n)
"#;
    let out = Command::new(&python)
        .args(["-c", check])
        .arg(&job)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_shards_of_an_indexed_job_diagnose_every_source_once() {
    let dir = scenario_disks();
    let mut disks: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vhdx"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    disks.sort();
    assert!(disks.len() >= 5, "{disks:?}");
    let list = std::env::temp_dir().join(format!("vmrescue-shards-{}.txt", std::process::id()));
    std::fs::write(&list, format!("# fleet\n{}\n", disks.join("\n"))).unwrap();
    let count = 3;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for k in 0..count {
        let o = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
            .args(["triage", "--sources-from"])
            .arg(&list)
            .args(["--shard", &format!("{k}/{count}"), "--jobs", "1"])
            .env("LANG", "C")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Shard k takes the sources at positions k, k + N, …
        let want: Vec<&String> = disks.iter().skip(k).step_by(count).collect();
        assert_eq!(lines.len(), want.len(), "shard {k}/{count}");
        for l in &lines {
            let s = l["source"].as_str().unwrap().to_string();
            assert!(want.contains(&&s), "shard {k} took {s}");
            assert_eq!(l["ok"], true);
            *seen.entry(s).or_default() += 1;
        }
    }
    let _ = std::fs::remove_file(&list);
    assert_eq!(seen.len(), disks.len(), "every source diagnosed");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    // A bad shard is a usage error.
    let bad = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["triage", "x.vhdx", "--shard", "3/3"])
        .env("LANG", "C")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(Path::new(&disks[0]).exists());
}
