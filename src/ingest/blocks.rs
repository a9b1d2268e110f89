//! Raw blocks: what a format parser hands to classification. Each block
//! has a source range, a plain-text range (markup stripped) and a few
//! facts about its markup that tell navigation and furniture apart from
//! article text.

use crate::lexicon::Lexicon;
use crate::text::segment::SegmentLexicon;
use crate::text::{PlainBuilder, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    /// Preformatted or code text.
    Code,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlock {
    pub kind: RawKind,
    pub src: Span,
    pub plain: Span,
    /// Bytes of plain text inside links.
    pub link_bytes: usize,
    /// Bytes of plain text inside strong emphasis.
    pub strong_bytes: usize,
    /// Bytes of plain text inside emphasis.
    pub emph_bytes: usize,
    /// Target of the first link, if any.
    pub first_link: Option<String>,
    /// A line break ended this block (not a blank line or a tag).
    pub line_split: bool,
    /// Lines were joined into this block (hard-wrapped prose).
    pub joined: bool,
}

impl RawBlock {
    pub fn new(kind: RawKind) -> Self {
        RawBlock {
            kind,
            src: Span::default(),
            plain: Span::default(),
            link_bytes: 0,
            strong_bytes: 0,
            emph_bytes: 0,
            first_link: None,
            line_split: false,
            joined: false,
        }
    }
}

/// Collects blocks into a shared [`PlainBuilder`]; blocks are separated by
/// a blank line in the plain text.
#[derive(Debug, Default)]
pub struct BlockSink {
    pub plain: PlainBuilder,
    pub blocks: Vec<RawBlock>,
    current: Option<RawBlock>,
    /// Plain offset where the current line of the current block starts.
    line_start: usize,
    /// Source spans of hover cards left out of the text (see [`super::cards`]).
    pub cards: Vec<Span>,
}

impl BlockSink {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_open(&self) -> bool {
        self.current.is_some()
    }

    /// Starts a block unless one is open.
    pub fn open(&mut self, kind: RawKind, src_start: usize) {
        if self.current.is_some() {
            return;
        }
        if !self.plain.is_empty() {
            self.plain.push_replaced("\n\n", Span::new(src_start, src_start));
        }
        let mut b = RawBlock::new(kind);
        b.src = Span::new(src_start, src_start);
        b.plain = Span::new(self.plain.len(), self.plain.len());
        self.line_start = self.plain.len();
        self.current = Some(b);
    }

    pub fn current_mut(&mut self) -> Option<&mut RawBlock> {
        self.current.as_mut()
    }

    /// Appends verbatim source text to the open block, but for the hover
    /// cards in it.
    pub fn text(&mut self, source: &str, span: Span, link: bool, strong: bool, emph: bool) {
        if self.current.is_none() {
            return;
        }
        let mut at = span.start;
        for card in super::cards::hover_cards(span.slice(source)) {
            let card = Span::new(span.start + card.start, span.start + card.end);
            let piece = Span::new(at, card.start);
            self.push(piece, link, strong, emph, |p| p.push_verbatim(source, piece));
            self.cards.push(card);
            at = card.end;
        }
        let piece = Span::new(at, span.end);
        self.push(piece, link, strong, emph, |p| p.push_verbatim(source, piece));
    }

    /// Appends text that stands for `span` of the source (an entity).
    pub fn replaced(&mut self, text: &str, span: Span, link: bool, strong: bool, emph: bool) {
        self.push(span, link, strong, emph, |p| p.push_replaced(text, span));
    }

    fn push(&mut self, span: Span, link: bool, strong: bool, emph: bool, f: impl FnOnce(&mut PlainBuilder)) {
        let Some(b) = self.current.as_mut() else { return };
        let before = self.plain.len();
        f(&mut self.plain);
        let added = self.plain.len() - before;
        if before == b.plain.start {
            b.src.start = span.start;
        }
        b.src.end = b.src.end.max(span.end);
        if link {
            b.link_bytes += added;
        }
        if strong {
            b.strong_bytes += added;
        }
        if emph {
            b.emph_bytes += added;
        }
    }

    /// The text of the current line of the open block.
    pub fn current_line(&self) -> &str {
        &self.plain.text()[self.line_start.min(self.plain.len())..]
    }

    /// A line break inside the open block at `span` (the newline), with
    /// `next` the first character of the next line. Either ends the block
    /// (short lines, finished sentences) or joins the lines with a space.
    pub fn line_break(&mut self, span: Span, next: Option<char>, lex: &Lexicon) {
        let Some(kind) = self.current.as_ref().map(|b| b.kind) else {
            return;
        };
        if line_ends_block(self.current_line(), next, lex) {
            if let Some(b) = self.current.as_mut() {
                b.line_split = true;
            }
            self.close();
            self.open(kind, span.end);
        } else {
            self.plain.push_replaced(" ", span);
            self.line_start = self.plain.len();
            if let Some(b) = self.current.as_mut() {
                b.joined = true;
            }
        }
    }

    /// Ends the open block; an empty one is discarded.
    pub fn close(&mut self) {
        let Some(mut b) = self.current.take() else { return };
        self.plain.trim_end();
        b.plain.end = self.plain.len();
        if b.plain.end <= b.plain.start {
            // Nothing but white space: drop it and its separator.
            return;
        }
        self.blocks.push(b);
    }

    pub fn finish(mut self) -> (Vec<RawBlock>, PlainBuilder) {
        self.close();
        (self.blocks, self.plain)
    }
}

/// Whether a line break after `line` ends the block. Short lines and
/// lines that finish a sentence end it; long lines that stop mid-sentence
/// are hard-wrapped prose and continue, as does any line followed by one
/// that starts in lower case.
pub fn line_ends_block(line: &str, next: Option<char>, lex: &Lexicon) -> bool {
    let t = line.trim_end();
    if t.is_empty() {
        return false;
    }
    if next.is_some_and(char::is_lowercase) {
        return false;
    }
    // The next line opens a quotation: a new paragraph, unless this line
    // leads into it ("he said:", "told reporters,").
    if next.is_some_and(|c| matches!(c, '“' | '"' | '«')) {
        let last_word = t.rsplit(char::is_whitespace).next().unwrap_or("");
        return !(t.ends_with([',', ':', ';']) || last_word.starts_with(char::is_lowercase));
    }
    let core = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    if core.ends_with(['!', '?', '…']) {
        return true;
    }
    if let Some(head) = core.strip_suffix('.') {
        return !ends_with_abbreviation(head, &lex.segment);
    }
    if core.ends_with([',', ';', '—', '–']) || core.ends_with(" -") {
        return false;
    }
    t.chars().count() < lex.boilerplate.wrap_min_chars
}

fn ends_with_abbreviation(head: &str, seg: &SegmentLexicon) -> bool {
    let word = head
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    seg.titles.contains(word) || seg.months.contains(word) || seg.others.contains(word)
}

/// Parses plain text: blank lines separate paragraphs, line breaks follow
/// [`line_ends_block`], list markers (`- `, `* `, `• `) start list items.
pub fn parse_plain(source: &str, body: Span, lex: &Lexicon, sink: &mut BlockSink) {
    let text = &source[..body.end];
    let mut pos = body.start;
    // Skip a byte-order mark.
    if text[pos..].starts_with('\u{feff}') {
        pos += 3;
    }
    while pos < body.end {
        let rest = &text[pos..];
        let (line_len, nl_len) = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) => {
                let nl = if rest.as_bytes()[i] == b'\r' && rest.as_bytes().get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                (i, nl)
            }
            None => (rest.len(), 0),
        };
        let line = &rest[..line_len];
        let content = line.trim();
        if content.is_empty() {
            sink.close();
        } else {
            let lead = line.len() - line.trim_start().len();
            let mut start = pos + lead;
            let mut kind = RawKind::Paragraph;
            for marker in ["- ", "* ", "• ", "· "] {
                if content.starts_with(marker) && content.len() > marker.len() {
                    kind = RawKind::ListItem;
                    start += marker.len();
                    break;
                }
            }
            if kind == RawKind::ListItem {
                sink.close();
            }
            sink.open(kind, start);
            let end = pos + lead + content.len();
            let s = Span::new(start, end);
            let trimmed = crate::text::trim_span(source, s);
            sink.text(source, trimmed, false, false, false);
        }
        let nl_start = pos + line_len;
        pos = nl_start + nl_len;
        if nl_len > 0 && sink.is_open() {
            // Look at the next line: blank closes, otherwise decide.
            let next_line = text[pos..].split(['\n', '\r']).next().unwrap_or("");
            let next_trim = next_line.trim();
            if next_trim.is_empty() || ["- ", "* ", "• ", "· "].iter().any(|m| next_trim.starts_with(m)) {
                sink.close();
            } else {
                sink.line_break(Span::new(nl_start, pos), next_trim.chars().next(), lex);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let mut sink = BlockSink::new();
        parse_plain(text, Span::new(0, text.len()), lex, &mut sink);
        let (blocks, plain) = sink.finish();
        let (plain, map) = plain.finish();
        for b in &blocks {
            // Source and plain agree but for joined line breaks.
            let src = map.to_source(b.plain);
            assert_eq!(src, b.src, "{b:?}");
        }
        blocks.iter().map(|b| b.plain.slice(&plain).to_string()).collect()
    }

    #[test]
    fn short_lines_are_blocks_and_wrapped_prose_joins() {
        let t = "Headline of the story\nStart reading\n\nThe senator said on Tuesday that the bill would pass\nbefore the end of the month, and that it had support.\nShort line\n";
        assert_eq!(
            blocks(t),
            vec![
                "Headline of the story",
                "Start reading",
                "The senator said on Tuesday that the bill would pass before the end of the month, and that it had support.",
                "Short line"
            ]
        );
    }

    #[test]
    fn crlf_and_lists() {
        let t = "One.\r\n\r\n- tag one\r\n- tag two\r\nTwo.";
        assert_eq!(blocks(t), vec!["One.", "tag one", "tag two", "Two."]);
    }
}
