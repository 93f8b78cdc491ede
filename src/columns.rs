//! The names of every column the tool writes, spelled here once and used everywhere through
//! these constants (`use crate::columns as col;`): they are the public interface of the
//! tables (docs/formats.md). Below every other room: the corpus, the analyses, the charts and
//! the report all name columns, and this module names nothing of theirs.

pub const ISSUE: &str = "issue";
pub const ARTICLE: &str = "article";
pub const SENTENCE: &str = "sentence";
pub const POSITION: &str = "position";
pub const TOKEN: &str = "token";
pub const KIND: &str = "kind";
pub const TEXT: &str = "text";
/// The metadata column that `metadata.csv` keeps to YYYY-MM-DD days: text in CSV and
/// JSON, a `Date` in Parquet (`output::parquet`).
pub const DATE: &str = "date";

pub const GROUP: &str = "group";
pub const TERM: &str = "term";
pub const COUNT: &str = "count";
pub const RANK: &str = "rank";
pub const PER_10K: &str = "per_10k";
pub const DOC_FREQ: &str = "doc_freq";

pub const NGRAM: &str = "ngram";
pub const TOKENS: &str = "tokens";
pub const N: &str = "n";
pub const PMI: &str = "pmi";
pub const NPMI: &str = "npmi";
pub const T_SCORE: &str = "t_score";
pub const LOG_DICE: &str = "log_dice";
pub const G2: &str = "g2";

pub const ARTICLES: &str = "articles";
pub const SENTENCES: &str = "sentences";
pub const CHARS: &str = "chars";
pub const TYPES: &str = "types";
pub const TTR: &str = "ttr";
pub const HAPAX: &str = "hapax";
pub const TOP_TERMS: &str = "top_terms";
/// Prefix of the `issues --track TERM` columns: `per_10k:核酸`.
pub const PER_10K_PREFIX: &str = "per_10k:";

pub const COUNT_TARGET: &str = "count_target";
pub const COUNT_REFERENCE: &str = "count_reference";
pub const PER_10K_TARGET: &str = "per_10k_target";
pub const PER_10K_REFERENCE: &str = "per_10k_reference";
pub const P_VALUE: &str = "p_value";
pub const LOG_RATIO: &str = "log_ratio";
pub const PCT_DIFF: &str = "pct_diff";
/// Hardie's conservative log ratio (Evert's LRC), the last keyness column.
pub const LR_CONSERVATIVE: &str = "lr_conservative";

/// The trend's 95% interval of per_10k (drawn as a band when present).
pub const CI_LOW: &str = "ci_low";
pub const CI_HIGH: &str = "ci_high";
/// `trend --test`: degrees of freedom of the G² test over the groups.
pub const DF: &str = "df";

/// `dispersion`: parts holding the term, Juilland's D, Gries's DP and its normalised form.
pub const RANGE: &str = "range";
pub const JUILLAND_D: &str = "juilland_d";
pub const DP: &str = "dp";
pub const DP_NORM: &str = "dp_norm";

/// `kwic`: the match and the tokens either side of it.
pub const LEFT: &str = "left";
pub const KEYWORD: &str = "keyword";
pub const RIGHT: &str = "right";

/// `collocates`: the collocate and the three counts of its 2×2 table.
pub const COLLOCATE: &str = "collocate";
pub const COUNT_WITH: &str = "count_with";
pub const COUNT_COLLOCATE: &str = "count_collocate";
pub const COUNT_NODE: &str = "count_node";

/// `keywords`: per-issue TF-IDF.
pub const TF: &str = "tf";
pub const IDF: &str = "idf";
pub const TFIDF: &str = "tfidf";

/// `reprints`: a pair of near-duplicate articles.
pub const ISSUE_A: &str = "issue_a";
pub const ARTICLE_A: &str = "article_a";
pub const ISSUE_B: &str = "issue_b";
pub const ARTICLE_B: &str = "article_b";
pub const SIMILARITY: &str = "similarity";
pub const CHARS_A: &str = "chars_a";
pub const CHARS_B: &str = "chars_b";
pub const TITLE_A: &str = "title_a";
pub const TITLE_B: &str = "title_b";

/// `phrases`: character-level phrase discovery.
pub const PHRASE: &str = "phrase";
pub const PMI_MIN: &str = "pmi_min";
pub const ENTROPY_LEFT: &str = "entropy_left";
pub const ENTROPY_RIGHT: &str = "entropy_right";
pub const SCORE: &str = "score";
pub const IN_DICTIONARY: &str = "in_dictionary";
