//! Markdown (and scraped pages saved as markdown) into raw blocks, with
//! pulldown-cmark's source offsets for every piece of text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{BlockSink, RawKind};
use crate::lexicon::Lexicon;
use crate::text::Span;

/// Parses `source[body]` as markdown into `sink`.
pub fn parse_markdown(source: &str, body: Span, lex: &Lexicon, sink: &mut BlockSink) {
    let text = &source[body.start..body.end];
    let base = body.start;
    let parser = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    let mut kinds: Vec<RawKind> = Vec::new();
    let mut link_depth = 0usize;
    let mut strong_depth = 0usize;
    let mut emph_depth = 0usize;
    let mut image_depth = 0usize;
    for (event, range) in parser {
        let span = Span::new(base + range.start, base + range.end);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    let kind = kinds.last().copied().unwrap_or(RawKind::Paragraph);
                    sink.close();
                    sink.open(kind, span.start);
                }
                Tag::Heading { level, .. } => {
                    sink.close();
                    sink.open(RawKind::Heading(level as u8), span.start);
                    kinds.push(RawKind::Heading(level as u8));
                }
                Tag::Item => {
                    sink.close();
                    kinds.push(RawKind::ListItem);
                }
                Tag::BlockQuote(_) => {
                    sink.close();
                    kinds.push(RawKind::Quote);
                }
                Tag::CodeBlock(_) => {
                    sink.close();
                    kinds.push(RawKind::Code);
                }
                Tag::Link { dest_url, .. } => {
                    link_depth += 1;
                    if let Some(b) = sink.current_mut()
                        && b.first_link.is_none()
                    {
                        b.first_link = Some(dest_url.to_string());
                    }
                }
                Tag::Image { .. } => image_depth += 1,
                Tag::Strong => strong_depth += 1,
                Tag::Emphasis => emph_depth += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => sink.close(),
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock => {
                    sink.close();
                    kinds.pop();
                }
                TagEnd::Link => link_depth = link_depth.saturating_sub(1),
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::Strong => strong_depth = strong_depth.saturating_sub(1),
                TagEnd::Emphasis => emph_depth = emph_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if image_depth > 0 {
                    continue;
                }
                if !sink.is_open() {
                    // Text straight inside a tight list item or a code block.
                    let kind = kinds.last().copied().unwrap_or(RawKind::Paragraph);
                    sink.open(kind, span.start);
                }
                let (link, strong, emph) = (link_depth > 0, strong_depth > 0, emph_depth > 0);
                if kinds.last() == Some(&RawKind::Code) {
                    push_code_lines(source, span, lex, sink);
                } else if span.slice(source) == t.as_ref() {
                    sink.text(source, span, link, strong, emph);
                } else if let Some(inner) = find_inner(source, span, &t) {
                    sink.text(source, inner, link, strong, emph);
                } else {
                    sink.replaced(&t, span, link, strong, emph);
                }
            }
            Event::SoftBreak => {
                let next = source[span.end..]
                    .trim_start()
                    .trim_start_matches(['[', '*', '_', '"', '“']);
                sink.line_break(span, next.chars().next(), lex);
            }
            Event::HardBreak => {
                let next = source[span.end..].trim_start();
                sink.line_break(span, next.chars().next(), lex);
            }
            Event::Rule => sink.close(),
            _ => {}
        }
    }
    sink.close();
}

/// Text events whose range includes markup around the text (a code span's
/// backticks): the text's own position inside the range.
fn find_inner(source: &str, span: Span, text: &str) -> Option<Span> {
    let hay = span.slice(source);
    hay.find(text)
        .map(|i| Span::new(span.start + i, span.start + i + text.len()))
}

/// Code blocks in scraped pages are usually indented prose: keep their
/// lines, breaking like plain text.
fn push_code_lines(source: &str, span: Span, lex: &Lexicon, sink: &mut BlockSink) {
    let mut pos = span.start;
    for line in span.slice(source).split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = crate::text::trim_span(source, Span::new(pos, pos + content.len()));
        if !trimmed.is_empty() {
            if !sink.is_open() {
                sink.open(RawKind::Code, trimmed.start);
            }
            sink.text(source, trimmed, false, false, false);
        } else {
            sink.close();
        }
        let nl = Span::new(pos + content.len(), pos + line.len());
        pos += line.len();
        if !nl.is_empty() && sink.is_open() {
            let next = source[pos..span.end].trim_start();
            if next.is_empty() || next.starts_with('\n') {
                sink.close();
            } else {
                sink.line_break(nl, next.chars().next(), lex);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::blocks::RawBlock;

    fn parse(text: &str) -> (Vec<RawBlock>, String, crate::text::OffsetMap) {
        let mut sink = BlockSink::new();
        parse_markdown(text, Span::new(0, text.len()), Lexicon::builtin(), &mut sink);
        let (blocks, plain) = sink.finish();
        let (plain, map) = plain.finish();
        (blocks, plain, map)
    }

    #[test]
    fn links_and_emphasis_are_stripped_with_exact_spans() {
        let t = "# Title here\n\nHegseth said [earlier Wednesday](https://x.test/a) that it was *unrealistic*.\n\n[Home](#)\n";
        let (blocks, plain, map) = parse(t);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].kind, RawKind::Heading(1));
        assert_eq!(
            blocks[1].plain.slice(&plain),
            "Hegseth said earlier Wednesday that it was unrealistic."
        );
        let src = map.to_source(blocks[1].plain);
        assert_eq!(
            src.slice(t),
            "Hegseth said [earlier Wednesday](https://x.test/a) that it was *unrealistic*."
        );
        assert_eq!(blocks[2].link_bytes, 4);
        assert_eq!(blocks[2].first_link.as_deref(), Some("#"));
    }

    #[test]
    fn entities_and_lists() {
        let t = "Tom &amp; Jerry.\n\n- donald trump\n- war in ukraine\n";
        let (blocks, plain, _) = parse(t);
        assert_eq!(blocks[0].plain.slice(&plain), "Tom & Jerry.");
        assert_eq!(blocks[1].kind, RawKind::ListItem);
        assert_eq!(blocks[2].plain.slice(&plain), "war in ukraine");
    }
}
