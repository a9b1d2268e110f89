//! Text primitives shared by every stage: byte spans into the original
//! source, the plain-text view with its map back to source bytes, line
//! and column lookup, and sentence segmentation.

mod lines;
mod map;
pub mod segment;

pub use lines::{LineCol, LineIndex};
pub use map::{OffsetMap, PlainBuilder};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into some text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Trims Unicode white space (including no-break spaces) from both ends
/// of `span` within `text`, returning the narrower span.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    if start >= end {
        Span::new(start, start)
    } else {
        Span::new(start, end)
    }
}
