//! The two low-level encodings the bundle writes by hand: tar member headers
//! (GNU format through the `tar` crate's `Header`, with a GNU long-name entry
//! for names over 100 bytes and base-256 sizes past 8 GiB) and the stored
//! ("raw blocks") zstd frame that holds the manifest, whose length depends
//! only on the length of its content (RFC 8878 §3.1.1).

use std::io;

/// tar block size.
pub(crate) const BLOCK: u64 = 512;

/// Zero bytes that pad `len` bytes of member data to a whole block.
pub(crate) fn padding(len: u64) -> usize {
    ((BLOCK - len % BLOCK) % BLOCK) as usize
}

/// The header block(s) of a regular file member.
pub(crate) fn header(name: &str, size: u64, mtime: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    let bytes = name.as_bytes();
    if bytes.len() > 100 {
        // GNU long name: a `././@LongLink` member of type 'L' holding the name.
        let mut long = tar::Header::new_gnu();
        set_name(&mut long, b"././@LongLink");
        long.set_mode(0o644);
        long.set_uid(0);
        long.set_gid(0);
        long.set_mtime(0);
        long.set_size(bytes.len() as u64 + 1);
        long.set_entry_type(tar::EntryType::GNULongName);
        long.set_cksum();
        out.extend_from_slice(long.as_bytes());
        out.extend_from_slice(bytes);
        out.push(0);
        out.resize(out.len() + padding(bytes.len() as u64 + 1), 0);
    }
    let mut h = tar::Header::new_gnu();
    set_name(&mut h, &bytes[..bytes.len().min(100)]);
    h.set_mode(0o644);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(mtime);
    h.set_size(size);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    out.extend_from_slice(h.as_bytes());
    Ok(out)
}

fn set_name(h: &mut tar::Header, name: &[u8]) {
    let field = &mut h.as_old_mut().name;
    field.fill(0);
    field[..name.len()].copy_from_slice(name);
}

/// Largest block in a stored zstd frame.
const ZSTD_MAX_BLOCK: usize = 128 * 1024;

/// Length of the stored zstd frame for `content_len` bytes.
pub(crate) fn stored_frame_len(content_len: usize) -> usize {
    let blocks = content_len.div_ceil(ZSTD_MAX_BLOCK).max(1);
    4 + 1 + 8 + blocks * 3 + content_len
}

/// A zstd frame holding `content` uncompressed: magic, a frame header with the
/// single-segment flag and an 8-byte content size (so the window is the
/// content and any decoder accepts it), then raw blocks of up to 128 KiB.
pub(crate) fn stored_frame(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(stored_frame_len(content.len()));
    out.extend_from_slice(&0xFD2F_B528u32.to_le_bytes());
    // Frame_Header_Descriptor: FCS_Field_Size = 3 (8 bytes), Single_Segment = 1,
    // no checksum, no dictionary.
    out.push(0b1110_0000);
    out.extend_from_slice(&(content.len() as u64).to_le_bytes());
    let mut chunks = content.chunks(ZSTD_MAX_BLOCK).peekable();
    if content.is_empty() {
        out.extend_from_slice(&[1, 0, 0]); // one empty last raw block
    }
    while let Some(c) = chunks.next() {
        let last = u32::from(chunks.peek().is_none());
        // Block_Header: Last_Block (bit 0), Block_Type = Raw (0), Block_Size (bits 3..).
        let h = last | ((c.len() as u32) << 3);
        out.extend_from_slice(&h.to_le_bytes()[..3]);
        out.extend_from_slice(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn stored_frames_decode_with_zstd() {
        for len in [0usize, 1, 511, 128 * 1024, 128 * 1024 + 1, 300_000] {
            let content: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
            let frame = stored_frame(&content);
            assert_eq!(frame.len(), stored_frame_len(len));
            let mut out = Vec::new();
            zstd::stream::read::Decoder::new(&frame[..])
                .expect("decoder")
                .read_to_end(&mut out)
                .expect("decode");
            assert!(out == content, "length {len}");
        }
    }

    #[test]
    fn long_names_and_large_sizes_read_back_with_the_tar_crate() {
        let name = format!("p3/{}/file.dmp", "d".repeat(150));
        let mut tarball = header(&name, 3, 1_700_000_000).expect("header");
        tarball.extend_from_slice(b"abc");
        tarball.resize(tarball.len() + padding(3), 0);
        tarball.extend_from_slice(&header("big", 10 << 30, 0).expect("header"));
        let mut ar = tar::Archive::new(&tarball[..]);
        let mut entries = ar.entries().expect("entries");
        let first = entries.next().expect("one").expect("entry");
        assert_eq!(first.path().expect("path").to_str(), Some(name.as_str()));
        assert_eq!(first.header().mtime().expect("mtime"), 1_700_000_000);
        let h = tar::Header::from_byte_slice(&tarball[tarball.len() - 512..]);
        assert_eq!(h.size().expect("size"), 10 << 30);
    }
}
