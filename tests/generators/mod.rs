//! Document generators shared by the property tests (`properties.rs`, `properties_markup.rs`,
//! `properties_cli.rs`): plain text, Markdown and HTML built from the built-in glossaries' own variants, examples
//! and keeps, mixed with awkward Unicode (CJK and full-width punctuation, emoji and ZWJ sequences, combining marks,
//! right-to-left text and marks, no-break and other Unicode spaces), CRLF line endings and a BOM.
//!
//! Also the checks every property test needs: replaying findings on the original, and whether an edit touches a
//! protected span. Case counts honour `PROPTEST_CASES` (see [`config`]).

#![allow(dead_code)] // each test crate uses its own subset

use std::ops::Range;
use std::sync::LazyLock;

use mtfix::glossary::{Matcher, RuleKind, builtin};
use mtfix::{Finding, Outcome, Safety, Status};
use proptest::prelude::*;

/// Proptest settings with `default_cases` cases, or `PROPTEST_CASES` when it is set (for longer local runs:
/// `PROPTEST_CASES=5000 cargo test --release --test properties`).
pub fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Every literal the built-in rules know: term variants, consistency forms, example inputs and outputs, keeps.
pub static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces = Vec::new();
    for glossary in builtin::all().expect("built-ins parse") {
        for rule in glossary.rules {
            if let Matcher::Strings { values, .. } = rule.kind.matcher() {
                pieces.extend(values.iter().cloned());
            }
            for example in rule.examples {
                pieces.push(example.input);
                pieces.push(example.output);
            }
            pieces.extend(rule.keep);
        }
    }
    pieces
});

/// The built-in term variants that begin and end with a letter or digit on one line: the ones a letter glued to
/// either end turns into part of a longer word.
pub static VARIANTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut variants = Vec::new();
    for glossary in builtin::all().expect("built-ins parse") {
        for rule in glossary.rules {
            if let RuleKind::Term { variants: v } = rule.kind {
                variants.extend(v.into_iter().filter(|v| {
                    !v.contains(['\n', '\r'])
                        && v.chars().next().is_some_and(char::is_alphanumeric)
                        && v.chars().next_back().is_some_and(char::is_alphanumeric)
                }));
            }
        }
    }
    variants.sort();
    variants.dedup();
    variants
});

/// One of the built-in pieces.
pub fn known_piece() -> impl Strategy<Value = String> + Clone {
    (0..PIECES.len()).prop_map(|i| PIECES[i].clone())
}

/// One of [`VARIANTS`].
pub fn variant() -> impl Strategy<Value = String> + Clone {
    (0..VARIANTS.len()).prop_map(|i| VARIANTS[i].clone())
}

/// Full-width and CJK punctuation that machine translation leaves next to English words.
pub const CJK_PUNCTUATION: &[&str] = &[
    "。", "，", "、", "：", "；", "！", "？", "「", "」", "『", "』", "（", "）", "【", "】", "《",
    "》", "〈", "〉", "～", "…", "——", "“", "”", "‘", "’", "・",
];

/// Unicode spaces other than the ASCII space and tab: no-break, en, em, thin, hair, narrow no-break, medium
/// mathematical, ideographic, zero-width, line and paragraph separators, next line.
pub const UNICODE_SPACES: &[&str] = &[
    "\u{a0}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200a}", "\u{202f}", "\u{205f}", "\u{3000}",
    "\u{200b}", "\u{2028}", "\u{2029}", "\u{85}",
];

/// Combining marks (acute, diaeresis, cedilla, enclosing circle, a CJK tone mark).
pub const COMBINING_MARKS: &[&str] = &["\u{301}", "\u{308}", "\u{327}", "\u{20dd}", "\u{302a}"];

/// Emoji, ZWJ sequences, flags, skin tones, variation selectors.
pub const EMOJI: &[&str] = &[
    "😀",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "👩🏽\u{200d}💻",
    "🇨🇳",
    "❤\u{fe0f}",
    "1\u{fe0f}\u{20e3}",
];

/// Right-to-left text and bidirectional controls (marks, embeddings, isolates).
pub const BIDI: &[&str] = &[
    "שלום",
    "مرحبا",
    "\u{200f}",
    "\u{200e}",
    "\u{61c}",
    "\u{202b}",
    "\u{202c}",
    "\u{202e}",
    "\u{2067}",
    "\u{2069}",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    (0..list.len()).prop_map(move |i| list[i].to_owned())
}

/// A short run of odd Unicode: CJK, full-width punctuation, emoji, combining marks, RTL text and controls.
pub fn unicode_piece() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        "[北京雄安新区天津河北党的大会]{1,4}",
        pick(CJK_PUNCTUATION),
        pick(EMOJI),
        pick(COMBINING_MARKS),
        pick(BIDI),
        Just("e\u{301}".to_owned()),
        Just("Ж".to_owned()),
    ]
}

/// A known piece written oddly: its spaces replaced by one kind of Unicode space, a combining mark after its last
/// letter, full-width punctuation or an RTL mark glued to either end.
pub fn decorated_piece() -> impl Strategy<Value = String> + Clone {
    (
        known_piece(),
        prop::option::of(pick(UNICODE_SPACES)),
        prop::option::of(prop_oneof![pick(CJK_PUNCTUATION), pick(BIDI), pick(EMOJI)]),
        prop::option::of(prop_oneof![
            pick(CJK_PUNCTUATION),
            pick(COMBINING_MARKS),
            pick(BIDI),
            pick(EMOJI)
        ]),
    )
        .prop_map(|(piece, space, before, after)| {
            let mut out = before.unwrap_or_default();
            match space {
                Some(space) => out.push_str(&piece.replace(' ', &space)),
                None => out.push_str(&piece),
            }
            out.push_str(&after.unwrap_or_default());
            out
        })
}

/// A URL or e-mail address with a term inside (the engine protects them in any syntax).
pub fn url_piece() -> impl Strategy<Value = String> + Clone {
    (variant(), 0..4usize).prop_map(|(v, style)| match style {
        0 => format!("https://example.com/{}", v.replace(' ', "_")),
        1 => format!(
            "http://example.com/news/{}?q={}",
            v.replace(' ', "-"),
            v.replace(' ', "%20")
        ),
        2 => format!("{}@example.com", v.replace(' ', ".").to_lowercase()),
        _ => format!("www.example.com/{}", v.replace(' ', "+")),
    })
}

/// A URL or e-mail address whose text, were it prose, some rule would edit: terms with their spaces written as
/// `_`, `-`, `+`, `%20` or a full-width comma, a sentence glued to a full stop, full-width colons and commas,
/// an `&nbsp;` entity, a year range glued to a word. It has none of the characters that end a URL (space, quote,
/// `<`, `>`, CJK punctuation, full-width brackets) and does not end with sentence punctuation, so all of it is protected.
pub fn tricky_url() -> impl Strategy<Value = String> + Clone {
    (
        prop_oneof![
            Just("https://"),
            Just("http://"),
            Just("ftp://"),
            Just("www."),
            Just("HTTPS://")
        ],
        variant(),
        prop_oneof![Just("_"), Just("-"), Just("+"), Just("%20"), Just("，")],
        prop_oneof![
            Just("index.The/x"),
            Just("a：b/c"),
            Just("q?a=1，b=2&x=y"),
            Just("?a=1&nbsp;b=2"),
            Just("plan(2018-2020)x"),
            Just("Beijing,Tianjin/x"),
            Just("the,the/x"),
            Just("a.It/b"),
        ],
        any::<bool>(),
    )
        .prop_map(|(scheme, v, space, tail, email)| {
            if email {
                let local: String = v
                    .chars()
                    .map(|c| if c == ' ' { '.' } else { c })
                    .filter(|c| c.is_alphanumeric() || *c == '.')
                    .collect();
                format!("{local}@news.example.com")
            } else {
                // A quote ends a URL (it may close a quoted one), so the term loses its apostrophes.
                let path = v.replace(['\'', '’', '"'], "").replace(' ', space);
                format!("{scheme}example.com/{path}/{tail}")
            }
        })
}

/// A piece of prose: mostly the glossaries' own strings, with ASCII noise, odd Unicode and URLs.
pub fn piece() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => known_piece(),
        1 => "[a-zA-Z ,.'’()-]{0,12}",
        2 => unicode_piece(),
        2 => decorated_piece(),
        1 => url_piece(),
    ]
}

/// What goes between two pieces: spaces, tabs, line breaks of both kinds, Unicode spaces, or nothing.
pub fn separator() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        8 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        2 => Just("\r\n".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => Just("\r\n\r\n".to_owned()),
        1 => Just("\t".to_owned()),
        2 => Just(String::new()),
        2 => pick(UNICODE_SPACES),
    ]
}

/// A plain-text document: pieces and separators, maybe a BOM, and a final newline (LF, CRLF) or none.
pub fn plain_document() -> impl Strategy<Value = String> + Clone {
    (
        any::<bool>(),
        prop::collection::vec((piece(), separator()), 0..24),
        prop_oneof![Just(""), Just("\n"), Just("\r\n")],
    )
        .prop_map(|(bom, parts, ending)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            for (piece, separator) in parts {
                text.push_str(&piece);
                text.push_str(&separator);
            }
            text.push_str(ending);
            text
        })
}

/// Prose that stays on one line (line breaks in pieces become spaces), so it does not end a Markdown block.
fn line_piece() -> impl Strategy<Value = String> + Clone {
    piece().prop_map(|p| p.replace(['\r', '\n'], " "))
}

/// Link text: prose on one line, full-width brackets included (converted, `】` → `]`, they would unbalance the
/// link; the Markdown front end escapes them, see `src/markup/keep.rs`).
fn link_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => line_piece(),
        1 => (line_piece(), pick(&["【", "】", "〔", "〕", "［", "］", "[", "]"]), line_piece())
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// A link destination with a term in it, in any of Markdown's forms.
fn markdown_url() -> impl Strategy<Value = String> + Clone {
    (variant(), 0..4usize).prop_map(|(v, style)| match style {
        0 => format!("https://example.com/{}", v.replace(' ', "_")),
        1 => format!("<https://example.com/{v}>"),
        2 => format!(
            "https://example.com/{}?ref={}",
            v.replace(' ', "-"),
            v.replace(' ', "%20")
        ),
        _ => format!("/{}.html", v.replace(' ', "-").to_lowercase()),
    })
}

/// One inline element of Markdown: prose, emphasis, code spans, links, images, autolinks, inline HTML, entities
/// (and references without their semicolon, before a full-width one).
fn markdown_inline() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        8 => line_piece(),
        2 => (line_piece(), prop_oneof![Just("*"), Just("**"), Just("_"), Just("__"), Just("~~")])
            .prop_map(|(p, d)| format!("{d}{p}{d}")),
        2 => variant().prop_map(|v| format!("`{v}`")),
        1 => variant().prop_map(|v| format!("`` {v} ` ``")),
        2 => (link_text(), markdown_url()).prop_map(|(p, u)| format!("[{p}]({u})")),
        1 => (link_text(), markdown_url(), variant()).prop_map(|(p, u, t)| format!("[{p}]({u} \"{t}\")")),
        1 => (link_text(), markdown_url()).prop_map(|(p, u)| format!("![{p}]({u})")),
        1 => variant().prop_map(|v| format!("<https://example.com/{}>", v.replace(' ', "-"))),
        1 => variant().prop_map(|v| format!("<{}@example.com>", v.replace(' ', ".").to_lowercase())),
        1 => link_text().prop_map(|p| format!("[{p}][ref]")),
        1 => (variant(), line_piece()).prop_map(|(v, p)| format!("<span title=\"{v}\">{p}</span>")),
        1 => prop_oneof![Just("&nbsp;"), Just("&amp;"), Just("&#8217;"), Just("\\*"), Just("  \n"), Just("[^1]")]
            .prop_map(str::to_owned),
        // A reference without its semicolon, then a full-width one that a fix converts (and must not let end it).
        1 => prop_oneof![Just("&amp"), Just("&copy"), Just("&#38"), Just("&#x26"), Just("&xyz")]
            .prop_map(|r| format!("{r}；")),
        1 => url_piece(),
    ]
}

/// A line of Markdown inline content.
fn markdown_line() -> impl Strategy<Value = String> + Clone {
    prop::collection::vec((markdown_inline(), separator_in_line()), 1..6)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| p + &s).collect::<String>())
}

fn separator_in_line() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => Just(" ".to_owned()),
        1 => Just(String::new()),
        1 => Just("\t".to_owned()),
        1 => pick(UNICODE_SPACES).prop_map(|s| if s.contains(['\u{85}', '\u{2028}', '\u{2029}']) { " ".to_owned() } else { s }),
    ]
}

/// Raw lines for a code block or an HTML block: the glossaries' strings, not prose.
fn raw_lines() -> impl Strategy<Value = Vec<String>> + Clone {
    prop::collection::vec(line_piece(), 1..4)
}

/// One Markdown block; suppression comments among them when `directives`.
fn markdown_block(directives: bool) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => prop::collection::vec(markdown_line(), 1..4).prop_map(|lines| lines.join("\n")),
        2 => (1..=6usize, markdown_line()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        1 => (markdown_line(), prop_oneof![Just("==="), Just("---")]).prop_map(|(l, u)| format!("{l}\n{u}")),
        2 => (prop_oneof![Just("- "), Just("* "), Just("+ "), Just("1. "), Just("  - ")], prop::collection::vec(markdown_line(), 1..4))
            .prop_map(|(bullet, items)| items.iter().map(|i| format!("{bullet}{i}")).collect::<Vec<_>>().join("\n")),
        2 => (prop_oneof![Just("> "), Just("> > ")], prop::collection::vec(markdown_line(), 1..3))
            .prop_map(|(q, lines)| lines.iter().map(|l| format!("{q}{l}")).collect::<Vec<_>>().join("\n")),
        2 => (prop_oneof![Just("```"), Just("~~~"), Just("````")], prop_oneof![Just(""), Just("text"), Just("rust")], raw_lines())
            .prop_map(|(fence, lang, lines)| format!("{fence}{lang}\n{}\n{fence}", lines.join("\n"))),
        1 => raw_lines().prop_map(|lines| lines.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")),
        1 => (variant(), raw_lines()).prop_map(|(v, lines)| format!("<div class=\"{v}\">\n{}\n</div>", lines.join("\n"))),
        1 => variant().prop_map(|v| format!("<!-- {v} -->")),
        1 => raw_lines().prop_map(|lines| format!("<pre>\n{}\n</pre>", lines.join("\n"))),
        2 => (markdown_line(), markdown_line(), line_piece(), line_piece()).prop_map(|(a, b, c, d)| {
            let cell = |s: &str| s.replace('|', "\\|");
            format!("| {} | {} |\n|---|:---:|\n| {} | {} |", cell(&a), cell(&b), cell(&c), cell(&d))
        }),
        1 => (markdown_url(), variant()).prop_map(|(u, t)| format!("[ref]: {u} \"{t}\"")),
        1 => line_piece().prop_map(|p| format!("[^1]: {p}")),
        1 => Just("***".to_owned()),
        1 => prop_oneof![
            Just("<!-- mtfix-disable-next-line -->"),
            Just("<!-- mtfix-disable cn-news/* -- quoted -->"),
            Just("<!-- mtfix-enable -->"),
        ].prop_map(move |d| if directives { d.to_owned() } else { "<!-- not a directive -->".to_owned() }),
    ]
}

/// A Markdown document: maybe front matter, blocks separated by blank lines, LF or CRLF (or both), maybe a BOM,
/// a final newline or none.
pub fn markdown_document() -> impl Strategy<Value = String> + Clone {
    markdown_document_with(false)
}

/// [`markdown_document`], with `mtfix-disable`, `mtfix-disable-next-line` and `mtfix-enable` comments among the
/// blocks when `directives`.
pub fn markdown_document_with(directives: bool) -> impl Strategy<Value = String> + Clone {
    (
        any::<bool>(),
        prop::option::of(variant()),
        prop::collection::vec(
            (
                markdown_block(directives),
                prop_oneof![Just("\n\n"), Just("\n\n\n"), Just("\n")],
            ),
            1..10,
        ),
        0..3usize,
        prop_oneof![Just(""), Just("\n")],
    )
        .prop_map(|(bom, front, blocks, endings, last)| {
            let mut text = String::new();
            if let Some(v) = front {
                text.push_str(&format!("---\ntitle: {v}\ntags: [{v}]\n---\n\n"));
            }
            for (block, separator) in blocks {
                text.push_str(&block);
                text.push_str(separator);
            }
            text.truncate(text.trim_end_matches('\n').len());
            text.push_str(last);
            let text = match endings {
                0 => text,
                1 => text.replace("\r\n", "\n").replace('\n', "\r\n"),
                // Mixed: CRLF on every other line.
                _ => text
                    .split('\n')
                    .enumerate()
                    .map(|(i, l)| {
                        if i % 2 == 1 && !l.ends_with('\r') {
                            format!("{l}\r")
                        } else {
                            l.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            if bom { format!("\u{feff}{text}") } else { text }
        })
}

/// HTML text content: prose with `<` and `&` escaped, odd character references, or nothing special.
fn html_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => piece().prop_map(|p| p.replace('&', "&amp;").replace('<', "&lt;")),
        2 => prop_oneof![
            Just("&nbsp;"), Just("&amp;"), Just("&amp"), Just("&#8217;"), Just("&#x4e2d;"), Just("&lt;"), Just("&copy"),
            Just("&ldquo;"), Just("&rdquo;"), Just("&#12290;"),
        ].prop_map(str::to_owned),
        1 => pick(CJK_PUNCTUATION),
    ]
}

/// An attribute with a term in its value, in every quoting style.
fn html_attribute() -> impl Strategy<Value = String> + Clone {
    (variant(), 0..6usize).prop_map(|(v, style)| match style {
        0 => format!(" class=\"{v}\""),
        1 => format!(" title='{v}'"),
        2 => format!(" data-x={}", v.replace(' ', "-")),
        3 => format!(" href=\"https://example.com/{v}\""),
        4 => format!(" alt=\"{v} (2018-2020 years)\""),
        _ => " hidden".to_owned(),
    })
}

/// Content of an element whose content is never prose, with terms (and markup-looking text) inside.
fn html_opaque() -> impl Strategy<Value = String> + Clone {
    (
        prop_oneof![
            Just("script"),
            Just("style"),
            Just("code"),
            Just("pre"),
            Just("textarea"),
            Just("kbd"),
            Just("samp"),
            Just("noscript"),
            Just("template"),
            Just("svg"),
            Just("math"),
            Just("CODE"),
        ],
        variant(),
        line_piece(),
    )
        .prop_map(|(name, v, p)| match name {
            "script" => format!("<script>if (a < b) {{ x = \"</p>{v}\"; }} // {p}</script>"),
            "style" => format!("<style>p::after {{ content: \"{v}\" }} /* {p} */</style>"),
            "pre" => format!("<pre>{v}\n  <b>{p}</b></pre>"),
            "svg" => format!("<svg viewBox=\"0 0 1 1\"><text>{v}</text></svg>"),
            name => format!("<{name}>{v} {p}</{name}>"),
        })
}

/// One HTML node, nested up to a few levels: text, elements with attributes, opaque elements, void elements,
/// comments (suppression comments among them when `directives`).
fn html_node(directives: bool) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        6 => html_text(),
        2 => html_opaque(),
        1 => variant().prop_map(|v| format!("<!-- {v} -->")),
        1 => (prop_oneof![Just("br"), Just("img"), Just("hr"), Just("input"), Just("meta")], html_attribute())
            .prop_map(|(n, a)| format!("<{n}{a}>")),
        1 => variant().prop_map(|v| format!("<img alt=\"{v}\" />")),
        1 => prop_oneof![
            Just("<!-- mtfix-disable-next-line -->\n"),
            Just("<!-- mtfix-disable cn-news/* -->"),
            Just("<!-- mtfix-enable -->"),
        ].prop_map(move |d| if directives { d.to_owned() } else { "<!-- not a directive -->".to_owned() }),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        (
            prop_oneof![
                Just("p"),
                Just("div"),
                Just("span"),
                Just("b"),
                Just("em"),
                Just("a"),
                Just("h1"),
                Just("h2"),
                Just("li"),
                Just("td"),
                Just("blockquote"),
                Just("title"),
                Just("P"),
            ],
            prop::option::of(html_attribute()),
            prop::collection::vec((inner, prop_oneof![Just(""), Just(" "), Just("\n")]), 0..5),
            any::<bool>(),
        )
            .prop_map(|(name, attr, children, close)| {
                let mut out = format!("<{name}{}>", attr.unwrap_or_default());
                for (child, separator) in children {
                    out.push_str(&child);
                    out.push_str(separator);
                }
                if close {
                    out.push_str(&format!("</{name}>"));
                }
                out
            })
    })
}

/// An HTML document: maybe a doctype and BOM, nodes, LF or CRLF line endings.
pub fn html_document() -> impl Strategy<Value = String> {
    html_document_with(false)
}

/// [`html_document`], with suppression comments among the nodes when `directives`.
pub fn html_document_with(directives: bool) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(
            (
                html_node(directives),
                prop_oneof![Just(""), Just(" "), Just("\n")],
            ),
            1..8,
        ),
        any::<bool>(),
    )
        .prop_map(|(bom, doctype, nodes, crlf)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if doctype {
                text.push_str("<!DOCTYPE html>\n");
            }
            for (node, separator) in nodes {
                text.push_str(&node);
                text.push_str(separator);
            }
            if crlf {
                text = text.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            text
        })
}

/// Rebuilds the fixed text from the original and the findings applied at `level` alone, asserting they are sorted
/// and disjoint and on character boundaries.
pub fn replay(original: &str, findings: &[Finding], level: Safety) -> String {
    let mut out = String::new();
    let mut last = 0;
    for finding in findings
        .iter()
        .filter(|f| f.status(level) == Status::Applied)
    {
        assert!(
            finding.span.start >= last,
            "applied findings overlap: {findings:?}"
        );
        assert!(
            original.is_char_boundary(finding.span.start)
                && original.is_char_boundary(finding.span.end),
            "finding {finding:?} splits a character"
        );
        out.push_str(&original[last..finding.span.start]);
        out.push_str(finding.replacement().unwrap_or_default());
        last = finding.span.end;
    }
    out.push_str(&original[last..]);
    out
}

/// [`replay`] of an outcome's findings.
pub fn replay_outcome(original: &str, outcome: &Outcome) -> String {
    replay(original, &outcome.findings, outcome.level)
}

/// Whether an edit of `span` touches protected `region` (the engine's rule: they share a byte, or an insertion
/// lies strictly inside the region).
pub fn touches(region: &Range<usize>, span: &Range<usize>) -> bool {
    if span.is_empty() {
        region.start < span.start && span.start < region.end
    } else {
        region.start < span.end && span.start < region.end
    }
}
