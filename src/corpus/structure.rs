//! Issue → article → paragraph → sentence (docs/corpus.md).
//!
//! A *header run* is a maximal run of consecutive heading paragraphs (a title with its kicker,
//! subtitle and byline). Where a page has `#` marks, their levels are OCR guesses: the page's
//! top level and the one below it start articles (`#`/`##` on most seed pages) and deeper ones
//! (`###`…) are section headings inside an article; unmarked layout headings beside them belong
//! to the run. A page without any `#` mark starts an article at every header run. Text before
//! the first article-starting run is an article of its own. An article's title is the
//! shallowest marked heading of its run (the first on a tie), else the run's first heading.
//! Headings stay text: they are sentences of their article like any paragraph.

use super::normalize::{ParaKind, Paragraph, split_sentences};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// The article's sentences, in order, across its paragraphs.
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .flat_map(|p| split_sentences(&p.text))
    }
}

fn level(p: &Paragraph) -> Option<u8> {
    match p.kind {
        ParaKind::Heading(l) => Some(l),
        ParaKind::Body => None,
    }
}

fn title_of(run: &[Paragraph]) -> String {
    let marked = run
        .iter()
        .filter_map(|p| level(p).filter(|&l| l > 0).map(|l| (l, p)))
        .min_by_key(|(l, _)| *l);
    match marked {
        Some((_, p)) => p.text.clone(),
        None => run.first().map(|p| p.text.clone()).unwrap_or_default(),
    }
}

/// Group a normalised issue into articles (moving the paragraphs, not copying them).
pub fn articles(paras: Vec<Paragraph>) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    let add = |part| match part {
        Part::Article(title) => out.push(Article {
            title,
            paragraphs: Vec::new(),
        }),
        Part::Paragraph(p) => {
            if let Some(a) = out.last_mut() {
                a.paragraphs.push(p);
            }
        }
    };
    parts(paras, add);
    out
}

/// A normalised issue's articles and paragraphs, in order, handed to `f` (`articles` gathers
/// them; a segmenter lays them out as they come).
pub fn parts(paras: Vec<Paragraph>, mut f: impl FnMut(Part)) {
    let mut s = Structurer::new(top_level(paras.iter().filter_map(level)));
    for p in paras {
        s.push(p, &mut f);
    }
    s.finish(&mut f);
}

/// The page's top heading level: the shallowest `#` mark (none when it has none).
pub fn top_level(levels: impl IntoIterator<Item = u8>) -> Option<u8> {
    levels.into_iter().filter(|&l| l > 0).min()
}

/// What `Structurer` hands out, in order: an article begins (with its title), or a paragraph
/// of the article begun last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Article(String),
    Paragraph(Paragraph),
}

/// The grouping into articles as a state machine over paragraphs, so that an issue can be
/// structured a part at a time (`corpus::stream`) with the result of `articles`: it holds
/// back only the header run it is in. `top` is the page's top heading level (`top_level`),
/// which a part cannot know: a stream finds it in a pass before.
#[derive(Debug)]
pub struct Structurer {
    top: Option<u8>,
    run: Vec<Paragraph>,
    started: bool,
}

impl Structurer {
    pub fn new(top: Option<u8>) -> Self {
        Structurer {
            top,
            run: Vec::new(),
            started: false,
        }
    }

    fn starts_article(&self) -> bool {
        match self.top {
            Some(top) => self
                .run
                .iter()
                .filter_map(level)
                .any(|l| l > 0 && l <= top.saturating_add(1)),
            None => true,
        }
    }

    pub fn push(&mut self, p: Paragraph, out: &mut impl FnMut(Part)) {
        if level(&p).is_some() {
            self.run.push(p);
            return;
        }
        self.end_run(out);
        if !self.started {
            out(Part::Article(String::new()));
            self.started = true;
        }
        out(Part::Paragraph(p));
    }

    /// The end of the issue.
    pub fn finish(mut self, out: &mut impl FnMut(Part)) {
        self.end_run(out);
    }

    /// A header run has ended: it begins an article (the first always does) or joins the
    /// article before.
    fn end_run(&mut self, out: &mut impl FnMut(Part)) {
        if self.run.is_empty() {
            return;
        }
        if !self.started || self.starts_article() {
            out(Part::Article(title_of(&self.run)));
            self.started = true;
        }
        for p in self.run.drain(..) {
            out(Part::Paragraph(p));
        }
    }
}
