//! A bounded least-recently-used cache of aligned blocks.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One cached block's bytes (the last block of an object may be short).
pub(crate) type Block = Arc<Vec<u8>>;

/// Blocks by index, at most `cap` of them; the least recently used goes first.
pub(crate) struct BlockCache {
    map: HashMap<u64, (Block, u64)>,
    order: BTreeMap<u64, u64>,
    tick: u64,
    cap: usize,
}

impl BlockCache {
    /// A cache of at most `cap` blocks (0 caches nothing).
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            map: HashMap::new(),
            order: BTreeMap::new(),
            tick: 0,
            cap,
        }
    }

    fn touch(&mut self, block: u64) -> u64 {
        self.tick += 1;
        self.order.insert(self.tick, block);
        self.tick
    }

    /// The block, marking it used.
    pub(crate) fn get(&mut self, block: u64) -> Option<Block> {
        let old = self.map.get(&block).map(|(_, t)| *t)?;
        self.order.remove(&old);
        let t = self.touch(block);
        let entry = self.map.get_mut(&block)?;
        entry.1 = t;
        Some(Arc::clone(&entry.0))
    }

    /// Whether the block is cached (without marking it used).
    pub(crate) fn contains(&self, block: u64) -> bool {
        self.map.contains_key(&block)
    }

    /// Stores a block, evicting the least recently used ones beyond the cap.
    pub(crate) fn insert(&mut self, block: u64, data: Block) {
        if self.cap == 0 {
            return;
        }
        if let Some((_, old)) = self.map.remove(&block) {
            self.order.remove(&old);
        }
        while self.map.len() >= self.cap {
            let Some((_, victim)) = self.order.pop_first() else {
                break;
            };
            self.map.remove(&victim);
        }
        let t = self.touch(block);
        self.map.insert(block, (data, t));
    }

    /// Number of cached blocks.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blk(v: u8) -> Block {
        Arc::new(vec![v; 4])
    }

    #[test]
    fn evicts_least_recently_used() {
        let mut c = BlockCache::new(2);
        c.insert(1, blk(1));
        c.insert(2, blk(2));
        assert!(c.get(1).is_some()); // 2 is now the oldest
        c.insert(3, blk(3));
        assert_eq!(c.len(), 2);
        assert!(c.contains(1) && c.contains(3) && !c.contains(2));
        c.insert(3, blk(9)); // replace keeps the size
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(3).as_deref().map(Vec::as_slice), Some(&[9u8; 4][..]));
    }

    #[test]
    fn zero_cap_caches_nothing() {
        let mut c = BlockCache::new(0);
        c.insert(1, blk(1));
        assert!(c.get(1).is_none());
    }
}
