//! The plain-text view of a document and its map back to source bytes.
//!
//! Parsers strip markup (markdown links, HTML tags, entities) while they
//! build the plain text. Every piece of plain text remembers the source
//! range it came from, so a range found in the plain text maps back to the
//! exact bytes the user wrote.

use super::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    plain: usize,
    src: usize,
    plain_len: usize,
    src_len: usize,
    /// The plain text is a byte-for-byte copy of the source range.
    verbatim: bool,
}

/// Maps plain-text offsets back to source offsets.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    fn piece_at(&self, plain: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.plain <= plain);
        if i == 0 { None } else { Some(&self.pieces[i - 1]) }
    }

    /// Source offset where the plain character at `plain` begins.
    pub fn start_to_source(&self, plain: usize) -> usize {
        match self.piece_at(plain) {
            None => 0,
            Some(p) if p.verbatim => p.src + (plain - p.plain).min(p.src_len),
            Some(p) if plain == p.plain => p.src,
            // Inside a replaced piece: the whole source range stands for it.
            Some(p) => p.src,
        }
    }

    /// Source offset just after the plain character ending at `plain`
    /// (exclusive end).
    pub fn end_to_source(&self, plain: usize) -> usize {
        if plain == 0 {
            return self.pieces.first().map_or(0, |p| p.src);
        }
        match self.piece_at(plain - 1) {
            None => 0,
            Some(p) if p.verbatim => p.src + (plain - p.plain).min(p.src_len),
            Some(p) => p.src + p.src_len,
        }
    }

    /// Source span for a plain span.
    pub fn to_source(&self, plain: Span) -> Span {
        let start = self.start_to_source(plain.start);
        let end = self.end_to_source(plain.end).max(start);
        Span::new(start, end)
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// Builds plain text and its [`OffsetMap`] piece by piece.
#[derive(Debug, Default)]
pub struct PlainBuilder {
    text: String,
    map: OffsetMap,
}

impl PlainBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends `source[span]` unchanged.
    pub fn push_verbatim(&mut self, source: &str, span: Span) {
        if span.is_empty() {
            return;
        }
        let plain = self.text.len();
        self.text.push_str(span.slice(source));
        if let Some(last) = self.map.pieces.last_mut()
            && last.verbatim
            && last.src + last.src_len == span.start
            && last.plain + last.plain_len == plain
        {
            last.src_len += span.len();
            last.plain_len += span.len();
            return;
        }
        self.map.pieces.push(Piece {
            plain,
            src: span.start,
            plain_len: span.len(),
            src_len: span.len(),
            verbatim: true,
        });
    }

    /// Appends `text`, which stands for `source[span]` (an entity, a
    /// soft line break, a joined paragraph break).
    pub fn push_replaced(&mut self, text: &str, span: Span) {
        if text.is_empty() {
            return;
        }
        let plain = self.text.len();
        self.text.push_str(text);
        self.map.pieces.push(Piece {
            plain,
            src: span.start,
            plain_len: text.len(),
            src_len: span.len(),
            verbatim: false,
        });
    }

    /// Removes trailing white space that was pushed last.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        if keep == self.text.len() {
            return;
        }
        self.text.truncate(keep);
        while let Some(last) = self.map.pieces.last_mut() {
            if last.plain >= keep {
                self.map.pieces.pop();
            } else {
                if last.plain + last.plain_len > keep {
                    let cut = last.plain + last.plain_len - keep;
                    last.plain_len -= cut;
                    if last.verbatim {
                        last.src_len -= cut;
                    }
                }
                break;
            }
        }
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_through_stripped_markup() {
        let src = "He said [on Wednesday](http://x) that &amp; more.";
        let mut b = PlainBuilder::new();
        b.push_verbatim(src, Span::new(0, 8)); // "He said "
        b.push_verbatim(src, Span::new(9, 21)); // "on Wednesday"
        b.push_verbatim(src, Span::new(32, 38)); // " that "
        b.push_replaced("&", Span::new(38, 43));
        b.push_verbatim(src, Span::new(43, 49)); // " more."
        let (text, map) = b.finish();
        assert_eq!(text, "He said on Wednesday that & more.");
        let whole = map.to_source(Span::new(0, text.len()));
        assert_eq!(whole.slice(src), src);
        let wed = text.find("Wednesday").unwrap();
        let s = map.to_source(Span::new(wed, wed + 9));
        assert_eq!(s.slice(src), "Wednesday");
        let amp = text.find('&').unwrap();
        assert_eq!(map.to_source(Span::new(amp, amp + 1)).slice(src), "&amp;");
    }

    #[test]
    fn trim_end_drops_pieces() {
        let src = "abc   ";
        let mut b = PlainBuilder::new();
        b.push_verbatim(src, Span::new(0, 6));
        b.push_replaced(" ", Span::new(5, 6));
        b.trim_end();
        let (text, map) = b.finish();
        assert_eq!(text, "abc");
        assert_eq!(map.to_source(Span::new(0, 3)).slice(src), "abc");
    }
}
