//! Direct quotations and who said them.
//!
//! Quotes are found per paragraph in the plain text: curly and straight
//! double marks, single marks nested inside them, guillemets, and the
//! paragraph convention (a paragraph that ends inside a quote, followed by
//! one that opens again, continues the quote). Marks inside inline tags
//! (`<tweet author="…">`) are not quotes. Each quote's speaker is read from
//! the words around it: "…,” X said", "…,” said X", "X said, “…”",
//! "X told Y: “…”", "according to X", a trailing "—X", or, failing those,
//! the speaker of the previous quote when the quote opens its paragraph.

use serde::Serialize;

use super::lexicon::SpeechLexicon;
use super::people::People;
use super::tokens::{Tok, tokenize, tokenize_prefix};
use crate::document::Document;
use crate::text::Span;

/// How a quote's speaker was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpeakerSource {
    /// A name in the attribution.
    Explicit,
    /// A pronoun, resolved to the person it stands for.
    Pronoun,
    /// A role noun ("the president"), resolved from the article or registry.
    Role,
    /// No speech verb: the subject of the sentence the quote sits in
    /// ("Moore thanked him for “…”"), which may be quoting someone else.
    Subject,
    /// No attribution of its own: the speaker of the quote before.
    PreviousQuote,
    None,
}

/// A quotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the marks, in the plain text.
    pub plain: Span,
    /// The same in the source.
    pub src: Span,
    /// Canonical speaker: a person, or the attribution as written when it
    /// names no person ("the Kremlin", "officials").
    pub speaker: Option<String>,
    /// The attribution's words as written ("the president", "he").
    pub speaker_text: Option<String>,
    pub speaker_source: SpeakerSource,
    pub cue: Option<String>,
    /// A scare quote, title or short phrase rather than a statement.
    pub fragment: bool,
    /// Indices of the sentences the quote sits in.
    pub sentences: Vec<usize>,
}

/// A quote's marks in a paragraph's text: (open mark start, content
/// start, content end, close mark end); `closed` is false when the
/// paragraph ends inside the quote.
#[derive(Clone, Copy, Debug)]
pub struct Marks {
    open: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    close_end: usize,
    pub(crate) closed: bool,
}

fn tag_ranges(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + p;
        let next = bytes.get(at + 1).copied().unwrap_or(b' ');
        if (next.is_ascii_alphabetic() || next == b'/')
            && let Some(q) = text[at..].find(['>', '\n'])
            && bytes[at + q] == b'>'
        {
            out.push(Span::new(at, at + q + 1));
            i = at + q + 1;
            continue;
        }
        i = at + 1;
    }
    out
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | '“' | '‘' | '/'))
}

impl Marks {
    fn closed(open: usize, start: usize, end: usize, close_end: usize) -> Marks {
        Marks {
            open,
            start,
            end,
            close_end,
            closed: true,
        }
    }
}

/// Finds the quotes of one paragraph: their marks and content.
pub(crate) fn find_marks(text: &str) -> Vec<Marks> {
    let tags = tag_ranges(text);
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    // An open single-mark quote (‘…’) outside double marks.
    let mut single: Option<(usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Visit only quotation-mark candidates: '"', '\'', and the lead bytes
    // of “ ” ‘ ’ „ (0xE2) and « » (0xC2), found with memchr. 0xC2 (also
    // the lead byte of a no-break space) is searched apart.
    let n = bytes.len();
    let mut next_c2 = 0;
    while at < n {
        if next_c2 < at {
            next_c2 = memchr::memchr(0xC2, &bytes[at..]).map_or(n, |p| at + p);
        }
        let hit = memchr::memchr3(b'"', b'\'', 0xE2, &bytes[at..]).map_or(n, |p| at + p);
        at = hit.min(next_c2);
        if at >= n {
            break;
        }
        let i = at;
        let c = text[i..].chars().next().unwrap_or(' ');
        at += c.len_utf8();
        if !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»') {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let in_tag = !tags.is_empty() && tags.iter().any(|t| t.start <= i && i < t.end);
        // Two apostrophes stand for a double mark in some archives ('').
        if !in_tag && c == '\'' && text[i + 1..].starts_with('\'') {
            at += 1;
            // '''  closes a single quote inside the double one, then the
            // double one: "''… 'old-school,'''".
            if let Some((o, s)) = open
                && text[i + 2..].starts_with('\'')
                && !is_open_context(prev)
            {
                at += 1;
                open = None;
                out.push(Marks::closed(o, s, i + 1, i + 3));
                continue;
            }
            match open {
                Some((o, s)) if !(is_open_context(prev) && s == i) => {
                    open = None;
                    out.push(Marks::closed(o, s, i, i + 2));
                }
                Some(_) => {}
                None => open = Some((i, i + 2)),
            }
            continue;
        }
        if !in_tag && open.is_none() {
            let next = text[i + c.len_utf8()..].chars().next();
            match c {
                '‘' if single.is_none() && is_open_context(prev) && next.is_some_and(|n| !n.is_whitespace()) => {
                    single = Some((i, i + c.len_utf8()));
                }
                '’' if single.is_some()
                    && !next.is_some_and(char::is_alphanumeric)
                    && prev.is_some_and(|p| !p.is_whitespace()) =>
                {
                    if let Some((o, s)) = single.take() {
                        out.push(Marks::closed(o, s, i, i + c.len_utf8()));
                    }
                }
                _ => {}
            }
        }
        if !in_tag {
            match c {
                '“' | '«' | '„' => match open {
                    None => open = Some((i, i + c.len_utf8())),
                    // An opening mark after a finished sentence inside an open
                    // quote: the writer left the first one unclosed.
                    Some((o, s))
                        if text[s..i].trim_end().ends_with(['.', '!', '?'])
                            && prev.is_some_and(char::is_whitespace) =>
                    {
                        let end = s + text[s..i].trim_end().len();
                        out.push(Marks {
                            open: o,
                            start: s,
                            end,
                            close_end: end,
                            closed: true,
                        });
                        open = Some((i, i + c.len_utf8()));
                    }
                    Some(_) => {}
                },
                '”' | '»' => {
                    if let Some((o, s)) = open.take() {
                        out.push(Marks::closed(o, s, i, i + c.len_utf8()));
                    }
                }
                '"' => match open {
                    Some((o, s))
                        if !(is_open_context(prev)
                            && text[i + 1..].starts_with(|n: char| n.is_alphanumeric())
                            && s == i) =>
                    {
                        open = None;
                        out.push(Marks::closed(o, s, i, i + 1));
                    }
                    Some(_) => {}
                    None => open = Some((i, i + 1)),
                },
                _ => {}
            }
        }
    }
    if let Some((o, s)) = open {
        out.push(Marks {
            open: o,
            start: s,
            end: text.trim_end().len().max(s),
            close_end: text.len(),
            closed: false,
        });
    }
    // An unclosed single mark was an apostrophe ("‘90s"): no quote. Marks
    // that overlap an earlier quote are nested or stray: dropped.
    out.sort_by_key(|m| m.open);
    let mut kept: Vec<Marks> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_none_or(|k| m.open >= k.close_end) {
            kept.push(m);
        }
    }
    kept
}

/// A run between spaces that holds a letter or digit: a word.
fn is_word(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_alphanumeric()) || w.chars().any(char::is_alphanumeric)
}

/// The words of `text` ([`is_word`]), counting no further than `limit + 1`.
fn words_up_to(text: &str, limit: usize) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        if is_word(w) {
            n += 1;
            if n > limit {
                break;
            }
        }
    }
    n
}

/// A scare quote, a title ("Meet the Press") or a phrase too short to be a
/// statement.
fn is_fragment(content: &str) -> bool {
    words_up_to(content, 3) < 4 || is_title_like(content)
}

/// Title case and no sentence punctuation: a title or slogan.
fn is_title_like(content: &str) -> bool {
    if content.contains(['.', '!', '?', ',']) {
        return false;
    }
    let (mut n, mut caps) = (0, 0);
    for w in content.split_whitespace() {
        if is_word(w) {
            n += 1;
            if n > 8 {
                return false;
            }
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            caps += 1;
        }
    }
    caps * 10 >= n * 7
}

/// What an attribution says: the speaker phrase and the cue.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attribution {
    /// The speaker phrase (offsets in the paragraph text).
    speaker: Span,
    cue: String,
}

const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "once",
    "previously",
    "recently",
    "repeatedly",
    "simply",
    "bluntly",
    "flatly",
    "further",
    "quickly",
    "finally",
    "has",
    "had",
    "have",
    "would",
    "will",
    "did",
    "once",
    "reportedly",
    "earlier",
    "publicly",
    "privately",
    "told",
    "often",
    "frequently",
    "just",
    "only",
    "even",
    "still",
];
/// Words that end a speaker phrase: "Hegseth said Thursday".
fn is_time_word(w: &str) -> bool {
    super::people::WEEKDAYS.contains(&w) || matches!(w, "Today" | "Yesterday" | "Tonight")
}

/// Is token `i` a cue (one word or the first of a multi-word cue)? Returns
/// the cue and the number of tokens it takes.
fn cue_at(toks: &[Tok<'_>], i: usize, lex: &SpeechLexicon) -> Option<(String, usize)> {
    let t = toks.get(i)?;
    if !t.is_word() {
        return None;
    }
    let starts_multi = lex.multi_cue_starts.contains(t.text)
        || (t.is_capitalized() && lex.multi_cue_starts.contains(&t.text.to_lowercase()));
    for m in lex.multi_cues.iter().filter(|_| starts_multi) {
        if m.iter()
            .enumerate()
            .all(|(k, w)| toks.get(i + k).is_some_and(|x| x.text.eq_ignore_ascii_case(w)))
        {
            return Some((m.join(" "), m.len()));
        }
    }
    // Most words are lower case already: no allocation for them.
    if lex.cues.contains(t.text) {
        return Some((t.text.to_string(), 1));
    }
    if t.text.starts_with(char::is_uppercase) {
        let w = t.text.to_lowercase();
        return lex.cues.contains(&w).then_some((w, 1));
    }
    None
}

/// Is this token part of a speaker phrase?
fn speakerish(t: &Tok<'_>, lex: &SpeechLexicon) -> bool {
    if !t.is_word() {
        return matches!(t.text, "." | "-" | "'" | "’");
    }
    let w = t.text;
    if is_time_word(w) {
        return false;
    }
    t.is_capitalized()
        || lex.pronouns.contains(w)
        || matches!(
            w,
            "the"
                | "a"
                | "an"
                | "of"
                | "his"
                | "her"
                | "their"
                | "its"
                | "former"
                | "top"
                | "senior"
                | "chief"
                | "one"
                | "two"
                | "three"
                | "several"
                | "some"
                | "many"
                | "other"
                | "another"
        )
        || lex.titles.contains(w)
        || lex.demonyms.contains(w)
        || lex.roles.contains_key(w)
        || w.ends_with("’s")
        || w.ends_with("'s")
}

/// Tokens from `i` that form a speaker phrase going forward.
fn phrase_forward(toks: &[Tok<'_>], mut i: usize, lex: &SpeechLexicon) -> Option<Span> {
    let start = i;
    // The text is one sentence, so a period inside it closes an
    // abbreviation ("Sen.", "D-Wis."); "and" joins names ("Fred and Cindy
    // Warmbier").
    while i < toks.len()
        && (speakerish(&toks[i], lex)
            || matches!(toks[i].text, "and" | "on" | "for")
                && i > start
                && toks[i - 1].is_capitalized()
                && toks.get(i + 1).is_some_and(|t| t.is_capitalized()))
    {
        i += 1;
        if i - start > 12 {
            break;
        }
    }
    // Do not end on a determiner or connector.
    while i > start
        && matches!(
            toks[i - 1].text.to_lowercase().as_str(),
            "the" | "a" | "an" | "of" | "." | "-"
        )
    {
        i -= 1;
    }
    (i > start).then(|| Span::new(toks[start].span().start, toks[i - 1].span().end))
}

/// Whether a phrase joins given names with "and" ("Fred and Cindy
/// Warmbier"), not words of a title ("Oversight and Investigations").
fn joins_names(phrase: &str, lex: &SpeechLexicon) -> bool {
    let w: Vec<&str> = phrase.split_whitespace().collect();
    w.windows(3)
        .any(|x| x[1] == "and" && lex.first_names.contains(x[0]) && lex.first_names.contains(x[2]))
}

/// The longest appositive (tokens between its commas) stepped over from a
/// cue back to the name: "Douglas Holtz-Eakin, an economic adviser to
/// Republicans and former director of the Congressional Budget Office,
/// said".
const APPOSITIVE_TOKENS: usize = 24;

/// Tokens ending at `end` (exclusive) that form a speaker phrase going back.
fn phrase_backward(toks: &[Tok<'_>], end: usize, lex: &SpeechLexicon) -> Option<Span> {
    let mut i = end;
    // Skip adverbs and auxiliaries between subject and cue ("also", "has").
    while i > 0 && toks[i - 1].is_word() && ADVERBS.contains(&toks[i - 1].text) {
        i -= 1;
    }
    // An appositive between commas: "Jim Jordan (R-Ohio), a member, said".
    let mut appositive = None;
    if i > 0 && toks[i - 1].text == "," {
        let mut k = i - 1;
        let mut steps = 0;
        while k > 0 && toks[k - 1].text != "," && steps < APPOSITIVE_TOKENS {
            k -= 1;
            steps += 1;
        }
        if k > 0 && toks[k - 1].text == "," && steps < APPOSITIVE_TOKENS {
            appositive = Some((k, i - 1));
            i = k - 1;
        }
    }
    if i > 0 && toks[i - 1].text == ")" {
        let mut k = i - 1;
        while k > 0 && toks[k - 1].text != "(" {
            k -= 1;
        }
        if k > 0 {
            i = k - 1;
        }
    }
    let last = i;
    while i > 0 && last - i < 10 {
        // "Stephen Ryan and Todd Harrison": names joined by "and".
        let joins = toks[i - 1].text == "and"
            && i >= 2
            && toks[i - 2].is_capitalized()
            && toks.get(i).is_some_and(|t| t.is_capitalized());
        if !(speakerish(&toks[i - 1], lex) || joins) {
            break;
        }
        i -= 1;
    }
    while i < last && matches!(toks[i].text, "." | "-" | "of" | "and" | "but") {
        i += 1;
    }
    // A name after a preposition is no subject ("Lawyers for Russell
    // Tsarnaev have said"); in an appositive ("Lev Parnas, a key associate
    // to Rudy Giuliani, a lawyer …, told") the speaker is the name before
    // that description.
    if i < last && i > 0 && toks[i - 1].is_word() && lex.prepositions.contains(toks[i - 1].text) {
        appositive?;
        let c = (i.saturating_sub(APPOSITIVE_TOKENS)..i)
            .rev()
            .find(|&k| toks[k].text == ",")?;
        let mut k = c;
        while k > 0 && speakerish(&toks[k - 1], lex) && c - k < 10 {
            k -= 1;
        }
        while k < c && matches!(toks[k].text, "." | "-" | "of" | "and" | "but") {
            k += 1;
        }
        return (k < c && toks[k].is_capitalized()).then(|| Span::new(toks[k].span().start, toks[c - 1].span().end));
    }
    // A description of someone and then the name: the name spoke.
    // "Grimm's lawyer, William McGinley, said" (by another's possessive),
    // "Hunter’s chief of staff, Joe Kasper, told" (in lower case).
    if let Some((a, b)) = appositive
        && b > a
        && toks[a..b]
            .iter()
            .all(|t| t.is_capitalized() || t.text == "." || t.text == "-")
        && toks[a].is_capitalized()
    {
        let possessed = i < last
            && toks[i..last]
                .iter()
                .any(|t| t.text.ends_with("'s") || t.text.ends_with("’s"));
        let described =
            i == last && last > 0 && toks[last - 1].is_word() && toks[last - 1].text.starts_with(char::is_lowercase);
        if possessed || described {
            return Some(Span::new(toks[a].span().start, toks[b - 1].span().end));
        }
    }
    (i < last).then(|| Span::new(toks[i].span().start, toks[last - 1].span().end))
}

/// "…,” X said" / "…,” said X" / "…,” according to X".
fn attribution_after(text: &str, lex: &SpeechLexicon) -> Option<Attribution> {
    // The reading below looks at most 2 + 28 tokens in, plus a cue's words
    // and a speaker phrase's 11: tokens past that cannot change it.
    let longest_cue = lex.multi_cues.iter().map(Vec::len).max().unwrap_or(0);
    let toks = tokenize_prefix(text, 48 + longest_cue);
    let mut i = 0;
    while i < toks.len()
        && !toks[i].is_word()
        && matches!(toks[i].text, "," | "." | "!" | "?" | "—" | "–" | "―" | "-" | "…")
    {
        i += 1;
    }
    if i >= toks.len() || i > 2 {
        return None;
    }
    if toks[i].text.eq_ignore_ascii_case("according") && toks.get(i + 1).is_some_and(|t| t.text == "to") {
        let sp = phrase_forward(&toks, i + 2, lex)?;
        return Some(Attribution {
            speaker: sp,
            cue: "according to".into(),
        });
    }
    // Cue first: "said X". Not "…," saying X was …": X is what was said
    // about; the speaker is the one before.
    if let Some((cue, n)) = cue_at(&toks, i, lex) {
        if cue.ends_with("ing") {
            return None;
        }
        // "said state Sen. Bob Stone", "said council member Ann Lee": lower-
        // case words of the title before the name.
        let at = i + n;
        let sp = phrase_forward(&toks, at, lex).or_else(|| {
            (1..=3).find_map(|skip| {
                let name = toks.get(at + skip)?;
                let lead = toks.get(at..at + skip)?;
                let modifiers = lead
                    .iter()
                    .all(|t| t.is_word() && t.text.starts_with(char::is_lowercase) && !lex.cues.contains(t.text));
                if !(modifiers && name.is_capitalized()) {
                    return None;
                }
                phrase_forward(&toks, at + skip, lex).map(|sp| Span::new(toks[at].span().start, sp.end))
            })
        })?;
        return Some(Attribution { speaker: sp, cue });
    }
    // Speaker first: "X said", "X, a member, said", "Senate minority
    // leader Harry Reid told".
    let mut j = i;
    while j < toks.len() && j - i < 28 {
        if let Some((cue, n)) = cue_at(&toks, j, lex) {
            let Some(sp) = phrase_backward(&toks, j, lex) else {
                // "“…” about the decision, said X": the quote's sentence
                // goes on, then names its speaker.
                if j > i && toks[j - 1].text == "," && !cue.ends_with("ing") {
                    let sp = phrase_forward(&toks, j + n, lex)?;
                    return Some(Attribution { speaker: sp, cue });
                }
                return None;
            };
            if sp.start == toks[i].span().start {
                return Some(Attribution { speaker: sp, cue });
            }
            // "“…” than that of the CIA chief, Zuckoff said": the quote's
            // sentence goes on, then its speaker.
            if let Some(before) = token_before(&toks[..j], sp)
                && toks[before].text == ","
            {
                return Some(Attribution { speaker: sp, cue });
            }
            // Lower-case modifiers before the phrase ("minority leader"),
            // not a new clause ("…,” but he denied").
            let lead: Vec<&Tok<'_>> = toks[i..].iter().take_while(|t| t.span().start < sp.start).collect();
            if lead.len() <= 6
                && lead.iter().all(|t| {
                    t.is_word()
                        && !lex.cues.contains(t.text)
                        && !lex.prepositions.contains(t.text)
                        && !matches!(t.text, "which" | "who" | "whom" | "whose" | "that" | "where")
                })
                && !lex.conjunctions.contains(toks[i].text)
            {
                return Some(Attribution {
                    speaker: Span::new(toks[i].span().start, sp.end),
                    cue,
                });
            }
            return None;
        }
        match toks[j].text {
            // A quoted phrase inside an appositive: step over it.
            "“" => match toks[j + 1..].iter().position(|t| t.text == "”") {
                Some(p) => j += p + 1,
                None => return None,
            },
            "!" | "?" | "\"" | ";" | "”" => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// "X said, “…”" / "X told reporters: “…”" / "X said Trump “…”": the last
/// cue before the quote in its sentence.
fn attribution_before(text: &str, lex: &SpeechLexicon) -> Option<Attribution> {
    attribution_before_toks(&tokenize(text), lex)
}

fn attribution_before_toks(toks: &[Tok<'_>], lex: &SpeechLexicon) -> Option<Attribution> {
    let mut j = toks.len();
    while j > 0 {
        j -= 1;
        if matches!(toks[j].text, "”" | "\"") {
            // An earlier quote in the sentence: skip its words (a cue
            // inside it is not ours).
            let mut k = j;
            while k > 0 && !matches!(toks[k - 1].text, "“" | "\"") {
                k -= 1;
            }
            if k == 0 {
                return None;
            }
            j = k - 1;
            continue;
        }
        if toks[j].text == "“" {
            return None;
        }
        // "…Fauci's assertion the US is still “…”": the words are the
        // possessor's, nearer than any speech verb.
        if j + 1 < toks.len()
            && (toks[j].text.ends_with("’s") || toks[j].text.ends_with("'s"))
            && toks[j].is_capitalized()
            && lex.speech_nouns.contains(toks[j + 1].text)
            // The quote is in the noun's clause ("assertion the US is still
            // “…”"), not after it ("treating Clinton's remark as a
            // compliment -- “…”").
            && toks[j + 2..].iter().all(|t| t.is_word() && t.text != "as")
            && toks.len() - j < 12
        {
            return Some(Attribution {
                speaker: Span::new(toks[j].span().start, toks[j].span().start + toks[j].stem().len()),
                cue: toks[j + 1].text.to_string(),
            });
        }
        // "…minutes after Romney spoke, Obama …: “…”": a speech verb in a
        // clause of time is not the quote's.
        if let Some((_, _)) = cue_at(toks, j, lex)
            && let Some(comma) = toks[j + 1..].iter().position(|t| t.text == ",")
            && toks[j + 1 + comma..].iter().filter(|t| t.is_word()).count() >= 2
            && let Some(sp) = phrase_backward(toks, j, lex)
            && let Some(b) = token_before(&toks[..j], sp)
            && lex.subordinators.contains(toks[b].text)
        {
            continue;
        }
        if let Some((cue, _)) = cue_at(toks, j, lex) {
            // "…, saying, “…”": the speaker is the sentence's subject; in
            // "“…,” Trump said, before claiming that “…”", the one who said
            // the quote before.
            if cue.ends_with("ing") {
                // "Comey quoted the president as saying, “…”": the one
                // quoted.
                if j >= 2
                    && toks[j - 1].text == "as"
                    && let Some(sp) = phrase_backward(toks, j - 1, lex)
                    && let Some(q) = token_before(&toks[..j - 1], sp)
                    && matches!(toks[q].text, "quoted" | "quotes" | "quoting" | "described" | "recalled")
                {
                    return Some(Attribution { speaker: sp, cue });
                }
                // "…, Spicer said, adding, “…”": the attribution just before.
                let near = finite_attribution(toks, j.saturating_sub(4)..j, lex);
                if let Some(sp) = near
                    && j > 0
                    && toks[j - 1].text == ","
                {
                    return Some(Attribution { speaker: sp, cue });
                }
                let earlier = || finite_attribution(toks, 0..j, lex);
                // After a quote that closes in this sentence, its words
                // are not the subject: the earlier attribution is.
                let after_quote = toks[..j].iter().any(|t| matches!(t.text, "”" | "\""));
                let sp = if after_quote {
                    earlier().or_else(|| subject_phrase(toks, j, lex))
                } else {
                    subject_phrase(toks, j, lex).or_else(earlier)
                }?;
                return Some(Attribution { speaker: sp, cue });
            }
            let sp = match phrase_backward(toks, j, lex) {
                Some(sp) => sp,
                // "X said it was early but added, “…”": the subject's
                // second verb.
                None => {
                    let mut k = j;
                    while k > 0 && toks[k - 1].is_word() && ADVERBS.contains(&toks[k - 1].text) {
                        k -= 1;
                    }
                    if k == 0 || !matches!(toks[k - 1].text, "and" | "but" | "then") {
                        return None;
                    }
                    subject_phrase(toks, k - 1, lex)?
                }
            };
            return Some(Attribution { speaker: sp, cue });
        }
        if toks[j].text.eq_ignore_ascii_case("according") && toks.get(j + 1).is_some_and(|t| t.text == "to") {
            let sp = phrase_forward(toks, j + 2, lex)?;
            return Some(Attribution {
                speaker: sp,
                cue: "according to".into(),
            });
        }
    }
    None
}

/// The last token of `toks` that ends before `span`: the word just before a
/// speaker phrase.
fn token_before(toks: &[Tok<'_>], span: Span) -> Option<usize> {
    toks.iter().rposition(|t| t.span().end <= span.start)
}

/// The speaker of the last speech verb in `range` that is not an -ing form
/// ("Spicer said, adding, …" → Spicer).
fn finite_attribution(toks: &[Tok<'_>], range: std::ops::Range<usize>, lex: &SpeechLexicon) -> Option<Span> {
    range.rev().find_map(|k| {
        let (c, _) = cue_at(toks, k, lex)?;
        (!c.ends_with("ing")).then(|| phrase_backward(toks, k, lex)).flatten()
    })
}

/// The subject at the start of a sentence, before token `limit`: a name,
/// a pronoun or a role phrase ("Moore thanked him for “…”").
fn subject_phrase(toks: &[Tok<'_>], limit: usize, lex: &SpeechLexicon) -> Option<Span> {
    // The subject of the last clause before `limit`: "Trump later claimed
    // …, but Fiorina made it clear …, saying" is Fiorina's.
    let clause = (1..limit.min(toks.len()).saturating_sub(1)).rev().find(|&k| {
        let joined = (toks[k - 1].text == "," && matches!(toks[k].text, "but" | "and" | "while" | "yet" | "whereas"))
            || toks[k].text == ";";
        let next = &toks[k + 1];
        joined && (next.is_capitalized_name_start(lex) || lex.pronouns.contains(next.text))
    });
    if let Some(k) = clause
        && let Some(sp) = phrase_forward(toks, k + 1, lex)
        && sp.end <= toks.get(limit).map_or(usize::MAX, |t| t.span().start)
    {
        return Some(sp);
    }
    // Skip an opening adverbial ("Hours later,", "During the debate,").
    let mut i = 0;
    if let Some(comma) = toks[..limit].iter().position(|t| t.text == ",")
        && (comma <= 10 && !toks[0].is_capitalized_name_start(lex) || comma <= 20 && opens_with_phrase(toks, lex))
    {
        i = comma + 1;
    }
    // "But he thanked…": step over a leading conjunction.
    if toks
        .get(i)
        .is_some_and(|t| matches!(t.text, "But" | "And" | "Or" | "So" | "Yet"))
    {
        i += 1;
    }
    let t = toks.get(i)?;
    if !(t.is_capitalized() || lex.pronouns.contains(t.text) || t.text == "the") {
        return None;
    }
    // A function word, a sentence adverb, a contraction ("Don't") or a
    // dateline in capitals ("WASHINGTON") is no subject.
    let contraction = t
        .text
        .split(['\'', '’'])
        .nth(1)
        .is_some_and(|rest| rest.starts_with(char::is_lowercase));
    let shouting = t.text.len() > 2 && t.text.chars().all(|c| !c.is_lowercase());
    if contraction || shouting || is_opener(t, lex) {
        return None;
    }
    let sp = phrase_forward(toks, i, lex)?;
    (sp.end <= toks.get(limit).map_or(usize::MAX, |t| t.span().start)).then_some(sp)
}

trait NameStart {
    fn is_capitalized_name_start(&self, lex: &SpeechLexicon) -> bool;
}

impl NameStart for Tok<'_> {
    /// Capitalized and not a sentence opener.
    fn is_capitalized_name_start(&self, lex: &SpeechLexicon) -> bool {
        self.is_capitalized() && !is_opener(self, lex) || lex.pronouns.contains(self.text)
    }
}

/// A word that opens a sentence without being its subject: a function
/// word or sentence adverb (`not_subject`) or a time word.
fn is_opener(t: &Tok<'_>, lex: &SpeechLexicon) -> bool {
    lex.not_subject.contains(t.stem()) || is_time_word(t.text)
}

/// Whether the sentence opens with a participle or adverb phrase of
/// everyday English ("Appearing before supporters, …", "Immediately after
/// the attacks, …"): its first word is a common word's -ing or -ly form and
/// the next is lower case and no cue. A name ("Manning said", "Boreing
/// said", "Kelly, the host, …") is not.
fn opens_with_phrase(toks: &[Tok<'_>], lex: &SpeechLexicon) -> bool {
    let (Some(first), Some(next)) = (toks.first(), toks.get(1)) else {
        return false;
    };
    let lower = first.text.to_lowercase();
    let base = if let Some(b) = lower.strip_suffix("ly") {
        b
    } else if let Some(b) = lower.strip_suffix("ing") {
        // "boreing" is no English form ("boring" is): a name.
        if b.ends_with('e') && !b.ends_with("ee") {
            return false;
        }
        b
    } else {
        return false;
    };
    base.chars().count() >= 3
        && lex.is_common_word(&lower)
        && next.is_word()
        && next.text.starts_with(char::is_lowercase)
        && cue_at(toks, 1, lex).is_none()
}

/// How many earlier mentions a role noun ("the president") looks back over.
const ROLE_LOOKBACK: usize = 200;

/// How far (bytes) attribution contexts reach from a quote's marks: an
/// attribution sits next to its quote, and a bound keeps huge sentences
/// from making every quote's work grow with them.
const CONTEXT_BYTES: usize = 600;

/// Context for resolving speaker phrases.
pub struct Resolver<'a> {
    pub doc: &'a Document,
    pub people: &'a People,
    pub lex: &'a SpeechLexicon,
    /// The quotation marks of each block (see [`block_marks`]).
    pub marks: &'a [Vec<Marks>],
}

/// The quotation marks of each of `doc`'s blocks.
pub fn block_marks(doc: &Document) -> Vec<Vec<Marks>> {
    doc.blocks
        .iter()
        .map(|b| find_marks(b.plain.slice(&doc.plain)))
        .collect()
}

/// The people index gives who an attribution phrase names.
impl Resolver<'_> {
    /// Resolves the speaker phrase at `phrase` (offsets from plain offset
    /// `offset`): the speaker, how it was found, and the phrase as written.
    fn speaker_at(
        &self,
        phrase: Span,
        offset: usize,
        last_speaker: Option<(&str, usize)>,
    ) -> (Option<String>, SpeakerSource, Option<String>) {
        let span = Span::new(offset + phrase.start, offset + phrase.end);
        let text = span.slice(&self.doc.plain).to_string();
        let (speaker, source) = self.resolve(&text, span, last_speaker);
        (speaker, source, Some(text))
    }

    /// Resolves a speaker phrase at plain offset `at` to (speaker, source).
    fn resolve(
        &self,
        phrase: &str,
        span: Span,
        last_speaker: Option<(&str, usize)>,
    ) -> (Option<String>, SpeakerSource) {
        let people = self.people;
        let lex = self.lex;
        // A person named in the phrase.
        let first = people.mentions.partition_point(|m| m.plain.start < span.start);
        // A possessive names someone else: "Trump's press secretary" is
        // not Trump.
        // Nor does a name that modifies a noun: "the Sanders campaign",
        // "a senior Obama administration official".
        let plain = &self.doc.plain;
        let modifier = |m: &&crate::extract::people::Mention| {
            let rest = &plain[m.plain.end..span.end];
            rest.starts_with(' ')
                && rest.trim_start().starts_with(char::is_lowercase)
                && !rest.trim_start().starts_with("and ")
        };
        let mut named = people.mentions[first..]
            .iter()
            .take_while(|m| m.plain.start < span.end)
            .filter(|m| m.plain.end <= span.end && !m.possessive && !modifier(m))
            .map(|m| m.person);
        if let Some(p) = named.next() {
            // "Stephen Ryan and Todd Harrison wrote": speakers together, no
            // one person.
            let mut keys = vec![people.persons[p].key.clone()];
            for q in named {
                if !keys.contains(&people.persons[q].key) {
                    keys.push(people.persons[q].key.clone());
                }
            }
            // "Fred and Cindy Warmbier": two people though one is named in
            // full.
            if keys.len() == 1 && joins_names(phrase, lex) {
                return (Some(phrase.trim().to_string()), SpeakerSource::Explicit);
            }
            return (Some(keys.join(" and ")), SpeakerSource::Explicit);
        }
        let lower = phrase.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        if words.len() == 1 && lex.pronouns.iter().any(|p| p.eq_ignore_ascii_case(words[0])) {
            let sex = match words[0] {
                "he" => Some('m'),
                "she" => Some('f'),
                _ => None,
            };
            return (self.antecedent(span.start, last_speaker, sex), SpeakerSource::Pronoun);
        }
        // A role noun: "the president", "the Ukrainian leader"; not a
        // capitalised word alone ("Judge wrote" of Mark Judge).
        let alone_capitalised = words.len() == 1 && phrase.trim().starts_with(char::is_uppercase);
        if let Some(head) = words.last()
            && let Some(targets) = lex.roles.get(*head)
            && !alone_capitalised
        {
            let adjectives: Vec<&str> = words[..words.len() - 1]
                .iter()
                .copied()
                .filter(|w| !matches!(*w, "the" | "a" | "an" | "former"))
                .collect();
            let date = self.doc.published.map(|p| p.date);
            match self.role_holder(targets, &adjectives, span.start) {
                Some((p, true)) => return (Some(p), SpeakerSource::Role),
                // Only a qualified holder ("Ukrainian President Volodymyr
                // Zelensky") for a bare "the president": the registry's
                // holder on the day, if it has one, else that one.
                Some((p, false)) => {
                    let holder = lex.registry.role_holder(phrase, date).map(str::to_string);
                    return (Some(holder.unwrap_or(p)), SpeakerSource::Role);
                }
                None => {}
            }
            if let Some(p) = lex.registry.role_holder(phrase, date) {
                return (Some(p.to_string()), SpeakerSource::Role);
            }
            return (None, SpeakerSource::Role);
        }
        // A capitalized phrase the people index did not take (an
        // organisation, or a person the index could not confirm).
        let trimmed = phrase.trim_start_matches(|c: char| !c.is_alphanumeric());
        // Lower-case words of a title before the name ("state Sen. Bob
        // Stone"): the name is what follows.
        let trimmed = match trimmed.find(|c: char| c.is_uppercase()) {
            Some(k) if k > 0 && !trimmed.starts_with("the ") && trimmed[..k].ends_with(' ') => &trimmed[k..],
            _ => trimmed,
        };
        let name = trimmed.strip_prefix("the ").unwrap_or(trimmed);
        if name.chars().next().is_some_and(char::is_uppercase) {
            let canon = lex.registry.canonical(name).map(str::to_string);
            let written = if trimmed.len() < phrase.trim_start_matches(|c: char| !c.is_alphanumeric()).len() {
                trimmed
            } else {
                phrase
            };
            return (
                Some(canon.unwrap_or_else(|| written.to_string())),
                SpeakerSource::Explicit,
            );
        }
        (Some(phrase.to_string()), SpeakerSource::Explicit)
    }

    /// The sex a person's given name (or an honorific written before the
    /// name) gives, when one does.
    fn sex_of(&self, key: &str) -> Option<char> {
        let p = self.people.persons.iter().find(|p| p.key == key);
        let first = p.and_then(|p| p.first.as_deref()).or_else(|| {
            let mut words = key.split(' ');
            let first = words.next();
            words.next().and(first)
        });
        first.and_then(|f| self.lex.sexes.get(f).copied()).or_else(|| {
            p.into_iter()
                .flat_map(|p| p.titles.iter().flatten())
                .find_map(|t| SpeechLexicon::honorific_sex(t))
        })
    }

    /// The person a pronoun at `at` stands for: the subject (first person
    /// named, outside quotation marks and not as a possessive) of the
    /// nearest sentence that names one, looking back from the pronoun's
    /// own sentence at most a few sentences; else the last speaker. A
    /// sentence whose subject is itself a pronoun ("He said Grassley
    /// would …") is stepped over, and "he" is no woman ("she" no man).
    fn antecedent(&self, at: usize, last_speaker: Option<(&str, usize)>, sex: Option<char>) -> Option<String> {
        let doc = self.doc;
        let fits = |key: &str| sex.is_none_or(|s| self.sex_of(key).is_none_or(|k| k == s));
        let last_speaker = last_speaker.filter(|(s, _)| fits(s));
        // A headline quote of a page with no sentences has nothing to look back over.
        let Some(last) = doc.sentences.len().checked_sub(1) else {
            return last_speaker.map(|(s, _)| s.to_string());
        };
        let here = doc.sentences.partition_point(|s| s.plain.end <= at);
        let lowest = here.saturating_sub(4).min(last);
        for si in (lowest..=here.min(last)).rev() {
            let s = &doc.sentences[si];
            if si < here {
                let text = doc.sentence_plain(s).trim_start_matches(|c: char| !c.is_alphanumeric());
                let opener = text.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                if matches!(opener, "He" | "She") {
                    continue;
                }
            }
            let end = if si == here { at } else { s.plain.end };
            let mentions = &self.people.mentions;
            // Within the sentence, but not further back than a bound.
            let from_at = s.plain.start.max(at.saturating_sub(CONTEXT_BYTES * 4));
            let from = mentions.partition_point(|m| m.plain.start < from_at);
            let first = mentions[from..]
                .iter()
                .take_while(|m| m.plain.start < end)
                .filter(|m| m.plain.end <= end && !m.quoted)
                .find(|m| !m.possessive && fits(&self.people.persons[m.person].key));
            if let Some(m) = first {
                return Some(self.people.persons[m.person].key.clone());
            }
        }
        last_speaker.map(|(s, _)| s.to_string())
    }

    /// The latest person before `at` whose titles fit a role noun, and
    /// whether the fit is sure (not only a qualified title: "Ukrainian
    /// President" for "the president").
    fn role_holder(&self, targets: &[String], adjectives: &[&str], at: usize) -> Option<(String, bool)> {
        let lex = self.lex;
        // The target's words in the titles, and not a vice, former or
        // deputy one: "the president" is not "former Vice President Joe
        // Biden".
        let fits = |titles: &[String]| {
            targets.iter().any(|t| {
                let tw: Vec<&str> = t.split(' ').collect();
                (0..titles.len()).any(|k| {
                    titles.len() >= k + tw.len()
                        && tw.iter().zip(&titles[k..]).all(|(a, b)| b.trim_end_matches('.') == *a)
                        && !titles[..k]
                            .iter()
                            .any(|w| matches!(w.as_str(), "vice" | "former" | "ex" | "deputy" | "acting"))
                })
            })
        };
        let qualified = |titles: &[String]| {
            titles.iter().any(|t| {
                t.ends_with("'s") || t.ends_with("’s") || lex.demonyms.iter().any(|d| d.eq_ignore_ascii_case(t))
            })
        };
        let persons = &self.people.persons;
        let mut fallback = None;
        // A role noun refers back a short way: the last mentions only.
        let window: Vec<&crate::extract::people::Mention> = self
            .people
            .before(at)
            .filter(|m| !m.quoted)
            .take(ROLE_LOOKBACK)
            .collect();
        for m in &window {
            let p = &persons[m.person];
            // The titles the article gave this person up to here: "the
            // president" after "Russian President Vladimir Putin" and
            // "President Trump" is Trump, though Putin is "President
            // Putin" further on.
            let all: Vec<&Vec<String>> = window
                .iter()
                .filter(|x| x.person == m.person && !x.titles.is_empty())
                .map(|x| &x.titles)
                .collect();
            if !all.iter().any(|t| fits(t)) {
                continue;
            }
            if !adjectives.is_empty() {
                let ok = adjectives
                    .iter()
                    .all(|a| all.iter().any(|t| t.iter().any(|w| w.eq_ignore_ascii_case(a))));
                if ok {
                    return Some((p.key.clone(), true));
                }
                continue;
            }
            if all.iter().any(|t| fits(t) && !qualified(t)) {
                return Some((p.key.clone(), true));
            }
            fallback.get_or_insert_with(|| p.key.clone());
        }
        fallback.map(|p| (p, false))
    }
}

/// Quotes in a headline written on the page: "Trump: ‘I’m the one’",
/// "‘No idea,’ says Blumenthal".
fn headline_quotes(r: &Resolver<'_>) -> Vec<Quote> {
    let doc = r.doc;
    let Some(h) = doc.headline else { return Vec::new() };
    let text = h.plain.slice(&doc.plain);
    let mut out = Vec::new();
    for m in find_marks(text) {
        if !m.closed {
            continue;
        }
        let plain = crate::text::trim_span(&doc.plain, Span::new(h.plain.start + m.start, h.plain.start + m.end));
        if plain.is_empty() {
            continue;
        }
        let content = plain.slice(&doc.plain);
        let before = &text[..m.open];
        let mut speaker = None;
        let mut speaker_text = None;
        let mut source = SpeakerSource::None;
        let mut cue = None;
        // "Speaker: ‘…’"
        if let Some(colon) = before.trim_end().strip_suffix(':') {
            let phrase = colon.trim();
            if phrase.split_whitespace().count() <= 6 && phrase.starts_with(char::is_uppercase) {
                let lead = colon.len() - colon.trim_start().len();
                (speaker, source, speaker_text) =
                    r.speaker_at(Span::new(lead, lead + phrase.len()), h.plain.start, None);
            }
        } else if let Some(a) = attribution_after(&text[m.close_end..], r.lex) {
            (speaker, source, speaker_text) = r.speaker_at(a.speaker, h.plain.start + m.close_end, None);
            cue = Some(a.cue);
        }
        out.push(Quote {
            plain,
            src: doc.map.to_source(plain),
            speaker,
            speaker_text,
            speaker_source: source,
            cue,
            fragment: is_fragment(content),
            sentences: Vec::new(),
        });
    }
    out
}

/// Finds the quotes of `doc` and their speakers.
pub fn find_quotes(r: &Resolver<'_>) -> Vec<Quote> {
    let doc = r.doc;
    let mut out: Vec<Quote> = headline_quotes(r);
    // The last attributed speaker and where their quote ended.
    let mut last_speaker: Option<(String, usize, SpeakerSource)> = None;
    let mut carry: Option<usize> = None; // an open quote continuing from the previous paragraph
    for (bi, block) in doc.blocks.iter().enumerate() {
        let text = block.plain.slice(&doc.plain);
        let base = block.plain.start;
        let marks = &r.marks[bi];
        let starts_with_open = text.trim_start().starts_with(['“', '"', '«']);
        for (k, m) in marks.iter().enumerate() {
            let content = Span::new(base + m.start, base + m.end);
            // Continuation of the previous paragraph's open quote.
            let continued = k == 0 && starts_with_open && carry.is_some();
            let mut plain = content;
            if continued && let Some(prev) = carry.take() {
                let q = &mut out[prev];
                q.plain = Span::new(q.plain.start, content.end);
                q.src = doc.map.to_source(q.plain);
                q.sentences = sentences_in(doc, q.plain);
                if m.closed {
                    continue;
                }
                carry = Some(prev);
                continue;
            }
            carry = None;
            let trimmed = crate::text::trim_span(&doc.plain, plain);
            if trimmed.is_empty() {
                continue;
            }
            plain = trimmed;
            let content_text = plain.slice(&doc.plain);
            let mut fragment = is_fragment(content_text);
            // Attribution: after the closing mark, then before the opening.
            let sentence_end = sentence_end_after(doc, base + m.close_end, block.plain.end);
            let after = &doc.plain[base + m.close_end..sentence_end.max(base + m.close_end)];
            let next_open = marks.get(k + 1).map(|n| base + n.open);
            let after = match next_open {
                Some(o) if o >= base + m.close_end && o < sentence_end => &doc.plain[base + m.close_end..o],
                _ => after,
            };
            let after = if after.len() > CONTEXT_BYTES {
                // End at a word boundary within the bound.
                let cut = after.as_bytes()[..CONTEXT_BYTES]
                    .iter()
                    .rposition(|b| b.is_ascii_whitespace())
                    .unwrap_or(0);
                &after[..cut]
            } else {
                after
            };
            let mut sentence_start = sentence_start_before(doc, base + m.open, block.plain.start);
            if base + m.open - sentence_start > CONTEXT_BYTES {
                // Start at a word boundary within the bound.
                let from = base + m.open - CONTEXT_BYTES;
                let window = &doc.plain.as_bytes()[from..base + m.open];
                sentence_start = from
                    + window
                        .iter()
                        .position(|b| b.is_ascii_whitespace())
                        .map_or(window.len(), |p| p + 1);
            }
            let before = &doc.plain[sentence_start..base + m.open];
            let after = double_apostrophes(after);
            let before = double_apostrophes(before);
            let mut attribution = None;
            if m.closed
                && let Some(a) = attribution_after(&after, r.lex)
            {
                attribution = Some((a, base + m.close_end));
            }
            // “….” Trump said. — the attribution as a sentence of its own,
            // after a quote that is a whole sentence.
            if attribution.is_none()
                && m.closed
                && after.trim().is_empty()
                && before.trim().is_empty()
                && next_open.is_none_or(|o| o > sentence_end)
                && let Some(next) = next_sentence(doc, sentence_end, block.plain.end)
                // A sentence with a quote of its own attributes that one.
                && !next.slice(&doc.plain).contains(['“', '"', '”'])
                // After “…?” or “…!” the sentence may have been cut
                // before its own attribution ("“Who knows?” Trump told ITV
                // in an interview …").
                && (words_up_to(next.slice(&doc.plain), 10) <= 10 || content_text.trim_end().ends_with(['?', '!']))
                && let Some(a) = attribution_after(next.slice(&doc.plain), r.lex)
            {
                attribution = Some((a, next.start));
            }
            if attribution.is_none() && !before.trim().is_empty() {
                let toks = tokenize(&before);
                if let Some(a) = attribution_before_toks(&toks, r.lex) {
                    attribution = Some((a, sentence_start));
                } else if let Some(sp) = subject_phrase(&toks, toks.len(), r.lex) {
                    // A quote inside a sentence about a person: its subject
                    // ("Moore thanked him for “…”").
                    attribution = Some((
                        Attribution {
                            speaker: sp,
                            cue: String::new(),
                        },
                        sentence_start,
                    ));
                }
            }
            let mut speaker = None;
            let mut speaker_text = None;
            let mut source = SpeakerSource::None;
            let mut cue = None;
            // A short quote that ends like speech and has its own
            // attribution is a statement: “I would,” she said.
            if fragment
                && attribution.is_some()
                && !is_title_like(content_text)
                && content_text.trim_end().ends_with(['.', ',', '!', '?', '…'])
                && m.closed
            {
                fragment = false;
            }
            let last = last_speaker.as_ref().map(|(s, p, _)| (s.as_str(), *p));
            if let Some((a, offset)) = attribution {
                (speaker, source, speaker_text) = r.speaker_at(a.speaker, offset, last);
                if a.cue.is_empty() && speaker.is_some() {
                    source = SpeakerSource::Subject;
                }
                cue = (!a.cue.is_empty()).then_some(a.cue);
            } else if let Some(dash) =
                trailing_dash_speaker(&doc.plain[base + m.close_end..next_open.unwrap_or(block.plain.end)])
            {
                (speaker, _, speaker_text) = r.speaker_at(dash, base + m.close_end, None);
                source = SpeakerSource::Explicit;
            } else if k == 0
                && starts_with_open
                && let Some((a, offset)) = colon_intro(doc, bi, r.lex)
            {
                (speaker, source, speaker_text) = r.speaker_at(a.speaker, offset, last);
                cue = Some(a.cue);
            } else if !fragment
                && let Some((s, _, _)) = &last_speaker
                && (k > 0 || starts_with_open)
            {
                speaker = Some(s.clone());
                source = SpeakerSource::PreviousQuote;
            }
            if let Some(s) = &speaker
                && !fragment
            {
                last_speaker = Some((s.clone(), base + m.close_end, source));
            }
            out.push(Quote {
                plain,
                src: doc.map.to_source(plain),
                speaker,
                speaker_text,
                speaker_source: source,
                cue,
                fragment,
                sentences: sentences_in(doc, plain),
            });
            if !m.closed {
                carry = Some(out.len() - 1);
            }
        }
        if marks.is_empty() {
            carry = None;
        }
    }
    out
}

/// '' marks read as a double mark (same length, so offsets stay).
fn double_apostrophes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains("''") {
        std::borrow::Cow::Owned(s.replace("''", "\" "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The previous paragraph introduces this one's quote: "Caddell
/// continued:", "Breitbart News responded:". Returns its attribution and
/// the plain offset its offsets count from.
fn colon_intro(doc: &Document, block: usize, lex: &SpeechLexicon) -> Option<(Attribution, usize)> {
    let prev = doc.blocks.get(block.checked_sub(1)?)?;
    let text = prev.plain.slice(&doc.plain).trim_end();
    let head = text.strip_suffix(':')?;
    let start = sentence_start_before(doc, prev.plain.start + head.len(), prev.plain.start);
    let sentence = &doc.plain[start..prev.plain.start + head.len()];
    attribution_before(&format!("{sentence} "), lex).map(|a| (a, start))
}

/// "— Jane Doe" after a quote, ending the paragraph.
fn trailing_dash_speaker(after: &str) -> Option<Span> {
    let lead = after.len() - after.trim_start().len();
    let rest = after.trim();
    let name = rest
        .strip_prefix(['—', '–', '―'])
        .or_else(|| rest.strip_prefix("--"))
        .or_else(|| rest.strip_prefix("- "))?;
    let skip = rest.len() - name.len();
    let name_t = name.trim_start().trim_end_matches(['.', ',', ';']);
    let skip = skip + (name.len() - name.trim_start().len());
    let words = name_t.split_whitespace().count();
    ((1..=6).contains(&words) && name_t.starts_with(char::is_uppercase))
        .then(|| Span::new(lead + skip, lead + skip + name_t.len()))
}

/// The sentence that starts after plain offset `after`, within the block.
fn next_sentence(doc: &Document, after: usize, block_end: usize) -> Option<Span> {
    let i = doc.sentences.partition_point(|s| s.plain.start < after);
    let s = doc.sentences.get(i)?;
    (s.plain.end <= block_end).then_some(s.plain)
}

fn sentences_in(doc: &Document, plain: Span) -> Vec<usize> {
    let first = doc.sentences.partition_point(|s| s.plain.end <= plain.start);
    (first..doc.sentences.len())
        .take_while(|&i| doc.sentences[i].plain.start < plain.end)
        .collect()
}

/// End (plain offset) of the sentence holding `at`, within the block.
fn sentence_end_after(doc: &Document, at: usize, block_end: usize) -> usize {
    let i = doc.sentences.partition_point(|s| s.plain.end < at);
    match doc.sentences.get(i) {
        Some(s) if s.plain.start <= at => s.plain.end.min(block_end).max(at),
        _ => at,
    }
}

/// Start (plain offset) of the sentence holding `at`, within the block.
fn sentence_start_before(doc: &Document, at: usize, block_start: usize) -> usize {
    let i = doc.sentences.partition_point(|s| s.plain.end <= at);
    match doc.sentences.get(i) {
        Some(s) if s.plain.start <= at => s.plain.start.max(block_start),
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        let m = find_marks("“It’s over,” he said. \"Yes,\" she said.");
        assert_eq!(m.len(), 2);
        let m = find_marks("He said ''It is over,'' and left.");
        assert_eq!(m.len(), 1);
        let m = find_marks("Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’");
        assert_eq!(m.len(), 1);
        let m = find_marks("Back in the ‘90s, rock ‘n’ roll ruled. “He said ‘no’ twice,” she said.");
        assert_eq!(m.len(), 2, "{m:?}");
        // A single-mark quote around a double one: the outer one stays.
        let m = find_marks("‘He said “go now” and left,’ she wrote. “Fine.”");
        assert!(m.windows(2).all(|w| w[0].close_end <= w[1].open), "{m:?}");
        let m = find_marks("<tweet author=\"@x\">text</tweet> and “open");
        assert_eq!(m.len(), 1);
        assert!(!m[0].closed);
    }

    /// The speaker phrase (as written) and cue an attribution text gives.
    fn after(text: &str) -> Option<(String, String)> {
        let lex = &crate::lexicon::Lexicon::builtin().speech;
        attribution_after(text, lex).map(|a| (text[a.speaker.start..a.speaker.end].to_string(), a.cue))
    }

    fn before(text: &str) -> Option<(String, String)> {
        let lex = &crate::lexicon::Lexicon::builtin().speech;
        attribution_before(text, lex).map(|a| (text[a.speaker.start..a.speaker.end].to_string(), a.cue))
    }

    fn pair(s: &str, c: &str) -> Option<(String, String)> {
        Some((s.to_string(), c.to_string()))
    }

    #[test]
    fn speakers_after_a_quote() {
        // A long appositive between the name and the verb.
        assert_eq!(
            after(" Dana Kowal, an adviser to the council and former director of the state budget office, said."),
            pair("Dana Kowal", "said")
        );
        // The quote's sentence goes on, then names its speaker.
        assert_eq!(after(" about the decision, said Rosa Diaz."), pair("Rosa Diaz", "said"));
        assert_eq!(after(" than the chief's account, Kowal said."), pair("Kowal", "said"));
        // A new clause after the quote is not its attribution.
        assert_eq!(after(" but he denied that they were on duty."), None);
        // "“…,” to which Berger replied, “…”": Berger said the next one.
        assert_eq!(after(" to which Berger replied, "), None);
        // A description then the name: the name spoke.
        assert_eq!(
            after(" Rep. Ann Lee’s chief of staff, Tom Hale, told reporters."),
            pair("Tom Hale", "told")
        );
        // A name after a preposition is no subject.
        assert_eq!(after(" lawyers for Tom Hale have said."), None);
        assert_eq!(after(" Fred and Cindy Hale said."), pair("Fred and Cindy Hale", "said"));
        // Lower-case words of a title before the name.
        assert_eq!(
            after(" said state Sen. Dana Kowal."),
            pair("state Sen. Dana Kowal", "said")
        );
        assert_eq!(
            after(" said council member Ann Lee, a Democrat."),
            pair("council member Ann Lee", "said")
        );
    }

    #[test]
    fn speakers_before_a_quote() {
        assert_eq!(
            before("Or, as Dana Kowal, a former mayor, put it: "),
            pair("Dana Kowal", "put it")
        );
        // An opening participle or adverb phrase is no subject.
        assert_eq!(
            before("Appearing before supporters at the party office, Rosa Diaz said it was early but added, "),
            pair("Rosa Diaz", "added")
        );
        // "…, X said, adding, “…”": the attribution just before.
        assert_eq!(
            before("The two will meet next week, Hale said, adding, "),
            pair("Hale", "adding")
        );
        // The one quoted.
        assert_eq!(
            before("In his testimony, Berger quoted the governor as saying, "),
            pair("the governor", "saying")
        );
        // A speech verb in a clause of time is not the quote's.
        assert_ne!(
            before("Minutes after Berger spoke, Rosa Diaz read a statement: ").map(|p| p.0),
            Some("Berger".to_string())
        );
        // The possessor of what was said.
        assert_eq!(
            before("Hale disagreed with Kowal's assertion the county is still "),
            pair("Kowal", "assertion")
        );
    }

    #[test]
    fn dash_speakers() {
        assert_eq!(trailing_dash_speaker(" "), None);
        assert_eq!(trailing_dash_speaker(""), None);
        let s = "― Carla Sanchez. ";
        assert_eq!(
            trailing_dash_speaker(s).map(|sp| &s[sp.start..sp.end]),
            Some("Carla Sanchez")
        );
        assert_eq!(
            trailing_dash_speaker(" — and then it went on for a long while, they said"),
            None
        );
    }

    #[test]
    fn fragments() {
        assert!(is_fragment("unrealistic"));
        assert!(is_fragment("Meet the Press"));
        assert!(!is_fragment("We will never do it."));
        assert!(!is_fragment("to make common plan, and to share it with allies"));
    }
}
