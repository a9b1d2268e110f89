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
/// lone `\r`.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
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
        LineIndex { starts }
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
        let offset = offset.min(text.len());
        let column = text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
            + 1;
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
}
