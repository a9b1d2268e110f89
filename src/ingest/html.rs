//! HTML pages into raw blocks. A small, forgiving tokenizer: it keeps the
//! byte offsets of every piece of text (which DOM parsers drop), skips
//! scripts, styles, navigation, asides, headers, footers, forms and
//! figures, and reads the page's metadata from `<title>`, `<meta>`,
//! `<link rel=canonical>` and `<time>`. When the page has `<article>`
//! elements, only their text is the body.

use std::collections::BTreeMap;

use super::blocks::{BlockSink, RawKind};
use crate::lexicon::Lexicon;
use crate::text::Span;

/// Metadata a page declares about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlMeta {
    pub title: Option<String>,
    /// `<meta name|property=… content=…>` pairs, names lower-cased.
    pub meta: BTreeMap<String, String>,
    pub canonical: Option<String>,
    /// The first `<time datetime>` in the body.
    pub time: Option<String>,
}

const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "figure",
    "figcaption",
    "button",
    "iframe",
    "select",
    "textarea",
    "object",
    "video",
    "audio",
    "canvas",
    "map",
    "dialog",
    "menu",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "body",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "address",
    "center",
    "details",
    "summary",
];
const VOID: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
    end: usize,
}

fn parse_tag(s: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = s.as_bytes();
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b':') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values.
    let attr_start = i;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => break,
            None => {}
        }
        i += 1;
    }
    if i >= bytes.len() {
        return None;
    }
    let attrs = &s[attr_start..i];
    Some(Tag {
        self_closing: attrs.trim_end().ends_with('/'),
        name,
        closing,
        attrs,
        end: i + 1,
    })
}

/// The value of attribute `name` in an attribute string.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let ks = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b'/' {
            i += 1;
        }
        let key = &attrs[ks..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q) = bytes.get(i).filter(|&&q| q == b'"' || q == b'\'') {
                let vs = i + 1;
                let ve = attrs[vs..].find(q as char).map_or(attrs.len(), |p| vs + p);
                value = &attrs[vs..ve];
                i = (ve + 1).min(attrs.len());
            } else {
                let vs = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[vs..i];
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
        if ks == i {
            i += 1;
        }
    }
    None
}

/// Decodes one entity at the start of `s` (which begins with '&'):
/// the text and the entity's length in bytes.
pub fn entity(s: &str) -> Option<(String, usize)> {
    let end = s[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|i| i + 1)?;
    if s.as_bytes().get(end) != Some(&b';') || end > 32 {
        return None;
    }
    let name = &s[1..end];
    let len = end + 1;
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        let c = char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}');
        return Some((c.to_string(), len));
    }
    let c = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "sbquo" => "‚",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" => "·",
        "bull" => "•",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "uuml" => "ü",
        "ouml" => "ö",
        "auml" => "ä",
        "szlig" => "ß",
        "shy" => "\u{ad}",
        "zwj" => "\u{200d}",
        "zwnj" => "\u{200c}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        _ => return None,
    };
    Some((c.to_string(), len))
}

/// Decodes all entities in `s`.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(p) = s[i..].find('&') {
        out.push_str(&s[i..i + p]);
        let at = i + p;
        match entity(&s[at..]) {
            Some((t, len)) => {
                out.push_str(&t);
                i = at + len;
            }
            None => {
                out.push('&');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Parses an HTML page into `sink`; returns what the page says about itself.
pub fn parse_html(source: &str, lex: &Lexicon, sink: &mut BlockSink) -> HtmlMeta {
    let mut meta = HtmlMeta::default();
    let lower_has_article = contains_ci(source, "<article");
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut skip: Vec<String> = Vec::new();
    let mut in_article = 0usize;
    let mut in_title = false;
    let mut title = String::new();
    let mut heading: Option<u8> = None;
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    let (mut link, mut strong, mut emph) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        let Some(off) = memchr::memchr(b'<', &bytes[i..]) else {
            if skip.is_empty() && (!lower_has_article || in_article > 0) {
                text_run(
                    source,
                    Span::new(i, bytes.len()),
                    sink,
                    (link, strong, emph),
                    heading,
                    list_depth,
                    quote_depth,
                );
            }
            break;
        };
        let lt = i + off;
        if lt > i {
            let span = Span::new(i, lt);
            if in_title {
                title.push_str(span.slice(source));
            } else if skip.is_empty() && (!lower_has_article || in_article > 0) {
                text_run(
                    source,
                    span,
                    sink,
                    (link, strong, emph),
                    heading,
                    list_depth,
                    quote_depth,
                );
            }
        }
        // Comments, doctype, CDATA.
        let rest = &source[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |p| lt + p + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(bytes.len(), |p| lt + p + 1);
            continue;
        }
        let Some(tag) = parse_tag(source, lt) else {
            // A lone '<' is text.
            if skip.is_empty() && (!lower_has_article || in_article > 0) {
                text_run(
                    source,
                    Span::new(lt, lt + 1),
                    sink,
                    (link, strong, emph),
                    heading,
                    list_depth,
                    quote_depth,
                );
            }
            i = lt + 1;
            continue;
        };
        i = tag.end;
        let name = tag.name.as_str();
        if !skip.is_empty() {
            if tag.closing && skip.last().is_some_and(|s| s == name) {
                skip.pop();
            } else if !tag.closing && !tag.self_closing && SKIP.contains(&name) {
                skip.push(tag.name.clone());
            }
            continue;
        }
        if name == "script" || name == "style" || name == "textarea" {
            // Raw text elements: jump to their end tag.
            if !tag.closing && !tag.self_closing {
                let close = format!("</{name}");
                i = find_ci(source, i, &close).map_or(bytes.len(), |p| {
                    source[p..].find('>').map_or(bytes.len(), |q| p + q + 1)
                });
            }
            continue;
        }
        match (name, tag.closing) {
            ("title", false) => in_title = true,
            ("title", true) => {
                in_title = false;
                if meta.title.is_none() {
                    let t = decode_entities(title.trim());
                    meta.title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            ("meta", _) => {
                let key = attr(tag.attrs, "property").or_else(|| attr(tag.attrs, "name"));
                if let (Some(k), Some(v)) = (key, attr(tag.attrs, "content")) {
                    meta.meta.entry(k.to_lowercase()).or_insert(v);
                }
            }
            ("link", _) if attr(tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                meta.canonical = attr(tag.attrs, "href");
            }
            ("time", false) if meta.time.is_none() => {
                meta.time = attr(tag.attrs, "datetime");
            }
            ("article", false) => {
                sink.close();
                in_article += 1;
            }
            ("article", true) => {
                sink.close();
                in_article = in_article.saturating_sub(1);
            }
            ("a", false) => {
                link += 1;
                if let Some(href) = attr(tag.attrs, "href")
                    && let Some(b) = sink.current_mut()
                    && b.first_link.is_none()
                {
                    b.first_link = Some(href);
                }
            }
            ("a", true) => link = link.saturating_sub(1),
            ("strong" | "b", false) => strong += 1,
            ("strong" | "b", true) => strong = strong.saturating_sub(1),
            ("em" | "i", false) => emph += 1,
            ("em" | "i", true) => emph = emph.saturating_sub(1),
            ("br", _) if sink.is_open() => {
                let next = source[i..].trim_start_matches(is_html_space);
                let next = if next.starts_with('<') {
                    None
                } else {
                    next.chars().next()
                };
                sink.line_break(Span::new(lt, tag.end), next, lex);
            }
            (n, closing) if n.len() == 2 && n.starts_with('h') && n.as_bytes()[1].is_ascii_digit() => {
                sink.close();
                heading = if closing { None } else { Some(n.as_bytes()[1] - b'0') };
            }
            ("ul" | "ol", closing) => {
                sink.close();
                list_depth = if closing {
                    list_depth.saturating_sub(1)
                } else {
                    list_depth + 1
                };
            }
            ("blockquote", closing) => {
                sink.close();
                quote_depth = if closing {
                    quote_depth.saturating_sub(1)
                } else {
                    quote_depth + 1
                };
            }
            (n, false) if SKIP.contains(&n) && !tag.self_closing && !VOID.contains(&n) => {
                sink.close();
                skip.push(tag.name.clone());
            }
            (n, _) if BLOCK.contains(&n) => sink.close(),
            _ => {}
        }
    }
    sink.close();
    meta
}

/// Pushes a run of text between tags: white space collapsed, entities
/// decoded, offsets kept.
fn text_run(
    source: &str,
    span: Span,
    sink: &mut BlockSink,
    (link, strong, emph): (usize, usize, usize),
    heading: Option<u8>,
    list_depth: usize,
    quote_depth: usize,
) {
    let text = span.slice(source);
    let (link, strong, emph) = (link > 0, strong > 0, emph > 0);
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if is_html_space(c) {
            let run = text[i..].len() - text[i..].trim_start_matches(is_html_space).len();
            if sink.is_open() && !sink.current_line().ends_with(' ') && !sink.current_line().is_empty() {
                let ws = Span::new(span.start + i, span.start + i + run);
                if run == 1 && c == ' ' {
                    sink.text(source, ws, link, strong, emph);
                } else {
                    sink.replaced(" ", ws, link, strong, emph);
                }
            }
            i += run;
            continue;
        }
        if !sink.is_open() {
            let kind = match (heading, list_depth, quote_depth) {
                (Some(h), _, _) => RawKind::Heading(h),
                (None, d, _) if d > 0 => RawKind::ListItem,
                (None, _, q) if q > 0 => RawKind::Quote,
                _ => RawKind::Paragraph,
            };
            sink.open(kind, span.start + i);
        }
        if c == '&'
            && let Some((t, len)) = entity(&text[i..])
        {
            sink.replaced(&t, Span::new(span.start + i, span.start + i + len), link, strong, emph);
            i += len;
            continue;
        }
        let run = text[i..]
            .find(|c: char| is_html_space(c) || c == '&')
            .map_or(text.len() - i, |p| p.max(1));
        sink.text(
            source,
            Span::new(span.start + i, span.start + i + run),
            link,
            strong,
            emph,
        );
        i += run;
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, 0, needle).is_some()
}

/// Finds ASCII `needle` case-insensitively in `hay[from..]`.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    let first = n[0].to_ascii_lowercase();
    let mut i = from;
    while i + n.len() <= h.len() {
        let off = memchr::memchr2(first, first.to_ascii_uppercase(), &h[i..=h.len() - n.len()])?;
        let at = i + off;
        if h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_with_offsets() {
        let page = r#"<!doctype html><html><head><title>A &amp; B | Site</title>
<meta property="og:site_name" content="The Hill"><link rel="canonical" href="https://thehill.com/x/">
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Big news</h1>
<p>The senator said <a href="/y">on Tuesday</a> that&nbsp;it&rsquo;s over.</p>
<figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
<p>Second   paragraph
spans lines.</p></article><footer>Copyright</footer></body></html>"#;
        let mut sink = BlockSink::new();
        let meta = parse_html(page, Lexicon::builtin(), &mut sink);
        let (blocks, plain) = sink.finish();
        let (plain, map) = plain.finish();
        assert_eq!(meta.title.as_deref(), Some("A & B | Site"));
        assert_eq!(meta.meta.get("og:site_name").map(String::as_str), Some("The Hill"));
        assert_eq!(meta.canonical.as_deref(), Some("https://thehill.com/x/"));
        let texts: Vec<_> = blocks.iter().map(|b| b.plain.slice(&plain)).collect();
        assert_eq!(
            texts,
            vec![
                "Big news",
                "The senator said on Tuesday that\u{a0}it’s over.",
                "Second paragraph spans lines."
            ]
        );
        assert_eq!(blocks[0].kind, RawKind::Heading(1));
        let src = map.to_source(blocks[1].plain).slice(page);
        assert!(src.starts_with("The senator said <a href=\"/y\">on Tuesday</a>"));
        assert!(src.ends_with("it&rsquo;s over."));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8217; &#x2014; &bogus; &"),
            "a & b ’ — &bogus; &"
        );
    }
}
