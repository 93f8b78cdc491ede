//! OCR repair (docs/corpus.md). The seeds show the noise this undoes: spaces between Chinese
//! characters (`在 居 住 小 区`), hard line breaks inside words (`突\n如其来`), blank lines at
//! column breaks in the middle of a sentence (`不信\n\n谣`), Markdown `#` heading marks, and
//! full-width ASCII. The result is a list of paragraphs, each a heading or body text.
//!
//! Rules, in order:
//! 1. Line ends: CRLF and CR become LF; a BOM or zero-width space inside the text is dropped.
//! 2. Full-width ASCII letters and digits (`Ａ`, `１`) become half-width; punctuation is kept.
//! 3. Every run of white space (including U+3000) becomes one space; lines are trimmed; a space
//!    between two CJK characters (Han or CJK punctuation) is removed.
//! 4. A line starting with 1–6 `#` is a heading of that level; the marks are stripped.
//! 5. Any other line continues the previous paragraph when that paragraph is body text that
//!    ends *mid-sentence* (not on `。！？；…!?;.`, possibly followed by closing quotes/brackets)
//!    and either
//!    a. the paragraph is *prose* (it has sentence punctuation `，。！？；：,;!?` or is longer
//!    than 30 characters), whether or not blank lines lie between: a column break does not
//!    end a sentence; or
//!    b. the line follows the paragraph's last line directly (no blank line) and that line is
//!    at least 80% as long as this one: a hard wrap at the column width (a short title
//!    followed by a long line of text is not one).
//!
//!    The pieces are joined with nothing when either side is CJK, else with one space.
//!    Otherwise the line starts a new paragraph.
//! 6. A paragraph that is not prose but has a Han character, letter or digit (a short line
//!    with no sentence punctuation, such as a title or byline) is a *layout heading*.
//!
//! Normalisation is idempotent: `normalize_text(normalize_text(x)) == normalize_text(x)`.

/// Level 0 is a layout heading (no `#` marks); 1–6 count the `#` marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaKind {
    Heading(u8),
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParaKind,
    pub text: String,
}

/// Han characters, by Unicode's Han script blocks (ideographs, extensions, compatibility
/// ideographs, radicals, and the Han-script marks 々 〇 〡–〩).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}' | '\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

/// CJK punctuation as typeset in Chinese text: the CJK symbols block, full-width forms,
/// vertical forms, and the general-punctuation marks Chinese uses (“”‘’…—·).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2026}' | '\u{00B7}')
}

pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Characters that end a sentence (docs/corpus.md: 。！？；… and their ASCII forms).
pub fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '…' | '!' | '?' | ';' | '.' | '．' | '｡'
    )
}

/// Closing quotes and brackets that stay with the sentence they close.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '》' | '〉' | '）' | ')' | '】' | ']' | '"' | '\'' | '〕'
    )
}

fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// What `normalize` needs to know of a line before it is cleaned, from one pass over its
/// bytes: whether rules 1–3 may change it (it holds white space or a control character, a
/// zero-width mark or BOM, or a full-width letter or digit; errs only towards `true`), and for
/// a line they leave alone, its characters and whether it has prose punctuation
/// (`has_prose_punct`). Three passes (check, count, search) were a fifth of the normaliser's
/// time; this one steps over a Han character, the commonest, in one step of three bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LineScan {
    dirty: bool,
    chars: usize,
    prose: bool,
}

/// Byte classes for `scan_line`.
const ASCII: u8 = 0;
const ASCII_PROSE: u8 = 1;
const DIRTY: u8 = 2;
const LEAD2: u8 = 3;
const LEAD3: u8 = 4;
const LEAD4: u8 = 5;
const LEAD_E2: u8 = 6;
const LEAD_E3: u8 = 7;
const LEAD_EF: u8 = 8;
/// A continuation byte: never met at a character boundary of valid UTF-8.
const CONT: u8 = 9;

static LINE_BYTES: [u8; 256] = {
    let mut t = [ASCII; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b {
            0x00..=0x20 | 0x7F => DIRTY,
            0x2C | 0x3B | 0x21 | 0x3F => ASCII_PROSE, // , ; ! ?
            0x21..=0x7E => ASCII,
            0x80..=0xBF => CONT,
            // U+0080–U+00BF: C1 controls, NBSP (also U+0085)
            0xC2 => DIRTY,
            0xC0..=0xDF => LEAD2,
            // U+1680 (Ogham space): rare enough to send every U+1xxx sequence to the loop
            0xE1 => DIRTY,
            0xE2 => LEAD_E2,
            0xE3 => LEAD_E3,
            0xEF => LEAD_EF,
            0xE0..=0xEF => LEAD3,
            _ => LEAD4,
        };
        b += 1;
    }
    t
};

fn scan_line(line: &str) -> LineScan {
    let b = line.as_bytes();
    let dirty = LineScan {
        dirty: true,
        chars: 0,
        prose: false,
    };
    let mut chars = 0;
    let mut prose = false;
    let mut i = 0;
    // Past the end, a multi-byte sequence is cut short only in invalid UTF-8; `get` keeps
    // that harmless.
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    while i < b.len() {
        chars += 1;
        let class = LINE_BYTES[usize::from(b[i])];
        // A Han character, the commonest by far, before the `match`: its jump table was an
        // indirect branch per character, mispredicted at every change of class.
        if class == LEAD3 {
            i += 3;
            continue;
        }
        match class {
            ASCII => i += 1,
            ASCII_PROSE => {
                prose = true;
                i += 1;
            }
            DIRTY => return dirty,
            LEAD2 => i += 2,
            LEAD4 => i += 4,
            LEAD_E2 => {
                // U+2000–U+200F, U+2028–U+202F, U+205F, U+2060
                match (at(i + 1), at(i + 2)) {
                    (0x80, 0x80..=0x8F | 0xA8..=0xAF) | (0x81, 0x9F | 0xA0) => return dirty,
                    _ => i += 3,
                }
            }
            LEAD_E3 => {
                // U+3000 ideographic space; 。 is E3 80 82
                match (at(i + 1), at(i + 2)) {
                    (0x80, 0x80) => return dirty,
                    (0x80, 0x82) => prose = true,
                    _ => {}
                }
                i += 3;
            }
            LEAD_EF => {
                // U+FEFF; U+FF10–FF19, U+FF21–FF3A (EF BC ..), U+FF41–FF5A (EF BD ..); the
                // prose marks ，！？；： are EF BC 8C, 81, 9F, 9B, 9A
                match (at(i + 1), at(i + 2)) {
                    (0xBB, 0xBF) | (0xBC, 0x90..=0x99 | 0xA1..=0xBA) | (0xBD, 0x81..=0x9A) => {
                        return dirty;
                    }
                    (0xBC, 0x8C | 0x81 | 0x9F | 0x9B | 0x9A) => prose = true,
                    _ => {}
                }
                i += 3;
            }
            _ => {
                // CONT: not at a boundary; step over it without counting a character.
                chars -= 1;
                i += 1;
            }
        }
    }
    LineScan {
        dirty: false,
        chars,
        prose,
    }
}

/// The lines of a text: LF, CRLF and a lone CR each end one (rule 1), found in one scan.
pub fn lines(raw: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(raw);
    std::iter::from_fn(move || {
        let r = rest?;
        let b = r.as_bytes();
        match memchr::memchr2(b'\n', b'\r', b) {
            Some(i) => {
                let end = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                // A CR that ends the text ends its last line, as an LF would not (that
                // leaves an empty line after it): the same lines as splitting at LF first.
                rest = (end < b.len() || b[i] == b'\n' || end == i + 2).then(|| &r[end..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Whether a line may need rules 1–3, as first written (byte by byte, before `scan_line`
/// folded it with the counts): the oracle for `scan_line`'s `dirty`.
#[cfg(test)]
fn needs_cleaning(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x20 | 0x7F => return true,
            // U+0080–U+00BF: C1 controls, NBSP (also U+0085)
            0xC2 => return true,
            // U+1680 (Ogham space): rare enough to send every U+1xxx sequence to the loop
            0xE1 => return true,
            0xE2 => {
                // U+2000–U+200F, U+2028–U+202F, U+205F, U+2060
                let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
                match (b1, b2) {
                    (Some(0x80), Some(x))
                        if (0x80..=0x8F).contains(&x) || (0xA8..=0xAF).contains(&x) =>
                    {
                        return true;
                    }
                    (Some(0x81), Some(0x9F | 0xA0)) => return true,
                    _ => {}
                }
                i += 3;
                continue;
            }
            // U+3000 ideographic space
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => return true,
            0xEF => {
                // U+FEFF; U+FF10–FF19, U+FF21–FF3A (EF BC ..), U+FF41–FF5A (EF BD ..)
                let (b1, b2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
                match (b1, b2) {
                    (Some(0xBB), Some(0xBF)) => return true,
                    (Some(0xBC), Some(x))
                        if (0x90..=0x99).contains(&x) || (0xA1..=0xBA).contains(&x) =>
                    {
                        return true;
                    }
                    (Some(0xBD), Some(x)) if (0x81..=0x9A).contains(&x) => return true,
                    _ => {}
                }
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Rules 1–3 on one line.
pub fn clean_line(line: &str) -> String {
    if scan_line(line).dirty {
        let mut out = String::new();
        clean_chars_into(line, &mut out);
        out
    } else {
        line.to_string()
    }
}

/// Rules 1–3, character by character.
#[cfg(test)]
fn clean_chars(line: &str) -> String {
    let mut out = String::new();
    clean_chars_into(line, &mut out);
    out
}

fn clean_chars_into(line: &str, out: &mut String) {
    let mut prev: Option<char> = None;
    let mut pending_space = false;
    for c in line.chars() {
        // The common case, a CJK unified ideograph: none of the rules below changes it.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if pending_space {
                if !prev.is_some_and(is_cjk) {
                    out.push(' ');
                }
                pending_space = false;
            }
            out.push(c);
            prev = Some(c);
            continue;
        }
        if matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
        ) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = prev.is_some();
            continue;
        }
        let c = fullwidth_to_ascii(c);
        if pending_space {
            if !prev.is_some_and(|p| is_cjk(p) && is_cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
        prev = Some(c);
    }
}

/// Whether the text holds a character of `is_prose_punct`, decided on the UTF-8 bytes:
/// ，。！？；： are EF BC 8C, E3 80 82, EF BC 81, EF BC 9F, EF BC 9B, EF BC 9A.
fn has_prose_punct(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b',' | b';' | b'!' | b'?' => true,
        0xE3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x82),
        0xEF => {
            b.get(i + 1) == Some(&0xBC)
                && matches!(b.get(i + 2), Some(0x8C | 0x81 | 0x9F | 0x9B | 0x9A))
        }
        _ => false,
    })
}

#[cfg(test)]
fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '！' | '？' | '；' | '：' | ',' | ';' | '!' | '?'
    )
}

/// Rule 5's "prose": has sentence punctuation, or is too long to be a title. `normalize`
/// tracks this incrementally; this direct form is the tests' oracle.
#[cfg(test)]
fn is_prose(text: &str) -> bool {
    text.chars().any(is_prose_punct) || text.chars().count() > 30
}

/// Rule 5's "ends mid-sentence": the last character, looking through closing quotes and
/// brackets, is not a sentence terminator.
pub fn ends_mid_sentence(text: &str) -> bool {
    let mut rev = text.chars().rev().skip_while(|&c| is_closer(c));
    match rev.next() {
        None => false,
        Some(c) => !is_terminator(c),
    }
}

fn has_word_char(text: &str) -> bool {
    text.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// Rule 4: `## 标题` → (2, "标题").
fn heading_mark(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    Some((hashes as u8, rest.trim()))
}

/// Append a line to a paragraph; returns the characters added (the line, and a space between
/// two non-CJK characters).
fn join_into(target: &mut String, next: &str, next_chars: usize) -> usize {
    let left = target.chars().next_back();
    let right = next.chars().next();
    if let (Some(l), Some(r)) = (left, right)
        && !is_cjk(l)
        && !is_cjk(r)
    {
        target.push(' ');
        target.push_str(next);
        return next_chars + 1;
    }
    target.push_str(next);
    next_chars
}

/// Rule 5b: the previous line filled the column, so the break is a wrap.
fn is_wrap(prev_line_chars: usize, line_chars: usize) -> bool {
    prev_line_chars * 5 >= line_chars * 4
}

/// Apply all rules to a decoded file.
pub fn normalize(raw: &str) -> Vec<Paragraph> {
    let mut paras = Vec::new();
    let mut n = Normalizer::default();
    for line in lines(raw) {
        n.push_line(line, &mut paras);
    }
    n.finish(&mut paras);
    paras
}

/// The lines of `text`, which ends with a line end (LF, CRLF, or a CR that no LF follows):
/// its lines as `lines` gives them in the whole text, without the empty one `lines` gives
/// after a final LF (an empty line ends a wrap, and the next text may continue the last).
pub fn complete_lines(text: &str) -> impl Iterator<Item = &str> {
    let drop_last = text.ends_with('\n');
    let mut it = lines(text).peekable();
    std::iter::from_fn(move || {
        let line = it.next()?;
        (!drop_last || it.peek().is_some()).then_some(line)
    })
}

/// The normaliser as a state machine over lines, so that a file can be normalised a part at a
/// time (`corpus::stream`) with the result of normalising it whole: a paragraph is handed
/// out once the next one starts, when no later line can join it or change its kind.
#[derive(Debug, Default)]
pub struct Normalizer {
    /// The last paragraph (its text in `open` while it is an open body paragraph).
    last: Option<Paragraph>,
    /// Whether `last` is prose, kept up to date as lines join it, so that no paragraph is
    /// rescanned (a paragraph of many wrapped lines would be, at every line).
    last_prose: bool,
    last_chars: usize,
    /// Length of the line just before, when it was body text with no blank line since.
    prev_line: Option<usize>,
    buf: String,
    /// The text of the last paragraph while it is body text, which lines may still join: it
    /// grows in this reused buffer and is copied out once, at its final size, when the
    /// paragraph ends (growing each paragraph's own string was a realloc and copy every few
    /// lines).
    open: String,
    is_open: bool,
    /// Hand out the finished sentences of an open prose paragraph longer than this, as a
    /// paragraph of their own (`corpus::stream`: a file without line breaks is one paragraph).
    split: Option<usize>,
    /// The length `open` had when no place to cut it was found: it is looked for again once
    /// `split` more bytes have joined it, not at every line (a paragraph without a sentence
    /// end would be searched whole each time).
    searched: usize,
}

impl Normalizer {
    /// A normaliser that hands out an open prose paragraph's finished sentences once it is
    /// longer than `limit` bytes: the paragraphs are then parts of the paragraphs `normalize`
    /// gives, cut where `split_sentences` cuts them (`last_sentence_cut`), so that their
    /// sentences are the same.
    pub fn splitting(limit: usize) -> Self {
        Normalizer {
            split: Some(limit),
            ..Default::default()
        }
    }

    /// Part of a line too long to hold whole, cut between two Han characters (so that rules
    /// 1–3 clean the parts as they clean the line). The first part, `first`, must hold more
    /// than 37 characters once cleaned and not start with `#`: the line then starts or joins
    /// a paragraph as the whole line would (rule 5b cannot make a wrap of it: a paragraph it
    /// could join by 5b is no prose, so under 31 characters), and the paragraph is prose.
    /// The parts after it join the paragraph as they stand.
    pub fn push_line_part(&mut self, part: &str, first: bool, out: &mut Vec<Paragraph>) {
        // A clean line (the common case) is used as it is, with what the scan found; only a
        // line the rules change is copied and looked at again.
        let scan = scan_line(part);
        let mut buf = std::mem::take(&mut self.buf);
        let (cleaned, chars, prose) = if scan.dirty {
            buf.clear();
            clean_chars_into(part, &mut buf);
            (buf.as_str(), buf.chars().count(), has_prose_punct(&buf))
        } else {
            (part, scan.chars, scan.prose)
        };
        if first {
            self.push_cleaned(cleaned, chars, prose, out);
        } else {
            self.open.push_str(cleaned);
            self.last_chars += chars;
            self.last_prose = self.last_prose || prose || self.last_chars > 30;
            self.prev_line = self.prev_line.map(|n| n + chars);
        }
        self.buf = buf;
        self.split_open(out);
    }

    /// With `split`: hand out the finished sentences of a long open prose paragraph.
    fn split_open(&mut self, out: &mut Vec<Paragraph>) {
        let Some(limit) = self.split else { return };
        let len = self.open.len();
        if !(self.is_open && self.last_prose && len > limit && len >= self.searched + limit) {
            return;
        }
        match last_sentence_cut(&self.open) {
            Some(cut) => {
                out.push(Paragraph {
                    kind: ParaKind::Body,
                    text: self.open[..cut].to_owned(),
                });
                self.open.drain(..cut);
                self.searched = 0;
            }
            None => self.searched = len,
        }
    }

    /// One line (without its line end); paragraphs that it ends are pushed to `out`.
    pub fn push_line(&mut self, line: &str, out: &mut Vec<Paragraph>) {
        self.push_line_part(line, true, out);
    }

    fn push_cleaned(
        &mut self,
        cleaned: &str,
        line_chars: usize,
        line_prose: bool,
        out: &mut Vec<Paragraph>,
    ) {
        if cleaned.is_empty() {
            self.prev_line = None;
            return;
        }
        if let Some((level, title)) = heading_mark(cleaned) {
            if !title.is_empty() {
                self.close();
                self.emit(out);
                self.last = Some(Paragraph {
                    kind: ParaKind::Heading(level),
                    text: title.to_string(),
                });
                self.last_prose = false;
            }
            self.prev_line = None;
            return;
        }
        let last_prose = self.last.is_some() && self.last_prose;
        // `is_open`: the last paragraph is body text.
        if self.is_open
            && ends_mid_sentence(&self.open)
            && (last_prose || self.prev_line.is_some_and(|n| is_wrap(n, line_chars)))
        {
            self.last_chars += join_into(&mut self.open, cleaned, line_chars);
            self.last_prose = last_prose || line_prose || self.last_chars > 30;
        } else {
            self.close();
            self.emit(out);
            self.last_chars = line_chars;
            self.last_prose = line_prose || line_chars > 30;
            self.last = Some(Paragraph {
                kind: ParaKind::Body,
                text: String::new(),
            });
            self.open.push_str(cleaned);
            self.is_open = true;
        }
        self.prev_line = Some(line_chars);
    }

    /// The end of the text: the last paragraph is pushed to `out`.
    pub fn finish(mut self, out: &mut Vec<Paragraph>) {
        self.close();
        self.emit(out);
    }

    /// End the open body paragraph: its text leaves the buffer.
    fn close(&mut self) {
        if self.is_open {
            if let Some(p) = &mut self.last {
                p.text = self.open.as_str().to_owned();
            }
            self.open.clear();
            self.is_open = false;
            self.searched = 0;
        }
    }

    /// Hand out the last paragraph, now final (rule 6 decides its kind).
    fn emit(&mut self, out: &mut Vec<Paragraph>) {
        if let Some(mut p) = self.last.take() {
            if p.kind == ParaKind::Body && !self.last_prose && has_word_char(&p.text) {
                p.kind = ParaKind::Heading(0);
            }
            out.push(p);
        }
    }
}

/// The level of a `#` heading that `line` is (after rules 1–3, with a title after its marks),
/// as `normalize` reads it; a line without `#` is none (rules 1–3 make no `#`).
pub fn heading_level(line: &str) -> Option<u8> {
    memchr::memchr(b'#', line.as_bytes())?;
    let cleaned = clean_line(line);
    heading_mark(&cleaned)
        .filter(|(_, title)| !title.is_empty())
        .map(|(level, _)| level)
}

/// The canonical text form: one paragraph per line, blank lines between, `#` headings marked.
pub fn render(paras: &[Paragraph]) -> String {
    let mut out = String::new();
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        if let ParaKind::Heading(level) = p.kind {
            for _ in 0..level {
                out.push('#');
            }
            if level > 0 {
                out.push(' ');
            }
        }
        out.push_str(&p.text);
    }
    out
}

pub fn normalize_text(raw: &str) -> String {
    render(&normalize(raw))
}

/// For `split_sentences`' scan, by a character's first byte: 0 where the scan stops (`"` and
/// the ASCII terminators, and the lead bytes of the other terminators and closers, E2, E3 and
/// EF), else the character's length in bytes, so that the scan steps over a whole character
/// (a Han character in one step, not three). Continuation bytes never start a character.
static SENTENCE_STEP: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        t[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    let stops = [b'"', b'!', b'?', b';', b'.', 0xE2, 0xE3, 0xEF];
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = 0;
        k += 1;
    }
    t
};

/// Split a paragraph into sentences at 。！？；… (and ASCII !?; and a `.` not followed by a
/// letter or digit, so that 3.5 and U.S stay whole). A run of terminators and the closing
/// quotes/brackets after it stay with the sentence; an ASCII `"` counts as closing only when it
/// closes an open one. A paragraph end also ends a sentence.
pub fn split_sentences(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0usize;
    boundaries(para, |j, _| {
        let s = para[start..j].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = j;
    });
    let s = para[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// The sentence ends `split_sentences` finds in a paragraph, in order: for each, the byte
/// after its terminator and closers, and the number of `"` seen up to there.
fn boundaries(para: &str, mut end: impl FnMut(usize, usize)) {
    let mut quotes = 0usize;
    // Byte positions: the characters that decide anything (terminators, closers, `"`) are
    // decoded where the table scan stops; everything else is stepped over undecoded.
    let bytes = para.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Every character that matters here is ASCII or starts with byte E2, E3 or EF (。！？
        // ；…．｡ and the closers); other characters are stepped over whole, without decoding,
        // from one character boundary to the next.
        loop {
            match bytes.get(i) {
                Some(&x) if SENTENCE_STEP[usize::from(x)] > 0 => {
                    i += usize::from(SENTENCE_STEP[usize::from(x)]);
                }
                _ => break,
            }
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'"' {
            quotes += 1;
            i += 1;
            continue;
        }
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        let terminal = is_terminator(c)
            && (c != '.' || bytes.get(next).is_none_or(|n| !n.is_ascii_alphanumeric()));
        if !terminal {
            i = next;
            continue;
        }
        let mut j = next;
        while let Some(n) = para[j..].chars().next() {
            if is_terminator(n) || is_closer(n) && n != '"' {
                j += n.len_utf8();
            } else if n == '"' && quotes % 2 == 1 {
                quotes += 1;
                j += 1;
            } else {
                break;
            }
        }
        end(j, quotes);
        i = j;
    }
}

/// The last place a paragraph can be cut in two with the sentences of the whole: a sentence
/// end (`boundaries`) after an even number of `"`, before the paragraph's end.
fn last_sentence_cut(para: &str) -> Option<usize> {
    let mut cut = None;
    boundaries(para, |j, quotes| {
        if quotes % 2 == 0 && j < para.len() {
            cut = Some(j);
        }
    });
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first form of the splitter, over a vector of characters: the oracle for the
    /// byte-walking one.
    fn split_sentences_by_chars(para: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut start = 0usize;
        let mut quotes = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let (_, c) = chars[i];
            if c == '"' {
                quotes += 1;
            }
            let terminal = is_terminator(c)
                && (c != '.'
                    || chars
                        .get(i + 1)
                        .is_none_or(|&(_, n)| !n.is_ascii_alphanumeric()));
            if terminal {
                let mut j = i + 1;
                while j < chars.len() {
                    let n = chars[j].1;
                    if is_terminator(n) {
                        j += 1;
                    } else if n == '"' {
                        if quotes % 2 == 1 {
                            quotes += 1;
                            j += 1;
                        } else {
                            break;
                        }
                    } else if is_closer(n) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let end = chars.get(j).map_or(para.len(), |&(b, _)| b);
                let s = para[start..end].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = end;
                i = j;
                continue;
            }
            i += 1;
        }
        let s = para[start..].trim();
        if !s.is_empty() {
            out.push(s);
        }
        out
    }
    use proptest::prelude::*;

    /// `normalize` before the one-pass line scan (three passes per line, lines split twice):
    /// the oracle for it.
    fn normalize_reference(raw: &str) -> Vec<Paragraph> {
        let mut paras: Vec<Paragraph> = Vec::new();
        let mut prose: Vec<bool> = Vec::new();
        let mut last_chars = 0usize;
        let mut prev_line: Option<usize> = None;
        let mut cleaned = String::new();
        for line in raw
            .split('\n')
            .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        {
            cleaned.clear();
            if needs_cleaning(line) {
                clean_chars_into(line, &mut cleaned);
            } else {
                cleaned.push_str(line);
            }
            if cleaned.is_empty() {
                prev_line = None;
                continue;
            }
            if let Some((level, title)) = heading_mark(&cleaned) {
                if !title.is_empty() {
                    paras.push(heading(level, title));
                    prose.push(false);
                }
                prev_line = None;
                continue;
            }
            let line_chars = cleaned.chars().count();
            let line_prose = has_prose_punct(&cleaned);
            let last_prose = prose.last().copied().unwrap_or(false);
            if let Some(last) = paras.last_mut()
                && last.kind == ParaKind::Body
                && ends_mid_sentence(&last.text)
                && (last_prose || prev_line.is_some_and(|n| is_wrap(n, line_chars)))
            {
                last_chars += join_into(&mut last.text, &cleaned, line_chars);
                if let Some(p) = prose.last_mut() {
                    *p = last_prose || line_prose || last_chars > 30;
                }
            } else {
                last_chars = line_chars;
                prose.push(line_prose || line_chars > 30);
                paras.push(body(&cleaned));
            }
            prev_line = Some(line_chars);
        }
        for (p, &is_prose) in paras.iter_mut().zip(&prose) {
            if p.kind == ParaKind::Body && !is_prose && has_word_char(&p.text) {
                p.kind = ParaKind::Heading(0);
            }
        }
        paras
    }

    #[test]
    fn the_line_scan_agrees_with_the_three_passes() {
        // Every character of the Basic Multilingual Plane, alone and among Han characters and
        // punctuation: the scan's verdict is the byte check's, and on a clean line its counts
        // are the character count and the punctuation search.
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            for line in [
                format!("党{c}员"),
                format!("{c}"),
                format!("核酸{c}，检测。"),
                format!("a{c}!"),
            ] {
                let scan = scan_line(&line);
                assert_eq!(scan.dirty, needs_cleaning(&line), "U+{:04X}", c as u32);
                if !scan.dirty {
                    assert_eq!(scan.chars, line.chars().count(), "U+{:04X}", c as u32);
                    assert_eq!(scan.prose, has_prose_punct(&line), "U+{:04X}", c as u32);
                }
            }
        }
        // Beyond the BMP: four-byte characters count once.
        let scan = scan_line("𠀀𠀁党");
        assert_eq!((scan.dirty, scan.chars, scan.prose), (false, 3, false));
    }

    #[test]
    fn seeds_normalise_as_before_the_line_scan() {
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let raw = std::fs::read_to_string(&path).unwrap();
                assert_eq!(
                    normalize(&raw),
                    normalize_reference(&raw),
                    "{}",
                    path.display()
                );
                let crlf = raw.replace('\n', "\r\n");
                assert_eq!(normalize(&crlf), normalize_reference(&crlf));
            }
        }
    }

    fn body(text: &str) -> Paragraph {
        Paragraph {
            kind: ParaKind::Body,
            text: text.into(),
        }
    }

    fn heading(level: u8, text: &str) -> Paragraph {
        Paragraph {
            kind: ParaKind::Heading(level),
            text: text.into(),
        }
    }

    #[test]
    fn rule3_spaces_between_cjk_go() {
        // 000, line 29
        assert_eq!(
            clean_line("在 居 住 小 区 就 地 转 为 志 愿 者 参 与 疫 情 防"),
            "在居住小区就地转为志愿者参与疫情防"
        );
        // 001, line 5: a space inside 工作 and one between two words
        assert_eq!(
            clean_line(
                "本报讯 10月31日,在组织参加省委 第114次疫情防控专题会暨省疫情防控工 作领导小组视频会后"
            ),
            "本报讯 10月31日,在组织参加省委第114次疫情防控专题会暨省疫情防控工作领导小组视频会后"
        );
        // 000, line 39: CJK punctuation counts as CJK; a space before a digit stays
        assert_eq!(
            clean_line("的 小 伙 从 不 喊 疲 惫 ，晚 上 又 投 入 卡 口 值"),
            "的小伙从不喊疲惫，晚上又投入卡口值"
        );
        assert_eq!(
            clean_line("集核酸等工作。 23 岁的团员"),
            "集核酸等工作。 23 岁的团员"
        );
        // leading space of 000's first line, U+3000 and runs of spaces
        assert_eq!(
            clean_line(" 来自抗击疫情　一线的报道  "),
            "来自抗击疫情一线的报道"
        );
    }

    #[test]
    fn the_byte_prose_check_agrees_with_the_characters() {
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            for line in [format!("党{c}员"), format!("{c}"), format!("{c}，")] {
                assert_eq!(
                    has_prose_punct(&line),
                    line.chars().any(is_prose_punct),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    /// Rules 1–3 as first written, without the Han fast path: the oracle for it.
    fn clean_chars_reference(line: &str) -> String {
        let mut out = String::new();
        let mut prev: Option<char> = None;
        let mut pending_space = false;
        for c in line.chars() {
            if matches!(
                c,
                '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
            ) {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                pending_space = prev.is_some();
                continue;
            }
            let c = fullwidth_to_ascii(c);
            if pending_space {
                if !prev.is_some_and(|p| is_cjk(p) && is_cjk(c)) {
                    out.push(' ');
                }
                pending_space = false;
            }
            out.push(c);
            prev = Some(c);
        }
        out
    }

    #[test]
    fn the_han_fast_path_changes_nothing() {
        // Every BMP character beside Han characters, with and without spaces between.
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            for line in [format!("党 {c} 员"), format!("{c} 核酸"), format!("a {c}")] {
                assert_eq!(
                    clean_chars(&line),
                    clean_chars_reference(&line),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn the_byte_check_agrees_with_the_character_loop() {
        // Every character of the Basic Multilingual Plane next to a Han character: wherever
        // the fast check says "clean", the full rules must leave the line unchanged.
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            for line in [format!("党{c}员"), format!("{c}"), format!("核酸{c}")] {
                if !needs_cleaning(&line) {
                    let slow = clean_chars(&line);
                    assert_eq!(slow, line, "U+{:04X}", c as u32);
                }
            }
        }
    }

    #[test]
    fn rule2_fullwidth_letters_and_digits() {
        assert_eq!(
            clean_line("新冠病毒ＰＣＲ检测１０月２８日，ｐｍ２．５"),
            "新冠病毒PCR检测10月28日，pm2．5"
        );
    }

    #[test]
    fn rule5_hard_line_breaks_are_joined() {
        // 000, lines 3–5: a paragraph wrapped at the column width, words split across lines
        let raw = "10 月 28 日，离石区实施静默管理。面对突\n如其来的疫情，市、区党委、政府作出了科学\n防控、精准施策的总动员，第一时间把住关";
        assert_eq!(
            normalize(raw),
            vec![body(
                "10 月 28 日，离石区实施静默管理。面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员，第一时间把住关"
            )]
        );
    }

    #[test]
    fn rule5_a_column_break_inside_a_sentence_is_joined() {
        // 000, lines 20–24: a blank line between 不信 and 谣
        let raw = "每天上报健康码、行程码、核酸检测情况。\n传播正信息。全体干部职工不听谣、不信\n\n谣、不传谣，多做正面引导，多做群众解释\n工作。\n\n党员积极主动亮身份、力所能及做奉\n献。党组成员、分管党务的孙志强，带头";
        assert_eq!(
            normalize(raw),
            vec![
                body("每天上报健康码、行程码、核酸检测情况。"),
                body(
                    "传播正信息。全体干部职工不听谣、不信谣、不传谣，多做正面引导，多做群众解释工作。"
                ),
                body("党员积极主动亮身份、力所能及做奉献。党组成员、分管党务的孙志强，带头"),
            ]
        );
        // 001, lines 28–30: double-spaced lines of a narrow column
        let raw = "本报讯 10月28日凌晨,离石\n\n区突发疫情。离石公安分局闻\n\n\"疫\"而动,迅速启动战时响应机";
        assert_eq!(
            normalize(raw),
            vec![body(
                "本报讯 10月28日凌晨,离石区突发疫情。离石公安分局闻\"疫\"而动,迅速启动战时响应机"
            )]
        );
    }

    #[test]
    fn rule4_heading_marks_are_stripped() {
        // 002, lines 2–6
        let raw = "\n\n# 鲜红党旗高扬在战“疫”第一线\n\n## ——记朔州经开区党群工作部党支部\n\n池薇薇 何志敏\n\n“党旗飘起来、党徽亮起来、党员动起来。”";
        assert_eq!(
            normalize(raw),
            vec![
                heading(1, "鲜红党旗高扬在战“疫”第一线"),
                heading(2, "——记朔州经开区党群工作部党支部"),
                heading(0, "池薇薇何志敏"),
                body("“党旗飘起来、党徽亮起来、党员动起来。”"),
            ]
        );
    }

    #[test]
    fn rule6_layout_headings_do_not_swallow_the_next_line() {
        // 000, lines 0–3: a title, then a dateline paragraph
        let raw = " 来自抗击疫情一线的报道\n\n本报讯 （记者 李艳 通讯员 侯艳平）\n10 月 28 日，离石区实施静默管理。";
        assert_eq!(
            normalize(raw),
            vec![
                heading(0, "来自抗击疫情一线的报道"),
                heading(0, "本报讯（记者李艳通讯员侯艳平）"),
                body("10 月 28 日，离石区实施静默管理。"),
            ]
        );
    }

    #[test]
    fn rule5b_a_wrap_needs_a_full_line() {
        // 000, lines 26–27: a wrapped line with no sentence punctuation, 16 then 18 characters
        assert_eq!(
            normalize("党员积极主动亮身份、力所能及做奉\n献。党组成员、分管党务的孙志强，带头"),
            vec![body(
                "党员积极主动亮身份、力所能及做奉献。党组成员、分管党务的孙志强，带头"
            )]
        );
        // a short title directly above a long line of text stays a title
        assert_eq!(
            normalize(
                "抗疫一线\n面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员。"
            ),
            vec![
                heading(0, "抗疫一线"),
                body("面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员。")
            ]
        );
    }

    #[test]
    fn rule1_crlf_cr_and_bom() {
        assert_eq!(
            normalize("\u{FEFF}面对疫情，党员先\r\n锋，核酸\r检测。\r\n"),
            vec![body("面对疫情，党员先锋，核酸检测。")]
        );
    }

    #[test]
    fn latin_pieces_are_joined_with_a_space() {
        assert_eq!(
            normalize("我们使用了 PCR, and\nantigen tests。"),
            vec![body("我们使用了 PCR, and antigen tests。")]
        );
    }

    #[test]
    fn sentences_keep_their_closing_quotes() {
        assert_eq!(
            split_sentences("“我是党员，让我去。”“我有经验，我先上。”"),
            vec!["“我是党员，让我去。”", "“我有经验，我先上。”"]
        );
        // 001, ASCII quotes: a `"` after 。 closes only an open quote
        assert_eq!(
            split_sentences(
                "\"你好,请把口罩佩戴好,注意防护。\"\"请后续排队人员先把个人码界面调出来,节省时间、提高效率\"……早上七点,王伟伟戴上小红帽"
            ),
            vec![
                "\"你好,请把口罩佩戴好,注意防护。\"",
                "\"请后续排队人员先把个人码界面调出来,节省时间、提高效率\"……",
                "早上七点,王伟伟戴上小红帽",
            ]
        );
        assert_eq!(
            split_sentences("疫情就是命令；防控就是责任！真的吗？是的"),
            vec!["疫情就是命令；", "防控就是责任！", "真的吗？", "是的"]
        );
        assert_eq!(
            split_sentences("增长3.5%. Next one"),
            vec!["增长3.5%.", "Next one"]
        );
    }

    #[test]
    fn seed_files_normalise_idempotently() {
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let once = normalize_text(&std::fs::read_to_string(&path).unwrap());
                assert_eq!(normalize_text(&once), once, "{}", path.display());
            }
        }
    }

    fn noisy_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "党员",
            "先锋",
            "核酸",
            "检测",
            "疫",
            "情",
            " ",
            "  ",
            "\u{3000}",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            "# ",
            "## ",
            "#",
            "。",
            "，",
            "、",
            "：",
            "！",
            "？",
            "；",
            "…",
            "“",
            "”",
            "\"",
            "'",
            "（",
            "）",
            "Ａ",
            "１",
            "PCR",
            "19",
            ".",
            "-",
            "□",
            "——",
            "本报讯",
            "10月28日",
            "\u{FEFF}",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn the_line_iterator_splits_as_lf_crlf_and_cr(raw in noisy_text()) {
            let reference: Vec<&str> = raw
                .split('\n')
                .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
                .collect();
            prop_assert_eq!(lines(&raw).collect::<Vec<_>>(), reference);
        }

        #[test]
        fn normalisation_is_as_before_the_line_scan(raw in noisy_text()) {
            prop_assert_eq!(normalize(&raw), normalize_reference(&raw));
        }

        #[test]
        fn normalisation_is_idempotent(raw in noisy_text()) {
            let once = normalize_text(&raw);
            prop_assert_eq!(normalize_text(&once), once);
        }

        #[test]
        fn layout_headings_are_exactly_the_paragraphs_that_are_not_prose(raw in noisy_text()) {
            for p in normalize(&raw) {
                match p.kind {
                    ParaKind::Body => prop_assert!(is_prose(&p.text) || !has_word_char(&p.text), "{:?}", p),
                    ParaKind::Heading(0) => prop_assert!(!is_prose(&p.text), "{:?}", p),
                    ParaKind::Heading(_) => {}
                }
            }
        }

        #[test]
        fn cleaning_matches_the_reference_rules(raw in noisy_text()) {
            for line in raw.lines() {
                prop_assert_eq!(clean_chars(line), clean_chars_reference(line));
            }
        }

        #[test]
        fn splitting_matches_the_character_vector_form(raw in noisy_text()) {
            prop_assert_eq!(split_sentences(&raw), split_sentences_by_chars(&raw));
            for p in normalize(&raw) {
                prop_assert_eq!(split_sentences(&p.text), split_sentences_by_chars(&p.text));
            }
        }

        #[test]
        fn sentences_cover_the_paragraph(raw in noisy_text()) {
            for p in normalize(&raw) {
                let joined: String = split_sentences(&p.text).concat();
                let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                prop_assert_eq!(strip(&joined), strip(&p.text));
            }
        }
    }
}
