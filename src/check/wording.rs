//! How much a change inside a quote matters: a convention a checker
//! absorbs (a contraction, a house spelling, a masked profanity, a
//! partial quote adapted to reported speech), a minor change (a function
//! word, another form of one word), or a change of meaning (a negation, a
//! number, a content word). The word lists are the rule's options.

use crate::rules::options::QuoteWording;

/// What a change inside a quote is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    /// One wording written two ways: not reported.
    Convention,
    /// A function word, another form of one word, an interjection.
    Minor,
    /// A negation, a number, a content word: what was said differs.
    Meaning,
}

/// One side of a change: its words (normalised as the quote comparison
/// normalises them) and the text they are written as.
pub struct Side<'a> {
    pub words: Vec<&'a str>,
    pub text: &'a str,
}

/// How a change from `a` to `b` weighs. `partial`: either quote is a
/// fragment inside the reporter's sentence. `lemma` gives a verb form's
/// lemma, when it is one.
pub fn weigh<'l>(
    a: &Side<'_>,
    b: &Side<'_>,
    partial: bool,
    o: &QuoteWording,
    lemma: impl Fn(&str) -> Option<&'l str>,
) -> Weight {
    let is_negation = |w: &str| o.negations.iter().any(|n| n == w) || w.ends_with("n't");
    let negations = |s: &Side<'_>| s.words.iter().filter(|w| is_negation(w)).count();
    if negations(a) != negations(b) {
        return Weight::Meaning;
    }
    if one_wording(a, b, o) || masked(a.text, b.text) || masked(b.text, a.text) {
        return Weight::Convention;
    }
    if partial {
        // A partial quote drops or shifts the speaker's pronouns ("I look
        // forward" → he "looks forward"): without them, what is left must
        // be one word in another form or its reported-speech shift.
        let adapted = |w: &&str| o.reported_speech.iter().any(|g| g.iter().any(|x| x == w));
        let (ra, rb): (Vec<&str>, Vec<&str>) = (
            a.words.iter().copied().filter(|w| !adapted(w)).collect(),
            b.words.iter().copied().filter(|w| !adapted(w)).collect(),
        );
        let shifted = match (ra.as_slice(), rb.as_slice()) {
            ([], []) => a.words.iter().chain(&b.words).all(adapted) && !(a.words.is_empty() || b.words.is_empty()),
            ([x], [y]) => same_form(x, y, &lemma),
            _ => false,
        };
        if shifted
            || matches!((a.words.as_slice(), b.words.as_slice()), ([x], [y]) if in_group(&o.reported_speech, x, y))
        {
            return Weight::Convention;
        }
    }
    if let ([x], [y]) = (a.words.as_slice(), b.words.as_slice())
        && same_form(x, y, &lemma)
    {
        return Weight::Minor;
    }
    let number = |w: &&str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    if a.words.iter().chain(&b.words).any(number) {
        return Weight::Meaning;
    }
    let function = |w: &&str| o.function_words.iter().any(|f| f == w);
    if a.words.iter().chain(&b.words).all(function) {
        return Weight::Minor;
    }
    Weight::Meaning
}

/// Whether both sides are one wording: the same words once contractions
/// are expanded and equivalent spellings made one.
fn one_wording(a: &Side<'_>, b: &Side<'_>, o: &QuoteWording) -> bool {
    let (ea, eb) = (fold_equivalents(expand(a, o), o), fold_equivalents(expand(b, o), o));
    if ea.is_empty() && eb.is_empty() {
        return false;
    }
    ea.len() == eb.len()
        && ea
            .iter()
            .zip(&eb)
            .all(|(x, y)| x.iter().any(|u| y.iter().any(|v| u == v || same_spelling(u, v, o))))
}

/// The words of an equivalent spelling, as quotes' words are compared
/// ("al-Qaddafi": "al", "qaddafi").
fn phrase_words(p: &str) -> Vec<String> {
    p.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '&'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Each run of words that is one of `equivalents` replaced by its group
/// (the longest run first), so that "Moammar Gadhafi" and "Muammar
/// al-Qaddafi" read alike.
fn fold_equivalents(words: Vec<Vec<String>>, o: &QuoteWording) -> Vec<Vec<String>> {
    let phrases: Vec<(usize, Vec<String>)> = o
        .equivalents
        .iter()
        .enumerate()
        .flat_map(|(g, ps)| ps.iter().map(move |p| (g, phrase_words(p))))
        .filter(|(_, ws)| !ws.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = phrases
            .iter()
            .filter(|(_, ws)| {
                i + ws.len() <= words.len() && ws.iter().zip(&words[i..]).all(|(w, alts)| alts.contains(w))
            })
            .max_by_key(|(g, ws)| (ws.len(), std::cmp::Reverse(*g)));
        match found {
            Some((g, ws)) => {
                out.push(vec![format!("={g}")]);
                i += ws.len();
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// The words of one side with each contraction expanded into the words
/// it may stand for (alternatives per word), and an "&" in the text read
/// as a word. A contraction group is a whole word and its expansion
/// (`["won't", "will not"]`) or an ending and its meanings (`["'s", "is",
/// "has"]`, `["n't", "not"]`).
fn expand(s: &Side<'_>, o: &QuoteWording) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    if s.words.is_empty() && s.text.contains('&') {
        out.push(vec!["&".to_string()]);
    }
    let is_ending = |g: &Vec<String>| g.first().is_some_and(|e| e.starts_with('\'') || e == "n't");
    for w in &s.words {
        // Whole words first: "won't" is "will not", not "wo" + "not".
        if let Some(g) = o
            .contractions
            .iter()
            .find(|g| !is_ending(g) && g.first().is_some_and(|f| f == w))
        {
            let expansion = g.get(1).map_or(w.to_string(), String::clone);
            out.extend(expansion.split(' ').map(|p| vec![p.to_string()]));
            continue;
        }
        let ending = o.contractions.iter().filter(|g| is_ending(g)).find_map(|g| {
            let base = w.strip_suffix(g[0].as_str()).filter(|b| !b.is_empty())?;
            Some((base, &g[1..]))
        });
        match ending {
            Some((base, meanings)) => {
                out.push(vec![base.to_string()]);
                out.push(meanings.to_vec());
            }
            None => out.push(vec![w.to_string()]),
        }
    }
    out
}

/// Whether `x` and `y` are in one group of `groups`.
fn in_group(groups: &[Vec<String>], x: &str, y: &str) -> bool {
    groups
        .iter()
        .any(|g| g.iter().any(|w| w.to_lowercase() == x) && g.iter().any(|w| w.to_lowercase() == y))
}

/// Whether two words are one word in two house spellings ("honour" /
/// "honor", "organise" / "organize").
fn same_spelling(x: &str, y: &str, o: &QuoteWording) -> bool {
    o.spellings.iter().any(|[p, q]| {
        let swap = |from: &str, to: &str, a: &str, b: &str| a.contains(from) && a.replacen(from, to, 1) == b;
        swap(p, q, x, y) || swap(q, p, x, y) || swap(p, q, y, x) || swap(q, p, y, x)
    })
}

/// Whether `masked` is `plain` with letters hidden behind asterisks or
/// dashes ("f***ing", "s--t").
fn masked(masked: &str, plain: &str) -> bool {
    let (m, p): (Vec<char>, Vec<char>) = (
        masked.trim().to_lowercase().chars().collect(),
        plain.trim().to_lowercase().chars().collect(),
    );
    let is_mask = |c: char| matches!(c, '*' | '-' | '—' | '_');
    if !m.contains(&'*') && !(m.windows(2).any(|w| w[0] == '-' && w[1] == '-')) {
        return false;
    }
    if p.is_empty() || !p.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    // The letters shown before and after the mask match, and the mask
    // stands for at least one letter.
    let head = m.iter().take_while(|&&c| !is_mask(c)).count();
    let tail = m.iter().rev().take_while(|&&c| !is_mask(c)).count();
    head + tail < p.len() && m[..head] == p[..head] && m[m.len() - tail..] == p[p.len() - tail..]
}

/// Whether two words are forms of one word: one verb's forms ("run" /
/// "running"), a noun and its plural ("pew" / "pews").
fn same_form<'l>(x: &str, y: &str, lemma: &impl Fn(&str) -> Option<&'l str>) -> bool {
    if let (Some(a), Some(b)) = (lemma(x), lemma(y))
        && a == b
    {
        return true;
    }
    let plural = |s: &str, p: &str| {
        p.strip_suffix('s').is_some_and(|b| b == s)
            || p.strip_suffix("es").is_some_and(|b| b == s)
            || (s.ends_with('y') && p.strip_suffix("ies").is_some_and(|b| b == &s[..s.len() - 1]))
    };
    plural(x, y) || plural(y, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> QuoteWording {
        let rule = crate::rules::RuleSet::builtin();
        let r = rule
            .enabled()
            .find(|r| r.id == "quote.wording")
            .expect("the shipped rule");
        match &r.options {
            crate::rules::options::Options::QuoteWording(o) => o.clone(),
            _ => unreachable!("quote.wording has wording options"),
        }
    }

    fn side(text: &str) -> (Vec<String>, String) {
        let ws = super::super::quotes::words(text);
        (ws.iter().map(|w| w.norm.clone()).collect(), text.to_string())
    }

    fn weight(a: &str, b: &str, partial: bool) -> Weight {
        let o = options();
        let (wa, ta) = side(a);
        let (wb, tb) = side(b);
        let lex = crate::lexicon::Lexicon::builtin();
        let lemma = |w: &str| lex.events.form(w).map(|f| lex.events.lemma(f.lemma));
        weigh(
            &Side {
                words: wa.iter().map(String::as_str).collect(),
                text: &ta,
            },
            &Side {
                words: wb.iter().map(String::as_str).collect(),
                text: &tb,
            },
            partial,
            &o,
            lemma,
        )
    }

    fn all_weigh(pairs: &[(&str, &str)], partial: bool, want: Weight) {
        for (a, b) in pairs {
            assert_eq!(weight(a, b, partial), want, "{a} / {b}");
        }
    }

    #[test]
    fn conventions_are_absorbed() {
        let pairs = [
            ("he's", "he is"),
            ("don't", "do not"),
            ("won't", "will not"),
            ("cannot", "can't"),
            ("gonna", "going to"),
            ("&", "and"),
            ("honour", "honor"),
            ("organise", "organize"),
            ("memorandums", "memoranda"),
            ("f***ing", "fucking"),
            ("Qaddafi", "Gadhafi"),
            ("twenty", "20"),
            ("Muammar al-Qaddafi", "Moammar Gadhafi"),
        ];
        all_weigh(&pairs, false, Weight::Convention);
        let partial = [("look", "looks"), ("will", "would"), ("I", "he"), ("I look", "looks")];
        all_weigh(&partial, true, Weight::Convention);
    }

    #[test]
    fn minor_changes_are_minor() {
        let pairs = [
            ("to", "of"),
            ("a", ""),
            ("pew", "pews"),
            ("running", "run"),
            ("oh", ""),
            ("at", "in"),
        ];
        all_weigh(&pairs, false, Weight::Minor);
        // Not partial: a tense change is minor, not absorbed.
        all_weigh(&[("will", "would")], false, Weight::Minor);
    }

    #[test]
    fn changes_of_meaning_matter() {
        let pairs = [
            ("don't", "do"),
            ("never", ""),
            ("summer", "year"),
            ("12", "14"),
            ("just", ""),
            ("really", ""),
            ("finding", "talking"),
            ("its position", ""),
        ];
        all_weigh(&pairs, false, Weight::Meaning);
        // A dropped negation matters even in a partial quote.
        all_weigh(&[("not", "")], true, Weight::Meaning);
    }
}
