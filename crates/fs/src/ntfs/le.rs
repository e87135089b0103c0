//! Little-endian field readers that never panic: a field that does not fit
//! reads as 0, and every caller checks lengths before trusting a value.

pub fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at.wrapping_add(2))
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

pub fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at.wrapping_add(4))
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

pub fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    if let Some(s) = b.get(at..at.wrapping_add(8)) {
        x.copy_from_slice(s);
    }
    u64::from_le_bytes(x)
}
