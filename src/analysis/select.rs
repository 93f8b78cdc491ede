//! Selecting issues by their metadata: the `--target` and `--reference` expressions of
//! `keyness` (docs/comparing.md).
//!
//! An expression is one condition or several joined by `&` (all must hold):
//! `column OP value`, OP one of `=` (also `==`), `!=`, `<`, `<=`, `>`, `>=`; the column is a
//! metadata column or `issue` (the file stem). White space around the column and the value is
//! ignored. Examples: `date<2021-01-01`, `newspaper=吕梁日报`,
//! `newspaper=朔州日报&date>=2022-11-01`, `issue=003_337bf66f5a191e40`.
//!
//! Values compare as numbers when both sides parse as finite numbers (`page>=2` matches `10`;
//! `page=2` matches `2.0`), else as text in code-point order (dates in YYYY-MM-DD form compare
//! correctly as text). An issue whose value for the column is empty (no metadata row, an empty
//! cell) matches no condition on that column, `!=` included.

use std::cmp::Ordering;

use crate::columns as col;
use crate::corpus::load::available_columns;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// The same text, never compared as numbers: a group of the report
    /// ([`Selection::exact`]); no expression gives it.
    Is,
}

impl Op {
    fn holds(self, o: Ordering) -> bool {
        match self {
            Op::Eq | Op::Is => o == Ordering::Equal,
            Op::Ne => o != Ordering::Equal,
            Op::Lt => o == Ordering::Less,
            Op::Le => o != Ordering::Greater,
            Op::Gt => o == Ordering::Greater,
            Op::Ge => o != Ordering::Less,
        }
    }
}

/// The operators, two-character ones first so that `<=` is not read as `<`.
const OPS: [(&str, Op); 7] = [
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("=", Op::Eq),
    ("<", Op::Lt),
    (">", Op::Gt),
];

/// `column OP value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub column: String,
    pub op: Op,
    pub value: String,
}

/// The value as a number, when it is one.
fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

impl Condition {
    /// Whether an issue with `value` in the column meets the condition.
    pub fn matches(&self, value: &str) -> bool {
        if value.is_empty() {
            return false;
        }
        if self.op == Op::Is {
            return value == self.value;
        }
        let order = match (number(value), number(&self.value)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => Some(value.cmp(self.value.as_str())),
        };
        order.is_some_and(|o| self.op.holds(o))
    }
}

/// A parsed `--target` / `--reference` expression: conditions that must all hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The flag it was given to, for messages (`--target`).
    pub flag: String,
    /// The expression as given.
    pub text: String,
    pub conditions: Vec<Condition>,
}

impl Selection {
    /// Parse `expr` given to `flag`; a malformed expression is a usage error naming both.
    pub fn parse(flag: &str, expr: &str) -> Result<Self> {
        let bad = |why: &str| Error::usage(format!("{flag} `{expr}`: {why}"));
        let mut conditions = Vec::new();
        for part in expr.split('&') {
            let Some(at) = part.find(['=', '!', '<', '>']) else {
                return Err(bad(
                    "expected column=value, column!=value, column<value, column<=value, \
                     column>value or column>=value (conditions joined by &)",
                ));
            };
            let rest = &part[at..];
            let Some(&(symbol, op)) = OPS.iter().find(|(s, _)| rest.starts_with(s)) else {
                return Err(bad("`!` must be followed by `=`"));
            };
            let len = symbol.len();
            let column = part[..at].trim();
            let value = rest[len..].trim();
            if column.is_empty() {
                return Err(bad("no column name before the operator"));
            }
            if value.is_empty() {
                return Err(bad(&format!("no value after `{}`", &rest[..len])));
            }
            conditions.push(Condition {
                column: column.to_string(),
                op,
                value: value.to_string(),
            });
        }
        Ok(Selection {
            flag: flag.to_string(),
            text: expr.to_string(),
            conditions,
        })
    }

    /// The issues whose `column` holds exactly `value`, compared as text (`01` is not `1`,
    /// `=A` is not `A`): how the report selects a group (report/plan.rs). `text` is
    /// `column=value`, the expression `keyness` would be given, which may select other issues
    /// or none; the report prints it only when it selects the same issues.
    pub fn exact(flag: &str, column: &str, value: &str) -> Self {
        Selection {
            flag: flag.to_string(),
            text: format!("{column}={value}"),
            conditions: vec![Condition {
                column: column.to_string(),
                op: Op::Is,
                value: value.to_string(),
            }],
        }
    }

    /// Which issues match, given as (id, metadata values aligned with `meta_columns`). A
    /// column that is neither `issue` nor a metadata column is a usage error that names the
    /// flag and the columns there are.
    pub fn select<'a>(
        &self,
        meta_columns: &[String],
        issues: impl Iterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Vec<bool>> {
        // For each condition, where its value is: None = the issue id, Some(i) = metadata i.
        let at: Vec<Option<usize>> = self
            .conditions
            .iter()
            .map(|c| {
                if c.column == col::ISSUE {
                    return Ok(None);
                }
                match meta_columns.iter().position(|m| *m == c.column) {
                    Some(i) => Ok(Some(i)),
                    None => Err(Error::usage(format!(
                        "{} `{}`: no metadata column `{}` (available: {})",
                        self.flag,
                        self.text,
                        c.column,
                        available_columns(meta_columns)
                    ))),
                }
            })
            .collect::<Result<_>>()?;
        Ok(issues
            .map(|(id, meta)| {
                self.conditions.iter().zip(&at).all(|(c, at)| {
                    let value = match at {
                        None => id,
                        Some(i) => meta.get(*i).map_or("", String::as_str),
                    };
                    c.matches(value)
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(column: &str, op: Op, value: &str) -> Condition {
        Condition {
            column: column.into(),
            op,
            value: value.into(),
        }
    }

    #[test]
    fn parses_every_operator() {
        for (expr, op, value) in [
            ("date=2020-02-10", Op::Eq, "2020-02-10"),
            ("date==2020-02-10", Op::Eq, "2020-02-10"),
            ("date!=2020-02-10", Op::Ne, "2020-02-10"),
            ("date<2021-01-01", Op::Lt, "2021-01-01"),
            ("date<=2021-01-01", Op::Le, "2021-01-01"),
            ("date>2021-01-01", Op::Gt, "2021-01-01"),
            ("date >= 2021-01-01 ", Op::Ge, "2021-01-01"),
        ] {
            let s = Selection::parse("--target", expr).unwrap();
            assert_eq!(s.conditions, vec![cond("date", op, value)], "{expr}");
        }
    }

    #[test]
    fn parses_a_conjunction() {
        let s = Selection::parse("--target", "newspaper=朔州日报&date>=2022-11-01").unwrap();
        assert_eq!(
            s.conditions,
            vec![
                cond("newspaper", Op::Eq, "朔州日报"),
                cond("date", Op::Ge, "2022-11-01")
            ]
        );
    }

    #[test]
    fn malformed_expressions_name_the_flag_and_the_problem() {
        let msg = |e: &str| Selection::parse("--reference", e).unwrap_err().to_string();
        assert!(msg("吕梁日报").starts_with("--reference `吕梁日报`: expected column=value"));
        assert_eq!(
            msg("=x"),
            "--reference `=x`: no column name before the operator"
        );
        assert_eq!(msg("date>="), "--reference `date>=`: no value after `>=`");
        assert_eq!(
            msg("date!2020"),
            "--reference `date!2020`: `!` must be followed by `=`"
        );
        assert!(msg("a=1&").contains("expected column=value"));
        assert!(msg("").contains("expected column=value"));
    }

    #[test]
    fn numbers_compare_as_numbers_and_the_rest_as_text() {
        // 10 > 9 as numbers, though "10" < "9" as text
        assert!(cond("page", Op::Gt, "9").matches("10"));
        assert!(cond("page", Op::Eq, "2").matches("2.0"));
        assert!(!cond("page", Op::Lt, "9").matches("10"));
        // dates are text: "2020-02-10" < "2021-01-01" < "2022-10-28"
        assert!(cond("date", Op::Lt, "2021-01-01").matches("2020-02-10"));
        assert!(!cond("date", Op::Lt, "2021-01-01").matches("2022-10-28"));
        assert!(cond("date", Op::Le, "2022-10-28").matches("2022-10-28"));
        assert!(cond("date", Op::Ge, "2022-11-01").matches("2022-11-20"));
        // one side not a number: text order, "10" < "a"
        assert!(cond("page", Op::Lt, "a").matches("10"));
        // "nan" and "inf" parse as f64 but are not numbers here: text order
        assert!(cond("x", Op::Gt, "inf").matches("nan"));
        assert!(cond("newspaper", Op::Ne, "吕梁日报").matches("朔州日报"));
        assert!(!cond("newspaper", Op::Ne, "吕梁日报").matches("吕梁日报"));
    }

    #[test]
    fn an_exact_selection_compares_the_text_only() {
        let s = Selection::exact("--target", "paper", "01");
        assert_eq!(s.text, "paper=01");
        assert!(s.conditions[0].matches("01"));
        for other in ["1", "1.0", " 01", ""] {
            assert!(!s.conditions[0].matches(other), "{other:?}");
        }
    }

    #[test]
    fn an_empty_value_matches_nothing() {
        for op in [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Is] {
            assert!(!cond("date", op, "2021-01-01").matches(""), "{op:?}");
        }
    }

    #[test]
    fn selects_issues_by_metadata_and_id() {
        let columns = vec!["newspaper".to_string(), "date".to_string()];
        let meta = [
            vec!["吕梁日报".to_string(), "2022-10-28".to_string()],
            vec!["朔州日报".to_string(), "2022-11-20".to_string()],
            vec!["吕梁日报".to_string(), "2020-02-10".to_string()],
            vec![String::new(), String::new()],
        ];
        let ids = ["a", "b", "c", "d"];
        let pick = |expr: &str| {
            Selection::parse("--target", expr)
                .unwrap()
                .select(
                    &columns,
                    ids.iter().copied().zip(meta.iter().map(Vec::as_slice)),
                )
                .unwrap()
        };
        assert_eq!(pick("date<2021-01-01"), [false, false, true, false]);
        assert_eq!(pick("newspaper!=朔州日报"), [true, false, true, false]);
        assert_eq!(
            pick("newspaper=吕梁日报&date>2021"),
            [true, false, false, false]
        );
        assert_eq!(pick("issue=d"), [false, false, false, true]);
        let err = Selection::parse("--target", "editor=x")
            .unwrap()
            .select(&columns, std::iter::empty())
            .unwrap_err();
        assert!(err.is_usage());
        assert_eq!(
            err.to_string(),
            "--target `editor=x`: no metadata column `editor` (available: issue, newspaper, date)"
        );
    }
}
