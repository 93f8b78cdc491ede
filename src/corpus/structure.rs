//! Issue → article → paragraph → sentence (SPEC §2).
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
pub fn articles(mut paras: Vec<Paragraph>) -> Vec<Article> {
    let top = paras.iter().filter_map(level).filter(|&l| l > 0).min();
    let starts_article = |run: &[Paragraph]| match top {
        Some(top) => run
            .iter()
            .filter_map(level)
            .any(|l| l > 0 && l <= top.saturating_add(1)),
        None => true,
    };
    let take = |p: &mut Paragraph| {
        std::mem::replace(
            p,
            Paragraph {
                kind: ParaKind::Body,
                text: String::new(),
            },
        )
    };
    let mut out: Vec<Article> = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let run_len = paras[i..].iter().take_while(|p| level(p).is_some()).count();
        if run_len > 0 {
            let run = &mut paras[i..i + run_len];
            if out.is_empty() || starts_article(run) {
                out.push(Article {
                    title: title_of(run),
                    paragraphs: run.iter_mut().map(take).collect(),
                });
            } else if let Some(a) = out.last_mut() {
                a.paragraphs.extend(run.iter_mut().map(take));
            }
            i += run_len;
        } else {
            if out.is_empty() {
                out.push(Article {
                    title: String::new(),
                    paragraphs: Vec::new(),
                });
            }
            if let Some(a) = out.last_mut() {
                a.paragraphs.push(take(&mut paras[i]));
            }
            i += 1;
        }
    }
    out
}
