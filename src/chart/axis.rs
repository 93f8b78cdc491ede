//! Axes: "nice" steps and ticks (1, 2, 2.5 or 5 × 10^k, as matplotlib's `MaxNLocator` and
//! R's `pretty` choose them), tick labels with thousands separators and a true minus sign,
//! and axis titles.
//!
//! Two ways to choose a step, for two kinds of axis:
//! - [`nice_step`]: an axis from 0 up to a maximum, in about `target` intervals (bar lengths,
//!   the per-issue panels); [`ticks`] and [`nice_top`] then give the ticks and the axis' top.
//! - [`nice_ticks`]: any range, possibly across 0 (the signed G² of keyness), with at most
//!   `max_count` ticks.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::DrawResult;
use super::text::{fit, text};
use super::theme;

/// The mantissas of nice steps.
const NICE: [f64; 4] = [1.0, 2.0, 2.5, 5.0];

/// The power of ten at or below `x` (> 0).
fn magnitude(x: f64) -> f64 {
    10f64.powi(x.log10().floor() as i32)
}

/// The smallest nice step at or above `max / target`: about `target` intervals from 0 to
/// `max` (a step of at least 1 when `integer`: counts have no half occurrences).
pub fn nice_step(max: f64, target: usize, integer: bool) -> f64 {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / target.max(1) as f64;
    let mag = magnitude(raw);
    let f = raw / mag;
    let nice = NICE.iter().copied().find(|&m| f <= m).unwrap_or(10.0);
    let step = nice * mag;
    if integer { step.max(1.0).round() } else { step }
}

/// Ticks 0, step, 2·step, ... up to `max` (inclusive, allowing for rounding).
pub fn ticks(max: f64, step: f64) -> Vec<f64> {
    (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= max * (1.0 + 1e-9) + 1e-12)
        .take(1000)
        .collect()
}

/// The smallest multiple of `step` at or above `max` (the top of an axis that starts at 0).
pub fn nice_top(max: f64, step: f64) -> f64 {
    let n = (max / step - 1e-9).ceil().max(1.0);
    n * step
}

/// The multiples of a nice step in `[lo, hi]`, the step the smallest that gives at most
/// `max_count` ticks; and the step.
pub fn nice_ticks(lo: f64, hi: f64, max_count: usize) -> (Vec<f64>, f64) {
    let max_count = max_count.max(2);
    let span = (hi - lo).abs().max(f64::MIN_POSITIVE);
    let mut mag = magnitude(span / (max_count - 1) as f64);
    let step = loop {
        if let Some(s) = NICE
            .iter()
            .map(|m| m * mag)
            .find(|s| (((hi / s).floor() - (lo / s).ceil()) as usize) < max_count)
        {
            break s;
        }
        mag *= 10.0;
    };
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, step)
}

/// The decimals a tick label needs to show the multiples of `step` exactly (0.25 → 2,
/// 2.5 → 1, 50 → 0).
pub fn tick_decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// A tick value of an axis of `step`: the decimals the step needs, thousands separated by
/// commas, a true minus sign, and no "−0".
pub fn tick_label(v: f64, step: f64) -> String {
    let s = format!("{:.*}", tick_decimals(step), v);
    let (minus, digits) = match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => ("", rest),
        Some(rest) => ("−", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_at(digits.find('.').unwrap_or(digits.len()));
    format!("{minus}{}{frac}", group_thousands(int))
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: i64) -> String {
    let digits = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 { format!("-{digits}") } else { digits }
}

/// A string of digits with a comma before every third from the right.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An axis title: `title` at `px`, shortened to the axis' extent `span` (from, to) and
/// centred on it, its ink centred on `at` across the axis; `upright` for a y axis (reading
/// upwards, `span` then running down the canvas).
pub fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    px: f64,
    (from, to): (f64, f64),
    at: f64,
    upright: bool,
) -> DrawResult<DB> {
    let mid = (from + to) / 2.0;
    let pos = if upright { (at, mid) } else { (mid, at) };
    let s = fit(title, px, to - from);
    text(area, &s, pos, px, &theme::TEXT, HPos::Center, upright)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_from_zero() {
        assert_eq!(nice_step(159.0, 5, false), 50.0);
        assert_eq!(nice_step(0.8, 4, false), 0.2);
        assert_eq!(nice_step(3.0, 6, true), 1.0);
        assert_eq!(nice_step(11.0, 5, false), 2.5);
        assert_eq!(nice_step(0.0, 5, false), 0.2);
        assert_eq!(ticks(159.0, 50.0), [0.0, 50.0, 100.0, 150.0]);
        assert_eq!(nice_top(159.0, 50.0), 200.0);
        assert_eq!(nice_top(150.0, 50.0), 150.0);
    }

    #[test]
    fn ticks_in_a_range() {
        let (t, step) = nice_ticks(0.0, 41.6, 6);
        assert_eq!(step, 10.0);
        assert_eq!(t, [0.0, 10.0, 20.0, 30.0, 40.0]);
        let (_, step) = nice_ticks(0.0, 1.3, 6);
        assert_eq!(step, 0.25);
        let (t, step) = nice_ticks(-412.0, 655.0, 8);
        assert_eq!(step, 200.0);
        assert_eq!(t, [-400.0, -200.0, 0.0, 200.0, 400.0, 600.0]);
    }

    #[test]
    fn labels() {
        assert_eq!(tick_decimals(0.25), 2);
        assert_eq!(tick_decimals(20.0), 0);
        assert_eq!(tick_label(2500.0, 500.0), "2,500");
        assert_eq!(tick_label(0.4, 0.2), "0.4");
        assert_eq!(tick_label(7.5, 2.5), "7.5");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
        assert_eq!(tick_label(-200.0, 100.0), "−200");
        assert_eq!(tick_label(-1500.0, 500.0), "−1,500");
        assert_eq!(tick_label(1250.5, 0.5), "1,250.5");
        assert_eq!(tick_label(-0.0, 0.5), "0.0");
        assert_eq!(tick_label(-1e-12, 0.5), "0.0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(-1000), "-1,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
    }
}
