//! Words and punctuation with byte offsets, for reading attributions.

use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TokKind {
    Word,
    Punct,
}

/// 24 bytes: a document holds one per word and mark while it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub text: &'a str,
    /// Offset in the tokenized text.
    start: u32,
    pub kind: TokKind,
    /// The first character is upper case (set by [`tokenize`]).
    pub cap: bool,
}

impl<'a> Tok<'a> {
    /// Offsets in the tokenized text.
    pub fn span(&self) -> Span {
        let start = self.start as usize;
        Span::new(start, start + self.text.len())
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// The word without a possessive ending ("Zelensky’s" → "Zelensky").
    pub fn stem(&self) -> &'a str {
        let t = self.text;
        // Every suffix ends in 's', '\'' or the last byte of '’' (0x99).
        if !matches!(t.as_bytes().last(), Some(b's' | b'\'' | 0x99)) {
            return t;
        }
        for suffix in ["’s", "'s", "’", "'"] {
            if let Some(s) = t.strip_suffix(suffix)
                && !s.is_empty()
            {
                return s;
            }
        }
        t
    }

    pub fn is_capitalized(&self) -> bool {
        self.cap
    }

    pub fn is_lower(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_lowercase)
    }
}

fn joins_word(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '‐' | ',')
}

/// The char at byte `i` (a boundary) and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        (c, c.len_utf8())
    }
}

fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

fn is_space(c: char) -> bool {
    if c.is_ascii() {
        c == ' ' || ('\t'..='\r').contains(&c)
    } else {
        c.is_whitespace()
    }
}

const SPACE: u8 = 1;
const ALNUM: u8 = 2;

/// Character classes of ASCII bytes.
static CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c == b' ' || (c >= 9 && c <= 13) {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Splits `text` into words (letters and digits, with inner `.`, `'`, `’`,
/// `-` and digit-group commas) and single punctuation marks. A text of
/// 4 GiB or more (offsets are 32-bit) gives no tokens.
pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first), so that a caller reading many
/// blocks reuses one buffer instead of fresh pages for each.
pub fn tokenize_into<'a>(text: &'a str, out: &mut Vec<Tok<'a>>) {
    tokenize_up_to(text, usize::MAX, out);
}

/// The first `limit` tokens of `text`, for readers that look no further.
pub fn tokenize_prefix(text: &str, limit: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokenize_up_to(text, limit, &mut out);
    out
}

fn tokenize_up_to<'a>(text: &'a str, limit: usize, out: &mut Vec<Tok<'a>>) {
    out.clear();
    if u32::try_from(text.len()).is_err() {
        return;
    }
    // English runs at about one token per five or six bytes.
    out.reserve((text.len() / 5 + 4).min(limit));
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n && out.len() < limit {
        let b = bytes[i];
        let (c, len) = if b < 128 {
            match CLASS[b as usize] {
                SPACE => {
                    i += 1;
                    continue;
                }
                _ => (b as char, 1),
            }
        } else {
            char_at(text, i)
        };
        if b >= 128 && is_space(c) {
            i += len;
            continue;
        }
        if !is_alnum(c) {
            out.push(Tok {
                kind: TokKind::Punct,
                cap: false,
                text: &text[i..i + len],
                start: i as u32,
            });
            i += len;
            continue;
        }
        let start = i;
        let mut end = i + len;
        let mut prev = c;
        // Start of the current part (after the last inner mark).
        let mut part_start = start;
        while end < n {
            // The rest of a run of ASCII letters and digits, in one step.
            let run = bytes[end..]
                .iter()
                .position(|&b| b >= 128 || CLASS[b as usize] != ALNUM)
                .unwrap_or(n - end);
            if run > 0 {
                end += run;
                prev = bytes[end - 1] as char;
                if end == n {
                    break;
                }
            }
            let b = bytes[end];
            let (d, dl) = char_at(text, end);
            if b >= 128 && is_alnum(d) {
                end += dl;
                prev = d;
                continue;
            }
            if joins_word(d) {
                // Join only when a word character follows ("U.S.", "2,400",
                // "O’Brien"), or a final '.' closes initials ("U.S."). Each
                // mark tests only what it needs: most are a comma or a
                // sentence's period before a space.
                let after = end + dl;
                let next = (after < n).then(|| char_at(text, after).0);
                let next_alnum = next.is_some_and(is_alnum);
                let join = match d {
                    ',' => prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit()),
                    '.' => {
                        let word = &text[start..end];
                        (next_alnum && {
                            // Bytes bound chars from above: count only when it matters.
                            let part = &text[part_start..end];
                            part.len() <= 3 || (part.len() <= 12 && part.chars().count() <= 3)
                        }) || (word.len() <= 16
                            && word.contains('.')
                            && word.chars().filter(|c| c.is_alphabetic()).count() <= 4)
                    }
                    // Inner ("O’Brien") or possessive ("voters’").
                    '\'' | '’' => next_alnum || (prev.is_alphabetic() && text[start..end].ends_with('s')),
                    _ => next_alnum,
                };
                if join {
                    end = after;
                    prev = d;
                    part_start = after;
                    continue;
                }
            }
            break;
        }
        out.push(Tok {
            kind: TokKind::Word,
            cap: c.is_uppercase(),
            text: &text[start..end],
            start: start as u32,
        });
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_stay_small() {
        // A huge article holds one per word of a block at a time.
        assert_eq!(std::mem::size_of::<Tok<'_>>(), 24);
        let t = tokenize("a “quote”");
        assert_eq!(t[1].span(), Span::new(2, 5));
        assert_eq!(t[2].span(), Span::new(5, 10));
    }

    #[test]
    fn words_and_marks() {
        let words: Vec<&str> = tokenize("Sen. Jim O’Brien (D-Mass.) said 2,400 U.S. troops, “soon.”")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            vec![
                "Sen",
                ".",
                "Jim",
                "O’Brien",
                "(",
                "D-Mass",
                ".",
                ")",
                "said",
                "2,400",
                "U.S.",
                "troops",
                ",",
                "“",
                "soon",
                ".",
                "”"
            ]
        );
        let words: Vec<&str> = tokenize("Trump said.Trump claimed Ph.D. at 9 a.m.")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            vec!["Trump", "said", ".", "Trump", "claimed", "Ph.D.", "at", "9", "a.m."]
        );
        let t = tokenize("Zelensky’s plan");
        assert_eq!(t[0].stem(), "Zelensky");
        let all = tokenize("Sen. Jim O’Brien (D-Mass.) said 2,400 U.S. troops");
        for k in 0..all.len() + 2 {
            assert_eq!(
                tokenize_prefix("Sen. Jim O’Brien (D-Mass.) said 2,400 U.S. troops", k),
                all[..k.min(all.len())]
            );
        }
    }
}
