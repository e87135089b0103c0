//! Every Fluent id the library returns exists in all three languages.

use vmrescue_l10n::{Lang, has_message};

#[test]
fn every_prepare_message_id_exists() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut ids = Vec::new();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for part in text.split('"').skip(1).step_by(2) {
            if part.starts_with("prepare-") && !part.contains(' ') {
                ids.push(part.to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    assert!(ids.len() > 30, "{ids:?}");
    for lang in Lang::ALL {
        let missing: Vec<&String> = ids.iter().filter(|id| !has_message(lang, id)).collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
    }
}
