//! Hover cards: a scraped page's pop-up for a person, left inline in the
//! text. Some news sites link a politician's name to a card holding the
//! full name and the headlines of recent stories about them, ending in
//! "MORE"; a scraper that keeps the card's text leaves it in the middle of
//! the sentence, right after the name as the article gives it:
//!
//! ```text
//! Sen. Ann Hollis Annabel (Ann) Grace HollisSenate passes water bill Hollis: 'We will not wait' MORE (D-Ore.) said …
//! ```
//!
//! The card is not article text: its headlines would pair every article
//! that mentions the person with every other (and lend the sentence
//! quotes it does not have). [`hover_cards`] finds cards by their shape:
//! the name's last word, the card's own form of the name ending in that
//! word, then the first headline (glued to the name, or after a space),
//! at least three more words, and "MORE".

use crate::text::Span;

/// How far before "MORE" a card may start (the longest of 6,769 cards in
/// a 37,554-article archive is 588 bytes).
const MAX_CARD: usize = 700;

/// Words of the card's form of a name before the repeated last word
/// ("Annabel (Ann) Grace"), at most.
const MAX_NAME_WORDS: usize = 5;

/// Words from the first headline word to "MORE", at least.
const MIN_HEADLINE_WORDS: usize = 4;

/// The hover cards in `text`, in order: each from the space before the
/// card's form of the name to the end of "MORE" (what follows, a space,
/// "’s" or a comma, stays).
pub fn hover_cards(text: &str) -> Vec<Span> {
    let mut cards = Vec::new();
    let bytes = text.as_bytes();
    // Where the previous card ended: a card never reaches back into it.
    let mut floor = 0;
    for at in memchr::memmem::find_iter(bytes, b" MORE") {
        let more = at + 1;
        let end = more + 4;
        if more < floor || text[end..].chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut from = floor.max(at.saturating_sub(MAX_CARD));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        if let Some(start) = card_start(&text[from..at], from) {
            cards.push(Span::new(start, end));
            floor = end;
        }
    }
    cards
}

/// Where the card ending just after `window` (at `base` in the text)
/// starts: the space before its form of the name. A headline glued to the
/// name ("HollisSenate") is the surest sign and wins over a space; then
/// the name that ends latest (in "Ann Hollis Annabel Grace Hollis Senate",
/// "Ann" recurring at "Annabel" is not the card).
fn card_start(window: &str, base: usize) -> Option<usize> {
    let words: Vec<(usize, &str)> = window
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut best: Option<((bool, usize), usize)> = None;
    for (i, &(_, last)) in words.iter().enumerate() {
        if !is_last_name(last) {
            continue;
        }
        for j in i + 2..words.len().min(i + 2 + MAX_NAME_WORDS) {
            if !is_name_word(words[j - 1].1) {
                break;
            }
            let Some(rest) = words[j].1.strip_prefix(last) else {
                continue;
            };
            let glued = starts_headline(rest);
            let spaced = rest.is_empty() && words.get(j + 1).is_some_and(|w| starts_headline(w.1));
            if (glued || spaced) && words.len() - j >= MIN_HEADLINE_WORDS {
                let key = (glued, j);
                if best.is_none_or(|(k, _)| key > k) {
                    // The space before the card's first word.
                    best = Some((key, base + words[i + 1].0 - 1));
                }
                break;
            }
        }
    }
    best.map(|(_, start)| start)
}

/// A capitalised word that can end a name: "Hollis", "O'Neill", "Ocasio-Cortez".
fn is_last_name(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(|c| c.is_uppercase())
        && w.chars().count() >= 2
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
}

/// A word of a full name: capitalised ("Annabel", "J.", "Jr."), a nickname
/// in parentheses ("(Ann)"), or a short particle ("de", "van").
fn is_name_word(w: &str) -> bool {
    let inner = w.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(w);
    let mut chars = inner.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => chars.all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.')),
        Some(c) if c.is_lowercase() => inner.len() <= 3 && inner.chars().all(char::is_lowercase),
        _ => false,
    }
}

/// Whether `s` starts as a headline does: a capital, a digit or a quote mark.
fn starts_headline(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '‘' | '“' | '\'' | '"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for s in hover_cards(text) {
            out.push_str(&text[at..s.start]);
            at = s.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn a_card_glued_to_the_name_is_cut() {
        assert_eq!(
            cut(
                "Sen. Ann Hollis Annabel (Ann) Grace HollisSenate passes water bill Hollis: 'We will not wait' MORE (D-Ore.) said the bill was late."
            ),
            "Sen. Ann Hollis (D-Ore.) said the bill was late."
        );
    }

    #[test]
    fn a_card_after_a_space_and_a_possessive_after_it() {
        assert_eq!(
            cut("Speaker Tom Brandt Thomas Keller Brandt Retirement plans stall in committee MORE’s office declined."),
            "Speaker Tom Brandt’s office declined."
        );
    }

    #[test]
    fn the_first_name_recurring_is_not_the_card() {
        // "Rosa" comes back at "Rosa Linde", but the card is "Rosa Linde Varga…".
        assert_eq!(
            cut("Governor Rosa Varga Rosa Linde VargaVarga signs budget after long standoff MORE on Friday vetoed it."),
            "Governor Rosa Varga on Friday vetoed it."
        );
    }

    #[test]
    fn a_name_repeated_in_a_headline_does_not_move_the_card() {
        // "Dekker Farm Dekker Plan" looks like a name and its card too; the
        // headline glued to "Hollis" is the card's start.
        assert_eq!(
            cut(
                "Sen. Ann Hollis Annabel HollisSenate passes Dekker Farm Dekker Plan in close vote MORE (D-Ore.) said."
            ),
            "Sen. Ann Hollis (D-Ore.) said."
        );
    }

    #[test]
    fn two_cards_in_one_sentence() {
        assert_eq!(
            cut(
                "Sens. Ann Hollis Annabel Grace HollisSenate passes water bill quickly MORE (D-Ore.) and Piet Dekker Pieter Jan DekkerDekker: farm aid is coming soon MORE (R-Iowa) agreed."
            ),
            "Sens. Ann Hollis (D-Ore.) and Piet Dekker (R-Iowa) agreed."
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "READ MORE: The city's budget explained",
            "Click here to LEARN MORE",
            "The council wants MORE money, and Mayor Ruiz Ruiz agrees with MORE of it.",
            "Ann Hollis said Hollis would run. MORE",
            "Nothing here MOREOVER",
            "",
            " MORE",
        ] {
            assert_eq!(cut(text), text, "{text}");
        }
    }

    #[test]
    fn too_few_headline_words_is_not_a_card() {
        let text = "Ann Hollis Annabel HollisSenate votes MORE later.";
        assert_eq!(cut(text), text);
    }

    proptest::proptest! {
        #[test]
        fn cards_are_ordered_on_char_boundaries_and_end_in_more(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[A-Z][a-z]{1,6}").unwrap(),
                    proptest::string::string_regex("[a-zé’'(){}]{1,5}").unwrap(),
                    proptest::strategy::Just("MORE".to_string()),
                    proptest::strategy::Just("Hollis".to_string()),
                    proptest::strategy::Just("HollisSenate".to_string()),
                    proptest::strategy::Just("“Ä".to_string()),
                ],
                0..60,
            )
        ) {
            let text = parts.join(" ");
            let cards = hover_cards(&text);
            proptest::prop_assert!(cards.len() <= text.matches(" MORE").count());
            let mut at = 0;
            for s in &cards {
                proptest::prop_assert!(s.start >= at && s.start < s.end);
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                proptest::prop_assert!(text[s.start..].starts_with(' '));
                proptest::prop_assert!(text[..s.end].ends_with(" MORE"));
                proptest::prop_assert!(s.len() <= MAX_CARD + 5);
                at = s.end;
            }
        }

        #[test]
        fn a_card_among_any_words_is_cut_exactly(
            before in proptest::collection::vec("[a-z’,.]{1,8}", 0..12),
            first in "[A-Z][a-z]{1,6}",
            last in "[A-Z][a-z]{1,8}",
            middle in proptest::collection::vec("[A-Z][a-z]{0,6}\\.?|\\([A-Z][a-z]{1,5}\\)", 0..3),
            glued in proptest::bool::ANY,
            headline in proptest::collection::vec("[a-z0-9:’']{1,9}", 3..30),
            after in proptest::collection::vec("[a-z’,.()]{1,8}", 0..12),
        ) {
            // "Lz Lz" (a given name that is the surname) makes the card's
            // start ambiguous: either "Lz" may be the name's last word.
            proptest::prop_assume!(first != last);
            let lead = before.join(" ");
            let name = format!("{lead} {first} {last}");
            let card = format!(
                " {first} {}{}{last}{}Senate {} MORE",
                middle.join(" "),
                if middle.is_empty() { "" } else { " " },
                if glued { "" } else { " " },
                headline.join(" "),
            );
            let tail = if after.is_empty() { String::new() } else { format!(" {}", after.join(" ")) };
            let text = format!("{name}{card}{tail}");
            proptest::prop_assert_eq!(cut(&text), format!("{name}{tail}"));
        }
    }
}
