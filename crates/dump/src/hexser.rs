//! Serialize addresses and codes as "0x…" hex strings in JSON: values above
//! 2^53 would lose precision in JSON tools that read numbers as doubles.

use serde::Serializer;

pub(crate) fn u64<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{v:#x}"))
}

pub(crate) fn u32<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{v:#x}"))
}

pub(crate) fn u64_seq<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| format!("{x:#x}")))
}
