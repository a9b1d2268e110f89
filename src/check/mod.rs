//! Stage 5: claims and alignment → findings. Each rule configures one
//! built-in checker; a checker reads the aligned pairs and the claims of
//! their documents and returns findings. Findings are data: spans into the
//! documents, a rendered message and a fingerprint; `report` renders them.

pub mod baseline;
mod facts;
mod frames;
pub mod names;
mod quotes;
pub mod stage;
mod style;
pub mod tally;
mod wording;

use std::collections::BTreeMap;

use crate::align::{Alignment, Pair, PairKind, Relation};
use crate::document::Document;
use crate::extract::Claims;
use crate::rules::{Kind, Options, Rule, RuleSet, Scope, Severity};
use crate::text::Span;

/// A place in a document a finding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub doc: usize,
    pub src: Span,
}

impl Location {
    /// The statement one side of an aligned pair names.
    pub fn of(side: &crate::align::Side) -> Location {
        Location {
            doc: side.doc,
            src: side.src,
        }
    }
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    /// Stable across edits elsewhere: rule, normalised statements, outlets.
    pub fingerprint: String,
    /// The primary location first, then one per other outlet involved.
    pub locations: Vec<Location>,
    /// The story of the primary document, when it is in one.
    pub story: Option<usize>,
    /// Per location (or none), the words to point at inside it.
    pub marks: Vec<Option<Span>>,
}

/// What every checker reads.
pub struct Context<'a> {
    pub docs: &'a [Document],
    pub claims: &'a [Claims],
    pub alignment: &'a Alignment,
    story_of: Vec<Option<usize>>,
    /// Publication day numbers.
    days: Vec<Option<i64>>,
    /// The rules each document's metadata silences.
    ignored: Vec<Vec<String>>,
    /// Each document's people and organisations by surname (as numbers),
    /// sorted.
    surnames: Vec<Vec<u32>>,
    /// Each document's outlet as a number (documents of one outlet share it).
    outlet_ids: Vec<u32>,
    /// Each file's folder (a number) and how many of the run's articles
    /// are files of it; `None` for a record of a file of many records.
    folders: Vec<Option<(u32, usize)>>,
}

/// Each document's folder as a number, with the number of the run's
/// articles in it, when the document is a file of its own.
fn folders_of(docs: &[Document]) -> Vec<Option<(u32, usize)>> {
    let folder = |d: &Document| -> Option<String> {
        if d.record.as_ref().is_some_and(|r| r.multi) {
            return None;
        }
        let p = std::path::Path::new(&d.path);
        Some(p.parent().map_or(String::new(), |f| f.to_string_lossy().into_owned()))
    };
    let mut ids: BTreeMap<String, (u32, usize)> = BTreeMap::new();
    let of: Vec<Option<String>> = docs.iter().map(folder).collect();
    for f in of.iter().flatten() {
        let n = ids.len() as u32;
        ids.entry(f.clone()).or_insert((n, 0)).1 += 1;
    }
    of.iter().map(|f| f.as_ref().map(|f| ids[f])).collect()
}

/// Surnames two articles need in common to tell of one event when the
/// aligner did not put them in one story.
const SHARED_PEOPLE: usize = 2;

/// Each document's surnames (the last word of each person key it names,
/// lower case) as sorted numbers, and the number of each surname.
fn surname_numbers<'p, P: IntoIterator<Item = &'p str>>(
    docs: impl IntoIterator<Item = P>,
) -> (Vec<Vec<u32>>, rustc_hash::FxHashMap<String, u32>) {
    let mut ids: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
    let numbers = docs
        .into_iter()
        .map(|people| {
            let mut v: Vec<u32> = people
                .into_iter()
                .map(|p| {
                    let s = p.rsplit(' ').next().unwrap_or(p).to_lowercase();
                    let next = ids.len() as u32;
                    *ids.entry(s).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    (numbers, ids)
}

impl<'a> Context<'a> {
    pub fn new(docs: &'a [Document], claims: &'a [Claims], alignment: &'a Alignment) -> Self {
        let mut story_of = vec![None; docs.len()];
        for s in &alignment.stories {
            for &d in &s.docs {
                story_of[d] = Some(s.id);
            }
        }
        Context {
            docs,
            claims,
            alignment,
            story_of,
            days: crate::align::index::days(docs),
            ignored: docs.iter().map(ignored_rules).collect(),
            outlet_ids: {
                let mut ids: BTreeMap<String, u32> = BTreeMap::new();
                docs.iter()
                    .map(|d| {
                        let n = ids.len() as u32;
                        *ids.entry(d.label()).or_insert(n)
                    })
                    .collect()
            },
            surnames: surname_numbers(claims.iter().map(|c| {
                c.names
                    .iter()
                    .filter(|n| !n.byline && !n.entity)
                    .map(|n| n.person.as_str())
            }))
            .0,
            folders: folders_of(docs),
        }
    }

    /// Whether two documents are files of one folder of at most `max`
    /// articles (`max` 0: never): a folder of one event's coverage.
    pub fn same_event_folder(&self, a: usize, b: usize, max: usize) -> bool {
        match (self.folders[a], self.folders[b]) {
            (Some((x, n)), Some((y, _))) => max > 0 && x == y && n <= max,
            _ => false,
        }
    }

    /// Pairs of documents (`a < b`) that are files of one folder of at
    /// most `max` articles.
    pub fn event_folder_pairs(&self, max: usize) -> Vec<(usize, usize)> {
        let mut by: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (d, f) in self.folders.iter().enumerate() {
            if let Some((id, n)) = f
                && max > 0
                && *n <= max
            {
                by.entry(*id).or_default().push(d);
            }
        }
        let mut out = Vec::new();
        for docs in by.values() {
            for (i, &a) in docs.iter().enumerate() {
                out.extend(docs[i + 1..].iter().map(|&b| (a, b)));
            }
        }
        out.sort_unstable();
        out
    }

    /// A number for the document's outlet: equal for documents of one outlet.
    pub fn outlet_id(&self, doc: usize) -> u32 {
        self.outlet_ids[doc]
    }

    /// The outlet as reports name it: its name, else the file's name.
    pub fn outlet(&self, doc: usize) -> String {
        self.docs[doc].label()
    }

    /// The outlets of these documents, each once, in order, as a list in
    /// words; past [`MAX_LISTED`] names, "and N more".
    pub fn outlets(&self, docs: impl IntoIterator<Item = usize>) -> String {
        outlets_list(docs.into_iter().map(|d| self.outlet(d)))
    }

    pub fn text(&self, loc: Location) -> &str {
        self.docs[loc.doc].text(loc.src)
    }

    /// Whether two articles were published at most `window` days apart
    /// (0: any distance; an unknown date is within any window).
    pub fn close_in_time(&self, a: usize, b: usize, window: u32) -> bool {
        match (self.days[a], self.days[b]) {
            (Some(x), Some(y)) if window > 0 => (x - y).abs() <= i64::from(window),
            _ => true,
        }
    }

    /// Whether two articles may tell of one event without sharing a
    /// statement the aligner found: both publication dates known and at
    /// most `window` days apart, or the same story.
    pub fn near(&self, a: usize, b: usize, window: u32) -> bool {
        let same_story = self.story_of[a].is_some() && self.story_of[a] == self.story_of[b];
        match (self.days[a], self.days[b]) {
            (Some(x), Some(y)) => (x - y).abs() <= i64::from(window) && (same_story || self.same_people(a, b)),
            _ => same_story,
        }
    }

    /// Whether two articles are about the same people: at least
    /// [`SHARED_PEOPLE`] surnames in common, and as many as a third of the
    /// shorter list (coverage of one event names its people; articles on a
    /// topic share only its best-known names).
    fn same_people(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.surnames[a], &self.surnames[b]);
        // Both sorted: one merge.
        let shared = frames::shared_sorted(x, y);
        shared >= SHARED_PEOPLE && 3 * shared >= x.len().min(y.len())
    }

    /// The publication day number of a document (days since 1970-01-01).
    pub fn day(&self, doc: usize) -> Option<i64> {
        self.days[doc]
    }

    /// The story a document is in.
    pub fn story(&self, doc: usize) -> Option<usize> {
        self.story_of[doc]
    }

    /// The aligned pairs a checker of statements compares.
    pub fn pairs(&self, kind: PairKind, same_outlet: bool, window: u32) -> impl Iterator<Item = &'a Pair> {
        self.alignment.pairs.iter().filter(move |p| {
            p.kind == kind
                && (same_outlet || p.relation == Relation::CrossOutlet)
                && self.close_in_time(p.a.doc, p.b.doc, window)
        })
    }
}

/// Outlets named in a message before the rest are counted.
pub const MAX_LISTED: usize = 4;

/// Outlet names, each once, in order, as a list in words; past
/// [`MAX_LISTED`] names, "and N more".
pub fn outlets_list(outlets: impl IntoIterator<Item = String>) -> String {
    let mut names: Vec<String> = Vec::new();
    for n in outlets {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    if names.len() > MAX_LISTED {
        let more = names.len() - (MAX_LISTED - 1);
        names.truncate(MAX_LISTED - 1);
        names.push(format!("{more} more"));
    }
    words_list(&names)
}

/// What making findings of a rule's raw findings needs to know of the
/// documents they point into: from the documents themselves
/// ([`Context`]), or from their tallies ([`tally::Tallies`]) when the
/// documents are elsewhere.
pub trait Sites {
    /// The outlet as messages name it.
    fn outlet(&self, doc: usize) -> String;
    /// The text at a location.
    fn text(&self, loc: Location) -> &str;
    /// Whether the document's metadata silences the rule.
    fn ignores(&self, doc: usize, rule: &str) -> bool;
    /// Whether the document is in the rule's scope.
    fn in_scope(&self, doc: usize, scope: &Scope) -> bool;
    /// The document's story.
    fn story(&self, doc: usize) -> Option<usize>;
}

impl Sites for Context<'_> {
    fn outlet(&self, doc: usize) -> String {
        Context::outlet(self, doc)
    }

    fn text(&self, loc: Location) -> &str {
        Context::text(self, loc)
    }

    fn ignores(&self, doc: usize, rule: &str) -> bool {
        self.ignored[doc].iter().any(|r| r == rule)
    }

    fn in_scope(&self, doc: usize, scope: &Scope) -> bool {
        let d = &self.docs[doc];
        scope.contains(&d.path, d.outlet.as_deref())
    }

    fn story(&self, doc: usize) -> Option<usize> {
        self.story_of[doc]
    }
}

/// "A", "A and B", "A, B and C".
pub fn words_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A finding before the rule's template and severity are applied.
pub struct Raw<'v> {
    pub locations: Vec<Location>,
    pub vars: BTreeMap<&'v str, String>,
    /// Per location, the words to point at inside it (the figure, the
    /// date), when not the whole statement.
    pub marks: Vec<Option<Span>>,
    /// At most this severity, when the evidence is weaker than the rule's
    /// (a fact matched by its frame alone, a minor wording change).
    pub severity: Option<Severity>,
}

/// Runs every enabled rule. Findings are sorted by primary location, then
/// rule, then message, so the order does not depend on threads.
pub fn run(docs: &[Document], claims: &[Claims], alignment: &Alignment, rules: &RuleSet) -> Vec<Finding> {
    use rayon::prelude::*;
    let ctx = Context::new(docs, claims, alignment);
    let tallies: Vec<tally::Tally> = if tally::wanted(rules) {
        (docs, claims)
            .into_par_iter()
            .enumerate()
            .map(|(i, (d, c))| tally::Tally {
                story: ctx.story_of[i],
                ..tally::tally(i, d, c, rules, false)
            })
            .collect()
    } else {
        Vec::new()
    };
    let t = tally::Tallies::new(&tallies);
    let mut out: Vec<Finding> = Vec::new();
    for rule in rules.enabled() {
        if tally::is_corpus_rule(&rule.options) {
            out.extend(run_corpus_rule(&t, rule, None));
        } else {
            out.extend(finish(rule, run_rule(&ctx, rule), &ctx));
        }
    }
    sort_findings(&mut out);
    out
}

/// Findings of a rule's raw findings: those no article silences and
/// that touch the rule's scope, with their message, fingerprint and story.
pub fn finish(rule: &Rule, raws: Vec<Raw<'_>>, sites: &dyn Sites) -> Vec<Finding> {
    let mut out = Vec::new();
    for raw in raws {
        // An article's front matter can silence a rule for itself.
        if raw.locations.iter().any(|l| sites.ignores(l.doc, &rule.id)) {
            continue;
        }
        if !rule.scope.is_everything() && !raw.locations.iter().any(|l| sites.in_scope(l.doc, &rule.scope)) {
            continue;
        }
        let Some(primary) = raw.locations.first().copied() else {
            continue;
        };
        out.push(Finding {
            rule: rule.id.clone(),
            kind: rule.kind,
            severity: raw.severity.map_or(rule.severity, |s| s.min(rule.severity)),
            message: rule.message.render(&raw.vars),
            fingerprint: fingerprint(sites, &rule.id, &raw.locations),
            story: sites.story(primary.doc),
            locations: raw.locations,
            marks: raw.marks,
        });
    }
    out
}

/// Sorts findings by primary location, then rule, message and the other
/// locations, and drops repeats (one rule, the same locations).
pub fn sort_findings(out: &mut Vec<Finding>) {
    out.sort_by(|a, b| {
        (a.locations[0], &a.rule, &a.message, &a.locations).cmp(&(b.locations[0], &b.rule, &b.message, &b.locations))
    });
    out.dedup_by(|a, b| a.rule == b.rule && a.locations == b.locations);
}

/// The findings of a corpus-wide rule (names, consistency) over tallies.
/// `groups`: how people's keys group, when already known from every
/// tally (else counted over `t`).
pub fn run_corpus_rule(t: &tally::Tallies<'_>, rule: &Rule, groups: Option<&BTreeMap<String, String>>) -> Vec<Finding> {
    let raws = match &rule.options {
        Options::NameVariant(o) => match groups {
            Some(g) => names::variants(t, g, None, o),
            None => {
                let scopes = names::name_scopes(t.iter(), o.window, o.max_articles);
                names::variants(t, &names::people_groups(t, o.max_edits), Some(&scopes), o)
            }
        },
        Options::Consistency(o) => style::consistency(t, &rule.id, o),
        _ => Vec::new(),
    };
    finish(rule, raws, t)
}

/// The stages after ingest: extract, align, check. `rules test` and the
/// tests run this one function; the CLI runs [`extract_corpus`], then
/// [`align_and_check`].
pub fn pipeline(
    docs: &[Document],
    lex: &crate::lexicon::Lexicon,
    aligner: &crate::align::Aligner,
    rules: &RuleSet,
) -> (Vec<Claims>, Alignment, Vec<Finding>) {
    use rayon::prelude::*;
    let claims: Vec<Claims> = docs.par_iter().map(|d| crate::extract::extract(d, lex)).collect();
    let (alignment, findings) = align_and_check(docs, &claims, aligner, rules, &mut |_| {});
    (claims, alignment, findings)
}

/// What [`extract_corpus`] gives: the claims of the documents kept, in
/// their order, and the indices (before removal) of those left out.
pub struct Extracted {
    pub claims: Vec<Claims>,
    pub left_out: Vec<usize>,
}

/// Extracts every document's claims, each in isolation: a document whose
/// extraction fails (a bug in crosscheck) is removed from the corpus, with
/// a diagnostic naming it (an error under `strict`), and the rest go on.
pub fn extract_corpus(corpus: &mut crate::ingest::Corpus, lex: &crate::lexicon::Lexicon, strict: bool) -> Extracted {
    extract_corpus_with(corpus, strict, |d| crate::extract::extract(d, lex))
}

/// [`extract_corpus`] with the extraction given.
fn extract_corpus_with(
    corpus: &mut crate::ingest::Corpus,
    strict: bool,
    extract: impl Fn(&Document) -> Claims + Sync,
) -> Extracted {
    use rayon::prelude::*;
    let results: Vec<Result<Claims, crate::isolate::Crash>> = corpus
        .documents
        .par_iter()
        .map(|d| crate::isolate::isolate(|| extract(d)))
        .collect();
    let mut claims = Vec::with_capacity(results.len());
    let mut left_out = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(c) => claims.push(c),
            Err(crash) => {
                corpus
                    .diagnostics
                    .push(crash_diagnostic(&corpus.documents[i], &crash, strict));
                left_out.push(i);
            }
        }
    }
    if !left_out.is_empty() {
        let mut i = 0;
        corpus.documents.retain(|_| {
            let keep = left_out.binary_search(&i).is_err();
            i += 1;
            keep
        });
    }
    Extracted { claims, left_out }
}

/// The diagnostic for a document whose extraction failed: a warning (the
/// run goes on and exits as its findings say), an error under `strict`.
pub fn crash_diagnostic(doc: &Document, crash: &crate::isolate::Crash, strict: bool) -> crate::diag::Diagnostic {
    let message = crash.diagnostic_message("extracting quotes, figures, dates and names");
    let d = crate::diag::Diagnostic::warning(doc.name(), message);
    if strict {
        crate::diag::Diagnostic {
            level: crate::diag::Level::Error,
            ..d
        }
    } else {
        d
    }
}

/// The stages after extract: align, then check, saying which stage starts
/// (for a progress display).
pub fn align_and_check(
    docs: &[Document],
    claims: &[Claims],
    aligner: &crate::align::Aligner,
    rules: &RuleSet,
    stage: &mut dyn FnMut(&str),
) -> (Alignment, Vec<Finding>) {
    stage("aligning statements across articles");
    let alignment = crate::align::align(docs, Some(claims), aligner);
    stage("running the rules");
    let findings = run(docs, claims, &alignment, rules);
    (alignment, findings)
}

/// The rules an article's metadata silences: `crosscheck: {ignore: [ids]}`
/// in its front matter (or the same field of a JSON record).
pub fn ignored_rules(doc: &Document) -> Vec<String> {
    doc.meta
        .get("crosscheck")
        .and_then(|v| v.get("ignore"))
        .map(|v| match v {
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            serde_json::Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        })
        .unwrap_or_default()
}

/// The findings of one rule, unsorted.
pub fn run_rule<'v>(ctx: &Context<'_>, rule: &Rule) -> Vec<Raw<'v>> {
    match &rule.options {
        Options::QuoteWording(o) => quotes::wording(ctx, o),
        Options::QuoteTruncation(o) => quotes::truncation(ctx, o),
        Options::QuoteAttribution(o) => quotes::attribution(ctx, o),
        Options::FigureMismatch(o) => facts::figures(ctx, o),
        Options::DateMismatch(o) => facts::dates(ctx, o),
        Options::Pattern(o) => style::pattern(ctx, o, &rule.scope),
        // Corpus-wide rules read tallies: see `run_corpus_rule`.
        Options::NameVariant(_) | Options::Consistency(_) => Vec::new(),
    }
}

/// Conflicts and agreements between statements, from aligned pairs. A
/// statement is reported when more outlets disagree with it than agree
/// (itself included); on a tie, the less sure side (then the later
/// article) is. Each reported statement is one finding, with one location
/// per outlet that disagrees.
pub struct Votes<K: Ord + Clone> {
    against: BTreeMap<K, Vec<K>>,
    with: BTreeMap<K, Vec<K>>,
}

impl<K: Ord + Clone> Default for Votes<K> {
    fn default() -> Self {
        Votes {
            against: BTreeMap::new(),
            with: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone> Votes<K> {
    pub fn conflict(&mut self, a: K, b: K) {
        self.against.entry(a.clone()).or_default().push(b.clone());
        self.against.entry(b).or_default().push(a);
    }

    /// Every statement with its conflicts.
    pub fn against(&self) -> impl Iterator<Item = (&K, &Vec<K>)> {
        self.against.iter()
    }

    /// Counts the statements that agree with one a statement conflicts
    /// with as conflicting with it too: "14 pages" against "12 pages" in
    /// one outlet, which a third outlet's "12 pages" agrees with, is
    /// against two outlets, though the third was compared only with the
    /// second. `near(key, w)`: whether the third may count (its article
    /// aligned with the statement's, so that a run over the statement's
    /// article and its partners finds the same).
    pub fn support_conflicts(&mut self, near: impl Fn(&K, &K) -> bool) {
        let mut more: Vec<(K, K)> = Vec::new();
        for (key, against) in &self.against {
            for k in against {
                for w in self.with.get(k).map_or(&[][..], Vec::as_slice) {
                    if w != key
                        && !against.contains(w)
                        && !self.with.get(key).is_some_and(|v| v.contains(w))
                        && near(key, w)
                    {
                        more.push((key.clone(), w.clone()));
                    }
                }
            }
        }
        for (key, w) in more {
            self.against.entry(key).or_default().push(w);
        }
    }

    /// `b` has `a`'s claim too (one way: a quote that covers all of `a`'s
    /// words, where `a` may not cover `b`'s).
    pub fn support(&mut self, a: K, b: K) {
        self.with.entry(a).or_default().push(b);
    }

    pub fn agree(&mut self, a: K, b: K) {
        self.with.entry(a.clone()).or_default().push(b.clone());
        self.with.entry(b).or_default().push(a);
    }

    /// The statements in the minority. `doc` gives a key's document;
    /// `sure` how sure its claim is (higher is surer).
    pub fn minorities(
        &self,
        ctx: &Context<'_>,
        doc: impl Fn(&K) -> usize,
        sure: impl Fn(&K) -> u8,
    ) -> Vec<Minority<K>> {
        let outlets =
            |keys: &[K]| -> std::collections::BTreeSet<String> { keys.iter().map(|k| ctx.outlet(doc(k))).collect() };
        let mut out = Vec::new();
        for (key, against) in &self.against {
            let with = self.with.get(key).map_or(&[][..], Vec::as_slice);
            let mut with_outlets = outlets(with);
            with_outlets.insert(ctx.outlet(doc(key)));
            let against_outlets = outlets(against);
            let minority = match against_outlets.len().cmp(&with_outlets.len()) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => {
                    let mine = sure(key);
                    let theirs = against.iter().map(&sure).max().unwrap_or(0);
                    mine < theirs || (mine == theirs && against.iter().all(|k| doc(k) < doc(key)))
                }
            };
            if !minority {
                continue;
            }
            let mut sorted = against.clone();
            sorted.sort();
            sorted.dedup();
            let mut seen = vec![ctx.outlet(doc(key))];
            let mut others = Vec::new();
            for k in &sorted {
                let outlet = ctx.outlet(doc(k));
                if !seen.contains(&outlet) {
                    seen.push(outlet);
                    others.push(k.clone());
                }
            }
            // Only articles of its own outlet disagree: the first of them.
            if others.is_empty()
                && let Some(k) = sorted.first()
            {
                others.push(k.clone());
            }
            out.push(Minority {
                key: key.clone(),
                against: sorted,
                others,
            });
        }
        out
    }
}

/// A statement in the minority.
pub struct Minority<K> {
    pub key: K,
    /// Every statement that disagrees with it, sorted.
    pub against: Vec<K>,
    /// Of those, the first of each other outlet (or, when only articles of
    /// its own outlet disagree, the first of them): the finding's other locations.
    pub others: Vec<K>,
}

/// Lower-case words of a text, for fingerprints and comparisons.
pub fn norm_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// FNV-1a, 64 bits: stable across runs, platforms and versions.
fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Rule id plus each location's outlet and normalised text, in sorted
/// order: line numbers and the order of files do not change it.
fn fingerprint(sites: &dyn Sites, rule: &str, locs: &[Location]) -> String {
    let mut parts: Vec<String> = locs
        .iter()
        .map(|&l| format!("{}\u{1f}{}", sites.outlet(l.doc), norm_words(sites.text(l))))
        .collect();
    // The primary keeps its place: which side is in the minority matters.
    let rest = &mut parts[1..];
    rest.sort();
    let mut h = fnv(rule.as_bytes(), 0xcbf2_9ce4_8422_2325);
    for p in &parts {
        h = fnv(b"\x1e", h);
        h = fnv(p.as_bytes(), h);
    }
    format!("{h:016x}")
}

/// Whether `inner` lies within `outer`.
pub fn within(inner: Span, outer: Span) -> bool {
    inner.start >= outer.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_words() {
        let s = |v: &[&str]| words_list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&[]), "");
        assert_eq!(s(&["NPR"]), "NPR");
        assert_eq!(s(&["NPR", "The Hill"]), "NPR and The Hill");
        assert_eq!(s(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn a_document_whose_extraction_panics_is_left_out_and_named() {
        let config = crate::config::Config::default();
        let lex = crate::lexicon::Lexicon::builtin();
        let ingest = crate::ingest::Ingest::new(lex, &config);
        let docs: Vec<Document> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|n| {
                let text = format!("Headline {n}\n\nThe council met on Monday, a spokesman said.\n");
                ingest.read_bytes(n, text.as_bytes(), &mut Vec::new()).unwrap()
            })
            .collect();
        for strict in [false, true] {
            let mut corpus = crate::ingest::Corpus {
                documents: docs.clone(),
                diagnostics: Vec::new(),
            };
            let out = extract_corpus_with(&mut corpus, strict, |d| {
                assert!(d.path != "b.md", "planted failure");
                crate::extract::extract(d, lex)
            });
            assert_eq!(out.left_out, vec![1]);
            assert_eq!(out.claims.len(), 2);
            let kept: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
            assert_eq!(kept, ["a.md", "c.md"]);
            let [d] = &corpus.diagnostics[..] else {
                panic!("{:?}", corpus.diagnostics)
            };
            assert_eq!(d.path, "b.md");
            assert!(d.message.contains("internal error") && d.message.contains("planted failure"));
            let want = if strict {
                crate::diag::Level::Error
            } else {
                crate::diag::Level::Warning
            };
            assert_eq!(d.level, want);
        }
    }

    #[test]
    fn normalised_words_ignore_typography() {
        assert_eq!(
            norm_words("“We’re here,” she said."),
            norm_words("\"We're  here\" she said")
        );
    }
}
