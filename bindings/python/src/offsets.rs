//! Byte offsets (core) to Python indices: the binding's single place for that conversion.

/// What a Python index counts in the scanned object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// `str`: code points.
    Chars,
    /// `bytes`: bytes (core offsets unchanged).
    Bytes,
}

/// Converts increasing byte offsets of one UTF-8 text into code-point indices without rescanning
/// from the start each time (offsets that go backwards restart the count).
pub(crate) struct Indexer<'a> {
    text: &'a [u8],
    identity: bool,
    byte: usize,
    chars: usize,
}

impl<'a> Indexer<'a> {
    pub(crate) fn new(text: &'a [u8], unit: Unit) -> Indexer<'a> {
        let identity = unit == Unit::Bytes || text.is_ascii();
        Indexer {
            text,
            identity,
            byte: 0,
            chars: 0,
        }
    }

    /// The index of byte offset `b` (which core guarantees to be on a character boundary).
    pub(crate) fn index(&mut self, b: usize) -> usize {
        if self.identity {
            return b;
        }
        let b = b.min(self.text.len());
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        // A code point starts at every byte that is not a continuation byte (0b10xx_xxxx).
        self.chars += self.text[self.byte..b]
            .iter()
            .filter(|&&x| (x & 0xC0) != 0x80)
            .count();
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points() {
        let t = "é😀中 ghp";
        let mut ix = Indexer::new(t.as_bytes(), Unit::Chars);
        let b = t.find("ghp").unwrap_or(0);
        assert_eq!(ix.index(b), 4);
        assert_eq!(ix.index(b + 3), 7);
        assert_eq!(ix.index(2), 1);
        let mut ix = Indexer::new(t.as_bytes(), Unit::Bytes);
        assert_eq!(ix.index(b), b);
    }
}
