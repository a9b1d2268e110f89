//! Line and column lookup for byte offsets.

use serde::Serialize;

/// 1-based line and column. Columns count Unicode scalar values, the way
/// a terminal and most editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts. A line ends at `\n`, at `\r\n` or at a
/// lone `\r`. Texts with very long lines also keep a running count of
/// characters every [`CHECKPOINT`] bytes, so that a column costs at most
/// that many bytes to count however long its line.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `chars[k]`: characters that start before byte `k * CHECKPOINT`.
    chars: Vec<usize>,
}

/// Spacing of the character-count checkpoints, in bytes.
pub const CHECKPOINT: usize = 4096;

/// Characters that start in `bytes` (bytes that are not UTF-8 continuations).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + off;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        let longest = starts
            .windows(2)
            .map(|w| w[1] - w[0])
            .chain(std::iter::once(bytes.len() - starts.last().copied().unwrap_or(0)))
            .max()
            .unwrap_or(0);
        let mut chars = Vec::new();
        if longest > CHECKPOINT {
            let mut total = 0;
            for chunk in bytes.chunks(CHECKPOINT) {
                chars.push(total);
                total += count_chars(chunk);
            }
        }
        LineIndex { starts, chars }
    }

    /// Characters that start before byte `offset`.
    fn chars_before(&self, bytes: &[u8], offset: usize) -> usize {
        let k = offset / CHECKPOINT;
        self.chars[k] + count_chars(&bytes[k * CHECKPOINT..offset])
    }

    /// Line (1-based) holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Line and column (both 1-based) of byte `offset` in `text`. An
    /// offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let offset = offset.min(text.len()).max(start);
        let bytes = text.as_bytes();
        let column = if self.chars.is_empty() || offset - start <= CHECKPOINT {
            count_chars(&bytes[start..offset])
        } else {
            self.chars_before(bytes, offset) - self.chars_before(bytes, start)
        } + 1;
        LineCol { line, column }
    }

    /// Line and column of the last character of the non-empty range that
    /// ends at `end` (exclusive), so a span's end points at its last
    /// character, as compilers do.
    pub fn end_line_col(&self, text: &str, start: usize, end: usize) -> LineCol {
        if end <= start {
            return self.line_col(text, start);
        }
        let mut last = end - 1;
        while last > start && !text.is_char_boundary(last) {
            last -= 1;
        }
        self.line_col(text, last)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "ab\ncé d\r\nx\ry";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(t, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 3), LineCol { line: 2, column: 1 });
        // 'd' is after a two-byte 'é' and a space: column 4.
        let d = t.find('d').unwrap();
        assert_eq!(idx.line_col(t, d), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_col(t, t.find('x').unwrap()).line, 3);
        assert_eq!(idx.line_col(t, t.find('y').unwrap()).line, 4);
        assert_eq!(idx.end_line_col(t, 3, 7), LineCol { line: 2, column: 3 });
        assert_eq!(idx.end_line_col(t, 3, 8), LineCol { line: 2, column: 4 });
    }

    #[test]
    fn long_lines_use_checkpoints() {
        // One line far longer than a checkpoint, with multi-byte characters.
        let t: String = "aé日🙂 ".repeat(5000);
        let idx = LineIndex::new(&t);
        assert!(!idx.chars.is_empty());
        for offset in [0, 1, 3, 4096, 4097, 10_000, t.len() - 1, t.len()] {
            let mut o = offset;
            while !t.is_char_boundary(o) {
                o -= 1;
            }
            let expected = t[..o].chars().count() + 1;
            assert_eq!(idx.line_col(&t, o).column, expected, "offset {o}");
        }
    }
}
