//! Reads a page the way an editor does: which blocks are the article and
//! which are furniture (navigation, sign-up prompts, credits, captions,
//! tag lists, footers), and what the furniture says about the article
//! (masthead, byline, dateline, headline, source link, copyright holder).

use super::blocks::{RawBlock, RawKind};
use super::dates::parse_dateline;
use crate::document::{LeftOut, Published};
use crate::lexicon::{Lexicon, MARKER_MAX_BYTES, host_of};
use crate::text::Span;

/// What classification found on a page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Per raw block: `None` for article text, else why it is left out.
    pub decisions: Vec<Option<LeftOut>>,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<Published>,
    pub masthead_outlet: Option<String>,
    pub copyright_outlet: Option<String>,
    /// A link-only block naming the article's own page: its URL and the
    /// outlet it names.
    pub source_link: Option<(String, Option<String>)>,
}

/// What the caller already knows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known<'a> {
    /// The title from front matter or metadata.
    pub title: Option<&'a str>,
    /// Look for a headline among the first blocks.
    pub find_title: bool,
    /// The format's convention is that the first line is the headline
    /// (plain text), whatever its punctuation.
    pub first_line_headline: bool,
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words in `text`, counting no further than `cap + 1`: enough to compare
/// against the thresholds without walking long paragraphs.
fn words_capped(text: &str, cap: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let space = b == b' ' || b == b'\n' || b == b'\t' || b == b'\r';
        if !space && !in_word {
            n += 1;
            if n > cap {
                return n;
            }
        }
        in_word = !space;
    }
    n
}

/// Whether `text` holds four digits in a row (a year).
fn has_year(text: &str) -> bool {
    let mut run = 0;
    for &b in text.as_bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

fn ends_sentence(text: &str) -> bool {
    let core = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    core.ends_with(['.', '!', '?', '…', ':'])
}

fn has_lowercase(text: &str) -> bool {
    text.chars().any(char::is_lowercase)
}

fn is_capitalized_name(text: &str, max_words: usize) -> bool {
    let w: Vec<&str> = text.split_whitespace().collect();
    (2..=max_words).contains(&w.len())
        && w.iter().all(|word| {
            let mut cs = word.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'' || c == '’')
        })
}

/// Names in a "By A, B and C" line.
fn byline_names(text: &str) -> Option<String> {
    let rest = text.strip_prefix("By ").or_else(|| text.strip_prefix("BY "))?;
    let names: Vec<String> = rest
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let ok = !names.is_empty()
        && names.iter().all(|n| {
            let w = words(n);
            (1..=4).contains(&w) && n.chars().next().is_some_and(char::is_uppercase)
        });
    ok.then(|| names.join(", "))
}

/// Short words that stay lower case in a title-cased headline.
const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "off", "on", "per",
    "to", "up", "via", "vs", "with", "from", "into", "over",
];

/// Whether most words are capitalised, as in "Clinton Was Headed to ER".
fn is_title_case(text: &str) -> bool {
    let mut big = 0;
    let mut counted = 0;
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next() else { continue };
        if TITLE_SMALL.contains(&w) || !first.is_alphabetic() {
            continue;
        }
        counted += 1;
        if first.is_uppercase() {
            big += 1;
        }
    }
    counted >= 3 && big * 10 >= counted * 8
}

/// A headline: a short single line that does not read as a sentence of
/// prose (no final punctuation, or title case).
fn is_headline(text: &str, n_words: usize) -> bool {
    (3..=30).contains(&n_words) && !text.contains('\n') && (!ends_sentence(text) || is_title_case(text))
}

fn norm_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Classifies `blocks` of a page whose plain text is `plain`.
pub fn classify(blocks: &[RawBlock], plain: &str, lex: &Lexicon, known: Known<'_>) -> Page {
    let bp = &lex.boilerplate;
    let mut page = Page {
        decisions: vec![None; blocks.len()],
        ..Page::default()
    };
    let mut footer = false;
    let mut body_seen = false;
    let mut byline_mode = false;
    let mut byline: Vec<String> = Vec::new();
    let known_title = known.title.map(norm_title);
    let mut title_found = !known.find_title;
    let cap = bp.caption_max_words.max(30);
    let counts: Vec<usize> = blocks.iter().map(|b| words_capped(b.plain.slice(plain), cap)).collect();
    let mut lower_buf = String::new();
    // Index of a title taken from a plain line, not a heading.
    let mut guessed_title: Option<usize> = None;
    // A block of content (not furniture) has been seen.
    let mut content_seen = false;

    for (i, b) in blocks.iter().enumerate() {
        let text = b.plain.slice(plain).trim();
        let n_words = counts[i];
        // Markers compare case-insensitively in ASCII; short blocks only.
        let lower = (text.len() <= MARKER_MAX_BYTES).then(|| {
            lower_buf.clear();
            lower_buf.push_str(text);
            lower_buf.make_ascii_lowercase();
            lower_buf.as_str()
        });
        let prev = i.checked_sub(1).and_then(|p| page.decisions[p]);

        let decision = 'd: {
            if footer {
                break 'd Some(LeftOut::Footer);
            }
            if let Some(l) = lower {
                if (l.starts_with("copyright") || l.starts_with('©'))
                    && let Some(o) = lex.outlets.by_publisher_in(text)
                {
                    page.copyright_outlet.get_or_insert_with(|| o.to_string());
                }
                if bp.is_footer(l) {
                    footer = true;
                    break 'd Some(LeftOut::Footer);
                }
            }
            // Bylines written over several blocks: "By", names, commas.
            if byline_mode {
                let link_only = b.link_bytes * 10 >= text.len() * 9;
                if matches!(text, "," | "and" | "&" | "AND") {
                    break 'd Some(LeftOut::Byline);
                }
                if (link_only || is_capitalized_name(text, 4)) && n_words <= 4 {
                    byline.push(text.trim_end_matches(',').to_string());
                    break 'd Some(LeftOut::Byline);
                }
                byline_mode = false;
            }
            if let Some(l) = lower
                && let Some(outlet) = lex.outlets.by_masthead(l)
            {
                page.masthead_outlet.get_or_insert_with(|| outlet.to_string());
                if !body_seen {
                    // Chrome above the masthead is page header.
                    // A headline guessed from a plain line above the masthead
                    // was chrome too (a marked-up heading stays the title).
                    if let Some(t) = guessed_title.take() {
                        page.decisions[t] = None;
                        page.title = None;
                        title_found = false;
                        content_seen = false;
                    }
                    for (d, &n) in page.decisions.iter_mut().zip(&counts[..i]) {
                        if d.is_none() && n <= 12 {
                            *d = Some(LeftOut::Header);
                        }
                    }
                }
                break 'd Some(LeftOut::Masthead);
            }
            if let RawKind::Heading(level) = b.kind {
                if !title_found && level == 1 && !body_seen {
                    title_found = true;
                    page.title = Some(text.to_string());
                    break 'd Some(LeftOut::Title);
                }
                break 'd Some(LeftOut::Heading);
            }
            if n_words <= 14
                && has_year(text)
                && let Some(d) = parse_dateline(text, lex)
            {
                page.dateline.get_or_insert(d);
                break 'd Some(LeftOut::Dateline);
            }
            if !body_seen && n_words <= 14 {
                if text.eq_ignore_ascii_case("by") {
                    byline_mode = true;
                    break 'd Some(LeftOut::Byline);
                }
                if let Some(names) = byline_names(text) {
                    byline.push(names);
                    break 'd Some(LeftOut::Byline);
                }
                if prev == Some(LeftOut::Masthead) && byline.is_empty() && is_capitalized_name(text, 4) {
                    byline.push(text.to_string());
                    break 'd Some(LeftOut::Byline);
                }
            }
            if let Some(l) = lower
                && bp.is_marker(l)
            {
                break 'd Some(LeftOut::Boilerplate);
            }
            if n_words <= bp.credit_max_words && bp.is_credit(text, n_words) {
                // The block before a credit is its caption.
                if i > 0 && page.decisions[i - 1].is_none() && counts[i - 1] <= bp.caption_max_words {
                    page.decisions[i - 1] = Some(LeftOut::Caption);
                }
                break 'd Some(LeftOut::Credit);
            }
            if n_words <= bp.caption_max_words && text.ends_with(')') && bp.has_inline_credit(text) {
                break 'd Some(LeftOut::Caption);
            }
            let visible = text.len().max(1);
            if b.link_bytes * 10 >= visible * 9 {
                if let Some(url) = &b.first_link
                    && host_of(url).is_some()
                {
                    let outlet = lex
                        .outlets
                        .by_alias(text)
                        .or_else(|| lex.outlets.by_url(url))
                        .map(str::to_string);
                    let names_self = lex.outlets.by_alias(text).is_some()
                        || host_of(url).is_some_and(|h| text.eq_ignore_ascii_case(h));
                    if names_self {
                        page.source_link = Some((url.clone(), outlet));
                    }
                }
                break 'd Some(LeftOut::Links);
            }
            if b.strong_bytes * 10 >= visible * 9 && !ends_sentence(text)
                || b.strong_bytes * 10 >= visible * 9 && n_words <= 25 && prev == Some(LeftOut::Heading)
            {
                break 'd Some(LeftOut::Teaser);
            }
            if n_words <= bp.label_max_words
                && !has_lowercase(text)
                && text.chars().any(char::is_alphabetic)
                && !ends_sentence(text)
            {
                break 'd Some(LeftOut::Label);
            }
            if let Some(k) = &known_title
                && !body_seen
                && norm_title(text) == *k
            {
                break 'd Some(LeftOut::Title);
            }
            // Plain text: the first block of content is its headline, a
            // short one only when it does not read as a sentence.
            let first_line = known.first_line_headline
                && !content_seen
                && !b.joined
                && blocks.get(i + 1).is_some()
                && ((3..=30).contains(&n_words) || (1..3).contains(&n_words) && !ends_sentence(text));
            if !title_found && !body_seen && b.kind == RawKind::Paragraph && (first_line || is_headline(text, n_words))
            {
                title_found = true;
                guessed_title = Some(i);
                page.title = Some(text.to_string());
                break 'd Some(LeftOut::Title);
            }
            None
        };
        if decision.is_none() && n_words >= 12 {
            body_seen = true;
        }
        if decision.is_none() || decision == Some(LeftOut::Title) {
            content_seen = true;
        }
        page.decisions[i] = decision;
    }
    mark_tag_lists(blocks, plain, lex, &mut page.decisions);
    if !byline.is_empty() {
        page.byline = Some(byline.join(", "));
    }
    page
}

/// Runs of short, lower-case list items are tag lists.
fn mark_tag_lists(blocks: &[RawBlock], plain: &str, lex: &Lexicon, decisions: &mut [Option<LeftOut>]) {
    let bp = &lex.boilerplate;
    let tags: Vec<bool> = blocks
        .iter()
        .zip(decisions.iter())
        .map(|(b, d)| {
            let t = b.plain.slice(plain).trim();
            b.kind == RawKind::ListItem
                && d.is_none()
                && words(t) <= bp.tag_max_words
                && !t.chars().any(char::is_uppercase)
                && !ends_sentence(t)
        })
        .collect();
    let is_tag = |i: usize| tags[i];
    let mut i = 0;
    while i < blocks.len() {
        if is_tag(i) {
            let start = i;
            while i < blocks.len() && is_tag(i) {
                i += 1;
            }
            if i - start >= bp.tag_min_items {
                for d in &mut decisions[start..i] {
                    *d = Some(LeftOut::Tags);
                }
            }
        } else {
            i += 1;
        }
    }
}

/// Groups article blocks into paragraphs: a block that stops mid-sentence
/// continues into the next one when that one starts in lower case (a page
/// that broke a sentence over two paragraphs). Returns ranges of raw
/// block indices.
pub fn paragraphs(blocks: &[RawBlock], plain: &str, decisions: &[Option<LeftOut>]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if decisions[i].is_some() {
            continue;
        }
        if let Some(last) = out.last_mut()
            && last.1 == i
            && blocks[last.0].kind == b.kind
            && !ends_sentence(blocks[i - 1].plain.slice(plain))
            && b.plain.slice(plain).chars().next().is_some_and(char::is_lowercase)
        {
            last.1 = i + 1;
            continue;
        }
        out.push((i, i + 1));
    }
    out
}

/// The source span covering blocks `range`.
pub fn source_span(blocks: &[RawBlock], range: (usize, usize)) -> Span {
    blocks[range.0].src.cover(blocks[range.1 - 1].src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines() {
        assert!(is_headline("Trump: Russia not taking over Ukraine is a concession", 9));
        assert!(is_headline(
            "Stealth Over Health: Clinton Was Headed to ER But Diverted to Avoid Bad Optics.",
            14
        ));
        assert!(!is_headline(
            "The senator said the bill would pass before the end of the month.",
            13
        ));
        assert!(!is_headline("Yes.", 1));
    }
}
