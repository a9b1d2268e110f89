//! Sentence segmentation with byte spans.
//!
//! Works on the plain text of one block (a paragraph). A sentence ends at
//! `.`, `!`, `?` or `…` (possibly repeated), followed by any closing quote
//! marks or brackets, then white space and the start of a new sentence.
//! Closing quote marks stay with the sentence they close, so the sentences
//! of a multi-sentence quotation stay intact. Abbreviations come from the
//! lexicon: titles never end a sentence, months end one only before a
//! sentence starter and never before a number, other abbreviations and
//! dotted initials (U.S., D.C., J.D., a.m.) only before a sentence starter.

use rustc_hash::FxHashSet as HashSet;

use super::{Span, trim_span};

/// Word lists that drive segmentation (see `rules/lexicon/segment.toml`).
#[derive(Clone, Debug, Default)]
pub struct SegmentLexicon {
    pub titles: HashSet<String>,
    pub months: HashSet<String>,
    pub others: HashSet<String>,
    pub starters: HashSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbrev {
    /// Never ends a sentence.
    Title,
    /// Ends a sentence only before a starter, never before a number.
    Month,
    /// Ends a sentence only before a starter.
    Ambiguous,
}

impl SegmentLexicon {
    fn classify(&self, word: &str) -> Option<Abbrev> {
        if word.is_empty() {
            return None;
        }
        if self.titles.contains(word) {
            return Some(Abbrev::Title);
        }
        if self.months.contains(word) {
            return Some(Abbrev::Month);
        }
        if self.others.contains(word) {
            return Some(Abbrev::Ambiguous);
        }
        let mut chars = word.chars();
        let first = chars.next()?;
        // A single capital initial ("John F. Kennedy", "J. Smith").
        if first.is_uppercase() && chars.next().is_none() {
            return Some(Abbrev::Ambiguous);
        }
        // Dotted initials: "U.S", "D.C", "J.D", "a.m", "Ph.D".
        if is_dotted_initials(word) {
            return Some(Abbrev::Ambiguous);
        }
        None
    }
}

/// `U.S`, `D.C`, `a.m`, `J.D`, `Ph.D`: letters separated by single dots,
/// each part at most two letters.
fn is_dotted_initials(word: &str) -> bool {
    if !word.contains('.') {
        return false;
    }
    word.split('.')
        .all(|part| !part.is_empty() && part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '*' | '_')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '¿' | '¡')
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The word that ends right before byte `end`: back to white space or an
/// opening mark.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c) || is_opener(c) || c == '—' || c == '–' || c == '/')
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// The run of letters at the start of `text`.
fn leading_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Splits `text` into sentences, appending their spans (trimmed, never
/// empty) to `out`.
pub fn split_sentences(text: &str, lex: &SegmentLexicon, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut start = 0;
    let mut i = 0;
    // Next '…' at or after a position, found lazily.
    let ellipsis = memchr::memmem::Finder::new("…");
    let mut next_ellipsis = ellipsis.find(bytes).unwrap_or(n);
    while i < n {
        // Jump to the next terminal mark.
        let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(n, |p| i + p);
        if next_ellipsis < i {
            next_ellipsis = ellipsis.find(&bytes[i..]).map_or(n, |p| i + p);
        }
        i = ascii.min(next_ellipsis);
        if i >= n {
            break;
        }
        let b = bytes[i];
        let is_ellipsis = i == next_ellipsis;
        let term_start = i;
        let mut j = i + if is_ellipsis { 3 } else { 1 };
        let mut single_dot = b == b'.';
        // A run of terminal marks: "?!", "...", "…".
        loop {
            match bytes.get(j) {
                Some(b'.' | b'!' | b'?') => {
                    j += 1;
                    single_dot = false;
                }
                Some(0xE2) if bytes.get(j + 1) == Some(&0x80) && bytes.get(j + 2) == Some(&0xA6) => {
                    j += 3;
                    single_dot = false;
                }
                _ => break,
            }
        }
        // Closing quote marks and brackets belong to this sentence.
        let mut closed = false;
        while let Some(c) = text[j..].chars().next() {
            if is_closer(c) {
                j += c.len_utf8();
                closed = true;
            } else {
                break;
            }
        }
        let end = j;
        // White space must follow.
        let rest = &text[j..];
        let ws = rest.len() - rest.trim_start_matches(is_space).len();
        if ws == 0 || j + ws >= n {
            i = end.max(i + 1);
            continue;
        }
        let next_start = j + ws;
        let next = &text[next_start..];
        let next_char = next.chars().next().unwrap_or(' ');
        let mut split = if next_char.is_lowercase() {
            false
        } else {
            next_char.is_uppercase()
                || next_char.is_numeric()
                || is_opener(next_char)
                || !(next_char == '—' || next_char == '–' || next_char == '-' || next_char == ',' || next_char == ';')
        };
        if split && single_dot && !closed {
            // What follows, skipping an opening mark.
            let after = next.trim_start_matches(is_opener);
            let next_word = leading_word(after);
            let starter = lex.starters.contains(next_word);
            match lex.classify(word_before(text, term_start)) {
                Some(Abbrev::Title) => split = false,
                Some(Abbrev::Month) => split = starter && !next_char.is_numeric(),
                Some(Abbrev::Ambiguous) => split = starter,
                None => {}
            }
        }
        // A run of marks alone ("..." after a finished sentence) opens the
        // next sentence rather than standing as one.
        if split && !text[start..end].chars().any(char::is_alphanumeric) {
            split = false;
        }
        if split {
            let s = trim_span(text, Span::new(start, end));
            if !s.is_empty() {
                out.push(s);
            }
            start = next_start;
        }
        i = next_start;
    }
    if start < n {
        let s = trim_span(text, Span::new(start, n));
        if !s.is_empty() {
            out.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn split(text: &str) -> Vec<&str> {
        let lex = Lexicon::builtin();
        let mut out = Vec::new();
        split_sentences(text, &lex.segment, &mut out);
        out.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn dc_and_initials_do_not_end_sentences() {
        let t = "Zelensky, meanwhile, is in Washington, D.C., and has met with the Treasury Secretary Scott Bessent as well as Vice President JD Vance in the past week. He also spoke with Trump on the phone.";
        assert_eq!(split(t).len(), 2);
        assert!(split(t)[0].ends_with("past week."));
        assert_eq!(
            split("The U.S. Senate voted. J.D. Vance spoke at 9 a.m. Tuesday.").len(),
            2
        );
        assert_eq!(
            split("Sen. Warren and Gov. Newsom met Mr. Smith in St. Louis on Feb. 12.").len(),
            1
        );
        assert_eq!(split("John F. Kennedy was there.").len(), 1);
    }

    #[test]
    fn ambiguous_abbreviation_before_starter_ends_sentence() {
        assert_eq!(
            split("Aid came from the U.S. The war went on."),
            vec!["Aid came from the U.S.", "The war went on."]
        );
        assert_eq!(split("It closed in Sept. The talks resumed.").len(), 2);
    }

    #[test]
    fn quotes_keep_their_closing_marks() {
        assert_eq!(
            split("“I think they have to make peace. That’s what I think.” Trump said."),
            vec![
                "“I think they have to make peace.",
                "That’s what I think.”",
                "Trump said."
            ]
        );
        assert_eq!(split("“Why not?” he asked. Then he left.").len(), 2);
        assert_eq!(split("He said, \"It is over.\" Then he left.").len(), 2);
    }

    #[test]
    fn numbers_ellipses_and_dashes() {
        assert_eq!(split("It cost $2.5 million. That is a lot.").len(), 2);
        assert_eq!(split("The world laughs ... and moves on.").len(), 1);
        assert_eq!(split("It is going to hell. ... The world laughs.").len(), 2);
        assert_eq!(split("Wait… What happened?").len(), 2);
        assert_eq!(split("No. 5 won.").len(), 1);
    }

    #[test]
    fn trailing_space_and_empty() {
        assert!(split("   ").is_empty());
        assert_eq!(split("One.  "), vec!["One."]);
    }
}
