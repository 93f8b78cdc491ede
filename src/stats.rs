//! Corpus statistics: association measures, keyness, dispersion, TF-IDF,
//! Shannon entropy, exact Poisson intervals and the G² test of a 2×k table
//! (with the beta, gamma and χ² distributions behind them).
//!
//! Everything here is a pure function of counts, so it uses nothing but `std`
//! and can be tested on its own. Counts arrive as `u64` and are converted to
//! `f64` once; table cells are formed in `f64` so that inconsistent input
//! (for example a joint count larger than a marginal) can never underflow an
//! unsigned subtraction and panic. No function here panics: invalid input
//! yields NaN (or `None`) as documented on each function.

use std::cmp::Ordering;
use std::f64::consts::FRAC_2_SQRT_PI;

/// `o · ln(o / e)`, the summand of the log-likelihood statistic G², with the
/// limit convention `0 · ln 0 = 0`.
///
/// The convention is the continuous extension of `o ln o` at 0 and is what
/// Dunning (1993, "Accurate Methods for the Statistics of Surprise and
/// Coincidence") and Evert (2005, "The Statistics of Word Cooccurrences",
/// §3.1) use; without it an empty cell would turn the whole sum into NaN.
pub fn xlnx_ratio(o: f64, e: f64) -> f64 {
    if o == 0.0 { 0.0 } else { o * (o / e).ln() }
}

/// G² = 2 · Σ O_ij · ln(O_ij / E_ij) over a 2×2 table given row by row as
/// `[O11, O12, O21, O22]`, with E_ij = R_i · C_j / N.
///
/// Negative cells are clamped to 0 and the marginals and N are recomputed
/// from the (clamped) cells, so that O and E always have the same totals and
/// the statistic stays non-negative even for inconsistent input.
fn g2_2x2(cells: [f64; 4]) -> f64 {
    let [o11, o12, o21, o22] = cells.map(|c| c.max(0.0));
    let n = o11 + o12 + o21 + o22;
    let (r1, r2) = (o11 + o12, o21 + o22);
    let (c1, c2) = (o11 + o21, o12 + o22);
    let sum = xlnx_ratio(o11, r1 * c1 / n)
        + xlnx_ratio(o12, r1 * c2 / n)
        + xlnx_ratio(o21, r2 * c1 / n)
        + xlnx_ratio(o22, r2 * c2 / n);
    2.0 * sum
}

/// Association measures of a pair (x, y) in N co-occurrence positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// Pointwise mutual information log2(O11 / E11) (Church & Hanks 1990).
    pub pmi: f64,
    /// Normalised PMI in [−1, 1] (Bouma 2009); `None` when O11 ≥ N.
    pub npmi: Option<f64>,
    /// t-score (O11 − E11) / √O11 (Church et al. 1991; Evert 2005).
    pub t_score: f64,
    /// logDice 14 + log2(2·O11 / (f(x) + f(y))) (Rychlý 2008).
    pub log_dice: f64,
    /// Log-likelihood G² over the full 2×2 table (Dunning 1993).
    pub g2: f64,
}

/// Association scores of the pair (x, y) from its 2×2 contingency table.
///
/// Notation follows Evert (2005, "The Statistics of Word Cooccurrences",
/// ch. 3): O11 = `o11` is the joint count, f(x) = `f_x` the count of x as
/// first member, f(y) = `f_y` the count of y as second member, N = `n` the
/// number of positions, and E11 = f(x)·f(y)/N the count expected under
/// independence.
///
/// * `pmi` = log2(O11 / E11) (Church & Hanks 1990).
/// * `npmi` = log2(O11 / E11) / −log2(O11 / N) (Bouma 2009, "Normalized
///   (Pointwise) Mutual Information in Collocation Extraction"). The
///   normaliser −log2 p(x, y) is 0 when O11 = N, so the score is undefined
///   there and `None` is returned (also for O11 > N, which is inconsistent).
/// * `t_score` = (O11 − E11) / √O11 (Church et al. 1991; Evert 2005 §4.1),
///   approximating the sample variance by O11.
/// * `log_dice` = 14 + log2(2·O11 / (f(x) + f(y))) (Rychlý 2008, "A
///   Lexicographer-Friendly Association Score"); the 14 puts the maximum at
///   14 and keeps realistic values positive, and the score does not depend on
///   N, so it is comparable across corpora.
/// * `g2` = 2 · Σ O_ij · ln(O_ij / E_ij) over the full table
///   O11, O12 = f(x) − O11, O21 = f(y) − O11, O22 = N − f(x) − f(y) + O11,
///   with E_ij = R_i · C_j / N and 0 · ln 0 = 0 (Dunning 1993). The table is
///   built in `f64` and a negative cell (possible only for inconsistent
///   input) is clamped to 0 rather than underflowing.
///
/// Precondition: `o11 ≥ 1` and `n ≥ 1` (a pair that was never seen has no
/// finite PMI). If it is violated, every float field is NaN and `npmi` is
/// `None`; the function never panics.
pub fn association(o11: u64, f_x: u64, f_y: u64, n: u64) -> Association {
    if o11 == 0 || n == 0 {
        return Association {
            pmi: f64::NAN,
            npmi: None,
            t_score: f64::NAN,
            log_dice: f64::NAN,
            g2: f64::NAN,
        };
    }
    let (o, fx, fy, nn) = (o11 as f64, f_x as f64, f_y as f64, n as f64);
    let e11 = fx * fy / nn;
    let pmi = (o / e11).log2();
    let npmi = (o11 < n).then(|| pmi / -(o / nn).log2());
    let t_score = (o - e11) / o.sqrt();
    let log_dice = 14.0 + (2.0 * o / (fx + fy)).log2();
    let g2 = g2_2x2([o, fx - o, fy - o, nn - fx - fy + o]);
    Association {
        pmi,
        npmi,
        t_score,
        log_dice,
        g2,
    }
}

/// Keyness of a word in a target corpus against a reference corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Signed log-likelihood: positive = over-used in the target.
    pub g2: f64,
    /// χ²(1 df) upper-tail probability of |g2|.
    pub p_value: f64,
    /// Hardie's (2014) binary log of the ratio of relative frequencies.
    pub log_ratio: f64,
    /// Gabrielatos & Marchi's (2012) %DIFF.
    pub pct_diff: f64,
    /// Hardie's conservative log ratio (Evert's LRC): the bound of the log ratio's
    /// Clopper–Pearson interval nearest 0, or 0 when the interval holds 0.
    pub lr_conservative: f64,
}

/// The default α of `lr_conservative`'s two-sided interval: 0.05, a 95% interval.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// Keyness of a word with count `a` in a target corpus of `c1` tokens and
/// count `b` in a reference corpus of `c2` tokens; `alpha` is the two-sided
/// level of the interval behind `lr_conservative` (0.05 for 95%).
///
/// * `g2` is the log-likelihood of Rayson & Garside (2000, "Comparing corpora
///   using frequency profiling") in the four-cell form AntConc uses:
///   2 · Σ O · ln(O / E) over the table [a, b; c1 − a, c2 − b] with
///   E = row total · column total / (c1 + c2) and 0 · ln 0 = 0 (Dunning 1993).
///   G² itself is a two-sided, non-negative statistic; it is reported
///   **signed** so that one column tells both strength and direction: positive
///   when a/c1 > b/c2 (key in the target), negative when a/c1 < b/c2
///   (under-used in the target), exactly 0 when the relative frequencies are
///   equal. The magnitude is always the LL value. The direction is decided on
///   exact integers, a·c2 against b·c1.
/// * `p_value` is the upper tail of χ² with 1 degree of freedom at |g2|,
///   p = erfc(√(|g2| / 2)) (see [`chi2_sf_1df`]).
/// * `log_ratio` = log2((a′/c1) / (b′/c2)) (Hardie 2014, "Log Ratio – an
///   informal introduction"), where a′ = a, or 0.5 if a = 0, and b′ likewise;
///   the 0.5 substitution is Hardie's, so that a word absent from one corpus
///   still gets a finite effect size.
/// * `pct_diff` = 100 · (a′/c1 − b′/c2) / (b′/c2) (Gabrielatos & Marchi 2012,
///   "Keyness: appropriate metrics and practical issues"), with the same 0.5
///   substitution.
/// * Both take the direction of g2: where the 0.5 substitute would give them
///   the sign opposite to that of a/c1 − b/c2, they are 0, for the data carry
///   no estimate of the size there. This happens when the corpora differ in
///   size more than twofold: a = 0, b = 1 with c2 > 2·c1 gives
///   0.5/c1 > 1/c2, a "positive" log ratio for a word the target never uses.
///   The test is exact: for a = 0 < b the substitute keeps the direction iff
///   0.5·c2 < b·c1, i.e. ⌊c2/2⌋ < b·c1 in integers (b = 0 < a likewise). When
///   the two relative frequencies are equal (a·c2 = b·c1, a = b = 0 included)
///   both are exactly 0.
/// * `lr_conservative` is Hardie's conservative log ratio, Evert's LRC as
///   CQPweb computes it (Hardie 2014; Stephanie Evert 2022, "Measuring
///   keyness", Digital Humanities 2022; R `corpora::keyness`, measure LRC): with
///   n = a + b, the exact two-sided 1 − α Clopper–Pearson (1934) interval
///   [p_lo, p_hi] of the binomial share p = a/n of the target in the word's
///   n occurrences, mapped by f(p) = log2(p/(1 − p) · c2/c1) — the log ratio
///   the share p would give — and reported as the bound nearest 0, or 0 when
///   f(p_lo) ≤ 0 ≤ f(p_hi); see [`lr_conservative`]. Unlike `log_ratio` it
///   needs no substitute for a zero count and shrinks towards 0 when the
///   counts are too small to show the size of the difference.
///
/// If `c1` or `c2` is 0 the relative frequencies are undefined and every
/// field is NaN; an `alpha` outside (0, 1) makes `lr_conservative` NaN.
/// Counts larger than their corpus size are clamped in the G² table instead
/// of panicking.
pub fn keyness(a: u64, b: u64, c1: u64, c2: u64, alpha: f64) -> Keyness {
    if c1 == 0 || c2 == 0 {
        return Keyness {
            g2: f64::NAN,
            p_value: f64::NAN,
            log_ratio: f64::NAN,
            pct_diff: f64::NAN,
            lr_conservative: f64::NAN,
        };
    }
    let (af, bf, c1f, c2f) = (a as f64, b as f64, c1 as f64, c2 as f64);
    // Decide the direction on exact integers: a/c1 vs b/c2 ⇔ a·c2 vs b·c1,
    // which cannot overflow in u128 and is immune to rounding near equality.
    let direction = (u128::from(a) * u128::from(c2)).cmp(&(u128::from(b) * u128::from(c1)));
    let magnitude = g2_2x2([af, bf, c1f - af, c2f - bf]).abs();
    let g2 = match direction {
        Ordering::Greater => magnitude,
        Ordering::Less => -magnitude,
        Ordering::Equal => 0.0,
    };
    // Whether the 0.5 substitute keeps that direction, also on integers. Only
    // a zero count is replaced, so with a, b > 0 it always does;
    // 0.5/c1 < b/c2 ⇔ c2 < 2·b·c1 ⇔ ⌊c2/2⌋ < b·c1 (no overflow), and the same
    // with the roles swapped when b = 0 < a.
    let substitute_agrees = match (a, b) {
        (0, 0) => false,
        (0, _) => u128::from(c2) / 2 < u128::from(b) * u128::from(c1),
        (_, 0) => u128::from(c1) / 2 < u128::from(a) * u128::from(c2),
        _ => direction != Ordering::Equal,
    };
    let (log_ratio, pct_diff) = if substitute_agrees {
        let smooth = |x: u64| if x == 0 { 0.5 } else { x as f64 };
        let rel_target = smooth(a) / c1f;
        let rel_reference = smooth(b) / c2f;
        (
            (rel_target / rel_reference).log2(),
            100.0 * (rel_target - rel_reference) / rel_reference,
        )
    } else {
        (0.0, 0.0)
    };
    Keyness {
        g2,
        p_value: chi2_sf_1df(g2.abs()),
        log_ratio,
        pct_diff,
        lr_conservative: lr_conservative(a, b, c1, c2, alpha),
    }
}

/// Hardie's conservative log ratio (Evert's LRC, as in CQPweb) of a word seen
/// `a` times in a target corpus of `c1` tokens and `b` times in a reference
/// corpus of `c2` tokens, at two-sided level `alpha`.
///
/// Given its n = a + b occurrences, the number k = a of them in the target is
/// binomial with share p = (a/c1)/(a/c1 + b/c2) of the rates, so the log ratio
/// log2((a/c1)/(b/c2)) is f(p) = log2(p/(1 − p) · c2/c1) (f(0) = −∞,
/// f(1) = +∞). The exact (Clopper & Pearson 1934, "The use of confidence or
/// fiducial limits illustrated in the case of the binomial") 1 − α interval of
/// p is
///
/// * p_lo = B⁻¹(α/2; k, n − k + 1), or 0 when k = 0,
/// * p_hi = B⁻¹(1 − α/2; k + 1, n − k), or 1 when k = n,
///
/// B⁻¹(q; a, b) being the q-quantile of the Beta(a, b) distribution. The result
/// is f(p_lo) when that is > 0 (key in the target even at the interval's lower
/// end), f(p_hi) when that is < 0, and 0 when the interval holds 0 (the data do
/// not show which corpus uses the word more). Its sign, when not 0, is that of
/// `g2`, since p_lo ≤ k/n ≤ p_hi.
///
/// p_hi is computed as the complement of the α/2-quantile of Beta(n − k, k + 1)
/// and both bounds as log-odds ln(p/(1 − p)) (see [`beta_quantile_logit`]), so
/// that neither p near 0 nor p near 1 loses precision to 1 − p.
///
/// NaN when `c1` or `c2` is 0 or `alpha` is outside (0, 1); 0 when a = b = 0.
pub fn lr_conservative(a: u64, b: u64, c1: u64, c2: u64, alpha: f64) -> f64 {
    if c1 == 0 || c2 == 0 || !(alpha > 0.0 && alpha < 1.0) {
        return f64::NAN;
    }
    let (af, bf) = (a as f64, b as f64);
    let shift = (c2 as f64 / c1 as f64).ln();
    let f = |logit: f64| (logit + shift) / std::f64::consts::LN_2;
    let tail = alpha / 2.0;
    let low = if a == 0 {
        f64::NEG_INFINITY
    } else {
        f(beta_quantile_logit(tail, af, bf + 1.0))
    };
    let high = if b == 0 {
        f64::INFINITY
    } else {
        f(-beta_quantile_logit(tail, bf, af + 1.0))
    };
    if low > 0.0 {
        low
    } else if high < 0.0 {
        high
    } else {
        0.0
    }
}

/// The q-quantile of the Beta(a, b) distribution, x = I⁻¹_q(a, b): the x in
/// [0, 1] with I_x(a, b) = q, I the regularized incomplete beta function
/// ([`beta_reg`]). It is 1/(1 + e^(−t)) of t = [`beta_quantile_logit`]; use that
/// instead where 1 − x matters near x = 1.
pub fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    let t = beta_quantile_logit(q, a, b);
    if t.is_nan() {
        return t;
    }
    1.0 / (1.0 + (-t).exp())
}

/// The q-quantile of Beta(a, b) as log-odds t = ln(x/(1 − x)), x = I⁻¹_q(a, b)
/// (−∞ for q ≤ 0, +∞ for q ≥ 1, NaN when q is NaN or a, b are not finite and
/// positive).
///
/// Solved on t rather than x: the share x = 1/(1 + e^(−t)) and its complement
/// 1 − x = 1/(1 + e^t) both keep full relative precision, however near 0 or 1
/// the quantile lies. Newton's method on h(t) = ln I_x(a, b) − ln q (for
/// q ≤ ½; ln(1 − I) and ln(1 − q) above): since dI/dt = x^a (1 − x)^b / B(a, b)
/// = P (the prefactor of [`beta_reg`]'s continued fraction), h′ = P/I. The
/// density of t, x^a (1 − x)^b / B(a, b), is log-concave, so ln I and ln(1 − I)
/// are concave in t and Newton's iterates overshoot the root at most once
/// before approaching it monotonically; they are nevertheless kept inside a
/// bracket of the root
/// (bisection when a step would leave it, doubling steps while one side is
/// unknown). The iteration starts at t = ln(a/b), near the median, and ends
/// with the Newton step that is below 1e−11·max(1, |t|) (quadratic convergence
/// leaves an error far smaller), or when the bracket is that narrow; at most 200
/// steps.
///
/// Accuracy (test `beta_quantile_against_references`; 35-digit references from mpmath
/// summing the binomial tail): t is within 2e−14 of the exact root for shapes
/// up to 10⁷ except when one shape is large and the other small (a = 10⁷,
/// b = 2: 1e−11, still better than SciPy 1.17's `beta.ppf` there, off by 7e−11;
/// it is off by 1e−8 at a = 1000, b = 999001, where this is within 1e−16).
/// Usually 5 to 9 evaluations of I.
pub fn beta_quantile_logit(q: f64, a: f64, b: f64) -> f64 {
    if q.is_nan() || !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return f64::NAN;
    }
    if q <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if q >= 1.0 {
        return f64::INFINITY;
    }
    let upper = q > 0.5;
    let ln_target = if upper { (-q).ln_1p() } else { q.ln() };
    solve_tail(ln_target, upper, (a / b).ln(), |t| {
        Tails::at(a, b, LogitPoint::new(t))
    })
}

/// The root t of F(t) = q (`upper` false, `ln_target` = ln q) or of 1 − F(t) = q (`upper`
/// true, `ln_target` = ln q) for a distribution function F of t with a log-concave
/// density, 0 < q < 1, from `tails(t)` = (ln F, ln(1 − F), ln F′) at t; Newton's method
/// from `start` (see [`beta_quantile_logit`], which documents the iteration, and
/// [`gamma_quantile`]).
///
/// Newton on h(t) = ln F − ln q (lower tail; ln q − ln(1 − F) for the upper tail), h′ =
/// F′/F (or F′/(1 − F)): ln F and ln(1 − F) are concave for a log-concave density, so the iterates
/// overshoot the root at most once; they are kept inside a bracket of the root (bisection
/// when a step would leave it, doubling steps while one side is unknown). Ends with the
/// Newton step below 1e−11·max(1, |t|) (quadratic convergence leaves an error far
/// smaller), or when the bracket is that narrow; at most 200 steps.
fn solve_tail(ln_target: f64, upper: bool, start: f64, tails: impl Fn(f64) -> Tails) -> f64 {
    // h(t), increasing in t, and h′(t).
    let eval = |t: f64| -> (f64, f64) {
        let tails = tails(t);
        if upper {
            (
                ln_target - tails.ln_upper,
                (tails.ln_prefactor - tails.ln_upper).exp(),
            )
        } else {
            (
                tails.ln_lower - ln_target,
                (tails.ln_prefactor - tails.ln_lower).exp(),
            )
        }
    };
    const TOL: f64 = 1e-11;
    // The root lies in (lo, hi): h(lo) < 0 < h(hi).
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    let mut t = start;
    let mut width = 1.0_f64;
    for _ in 0..200 {
        let (h, dh) = eval(t);
        if h == 0.0 {
            return t;
        }
        if h < 0.0 {
            lo = t;
        } else if h > 0.0 {
            hi = t;
        } else {
            return f64::NAN;
        }
        let newton = t - h / dh;
        let next = if newton.is_finite() && newton > lo && newton < hi {
            newton
        } else if lo.is_finite() && hi.is_finite() {
            0.5 * (lo + hi)
        } else {
            width *= 2.0;
            if lo.is_finite() {
                lo + width
            } else {
                hi - width
            }
        };
        // Newton converges quadratically: after a step below 1e−11·|t| the error is far
        // below the rounding noise of h, which could otherwise keep steps from shrinking.
        let scale = t.abs().max(1.0);
        if (newton - t).abs() <= TOL * scale {
            return newton;
        }
        if hi - lo <= TOL * scale {
            return 0.5 * (lo + hi);
        }
        t = next;
    }
    t
}

/// The regularized incomplete beta function
/// I_x(a, b) = (1/B(a, b)) ∫₀ˣ s^(a−1) (1 − s)^(b−1) ds, the Beta(a, b) CDF, for
/// a, b > 0 and x in [0, 1] (NaN otherwise).
///
/// For integer shapes it is a binomial tail: I_p(k, n − k + 1) = P(X ≥ k) for
/// X ~ Binomial(n, p). Computed as
///
/// I_x(a, b) = P · K / a,   P = x^a (1 − x)^b / B(a, b),
///
/// with K the continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))),
/// d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
/// d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)) (Abramowitz & Stegun 1964,
/// 26.5.8; Numerical Recipes, 3rd ed., §6.4 `betacf`), evaluated by the modified
/// Lentz algorithm. It converges fast for x < (a + 1)/(a + b + 2), in
/// O(√max(a, b)) terms; above that point I_x(a, b) = 1 − I_(1−x)(b, a) is used.
///
/// The prefactor P is formed without the cancellation of ln Γ(a + b) − ln Γ(a)
/// − ln Γ(b) for large shapes (DiDonato & Morris 1992, TOMS 708, `brcomp`):
/// with x₀ = a/(a + b), y₀ = b/(a + b) and the Stirling remainder
/// δ(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π),
///
/// ln P = a·φ(x/x₀ − 1) + b·φ(y/y₀ − 1) + ½ ln(ab/(2π(a + b))) + δ(a + b) − δ(a) − δ(b),
///
/// φ(u) = ln(1 + u) − u. The linear terms a·u + b·v, u = x/x₀ − 1, v = y/y₀ − 1,
/// cancel since x + y = 1; for them to cancel in floating point too, u and v are
/// both formed from the smaller of x and y, d = x(a + b) − a = b − y(a + b),
/// u = d/a, v = −d/b (else the rounding of x near 1, 1e−16, would be multiplied
/// by a).
/// The first denominator 1 − (a + b)x/(a + 1) is formed from 1 − x when a > b,
/// so that it keeps its precision near x = 1 (for Beta(a, 1), I = x^a exactly).
pub fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if !(a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&x)) {
        return f64::NAN;
    }
    if x == 0.0 {
        return 0.0;
    }
    if x == 1.0 {
        return 1.0;
    }
    Tails::at(a, b, LogitPoint::from_share(x)).ln_lower.exp()
}

/// A point x in (0, 1) with its complement y = 1 − x and both logarithms, each
/// to full relative precision.
#[derive(Debug, Clone, Copy)]
struct LogitPoint {
    x: f64,
    y: f64,
    ln_x: f64,
    ln_y: f64,
}

impl LogitPoint {
    /// From log-odds t = ln(x/y): x = 1/(1 + e^(−t)), y = 1/(1 + e^t).
    fn new(t: f64) -> Self {
        let (ln_x, ln_y) = if t <= 0.0 {
            let l = t.exp().ln_1p();
            (t - l, -l)
        } else {
            let l = (-t).exp().ln_1p();
            (-l, -t - l)
        };
        LogitPoint {
            x: ln_x.exp(),
            y: ln_y.exp(),
            ln_x,
            ln_y,
        }
    }

    /// From the share x itself (y = 1 − x).
    fn from_share(x: f64) -> Self {
        LogitPoint {
            x,
            y: 1.0 - x,
            ln_x: x.ln(),
            ln_y: (-x).ln_1p(),
        }
    }
}

/// The two tails of a distribution and the log-density of the variable the quantile is
/// solved for, at one point: ln I_x(a, b), ln(1 − I_x(a, b)) and ln P for the beta
/// distribution (see [`beta_reg`]); ln P(a, x), ln Q(a, x) and ln D for the gamma
/// distribution (see [`gamma_reg`]).
#[derive(Debug, Clone, Copy)]
struct Tails {
    ln_lower: f64,
    ln_upper: f64,
    ln_prefactor: f64,
}

impl Tails {
    fn at(a: f64, b: f64, p: LogitPoint) -> Self {
        let ln_prefactor = ln_beta_prefactor(a, b, p);
        if ln_prefactor == f64::NEG_INFINITY {
            // x or y is 0 to double precision: all the mass is on one side.
            let below = p.x < p.y;
            return Tails {
                ln_lower: if below { f64::NEG_INFINITY } else { 0.0 },
                ln_upper: if below { 0.0 } else { f64::NEG_INFINITY },
                ln_prefactor,
            };
        }
        // x < (a + 1)/(a + b + 2) ⇔ x·(b + 1) < y·(a + 1)
        if p.x * (b + 1.0) < p.y * (a + 1.0) {
            let ln_lower = ln_prefactor + beta_continued_fraction(a, b, p.x, p.y).ln() - a.ln();
            Tails {
                ln_lower,
                ln_upper: (-ln_lower.exp()).ln_1p(),
                ln_prefactor,
            }
        } else {
            let ln_upper = ln_prefactor + beta_continued_fraction(b, a, p.y, p.x).ln() - b.ln();
            Tails {
                ln_lower: (-ln_upper.exp()).ln_1p(),
                ln_upper,
                ln_prefactor,
            }
        }
    }

    /// ln P(a, x), ln Q(a, x) and ln D at x (with its logarithm `ln_x`), see [`gamma_reg`].
    fn gamma(a: f64, x: f64, ln_x: f64) -> Self {
        let ln_prefactor = ln_gamma_prefactor(a, x, ln_x);
        if x == 0.0 || x.is_infinite() || ln_prefactor == f64::NEG_INFINITY {
            // x is 0, or so far from a that all the mass is on one side.
            let below = x < a;
            return Tails {
                ln_lower: if below { f64::NEG_INFINITY } else { 0.0 },
                ln_upper: if below { 0.0 } else { f64::NEG_INFINITY },
                ln_prefactor,
            };
        }
        if x <= a + 1.0 {
            let ln_lower = ln_prefactor + gamma_series(a, x).ln();
            Tails {
                ln_lower,
                ln_upper: (-ln_lower.exp()).ln_1p(),
                ln_prefactor,
            }
        } else {
            let ln_upper = ln_prefactor + gamma_continued_fraction(a, x).ln();
            Tails {
                ln_lower: (-ln_upper.exp()).ln_1p(),
                ln_upper,
                ln_prefactor,
            }
        }
    }
}

/// ln D = ln(x^a e^(−x) / Γ(a)) in the form of [`gamma_reg`]'s doc, without the
/// cancellation of a ln x − x − ln Γ(a) for large a.
fn ln_gamma_prefactor(a: f64, x: f64, ln_x: f64) -> f64 {
    let u = (x - a) / a;
    // a·(ln(x/a) − u) = a·φ(u)
    let main = if u.abs() <= 0.5 {
        a * ln_1p_minus_x(u)
    } else {
        a * (ln_x - a.ln() - u)
    };
    main + 0.5 * (a / (2.0 * std::f64::consts::PI)).ln() - stirling_remainder(a)
}

/// Σₙ≥₀ xⁿ / (a (a + 1) ⋯ (a + n)), so that P(a, x) = D times it (see [`gamma_reg`]);
/// for x ≤ a + 1, where the terms shrink at least like a geometric series once n > x − a.
fn gamma_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut denominator = a;
    // O(√a) terms are needed; the bound only guards against NaN input.
    for _ in 0..10_000_000_u32 {
        denominator += 1.0;
        term *= x / denominator;
        sum += term;
        if term <= f64::EPSILON * sum {
            break;
        }
    }
    sum
}

/// The continued fraction of [`gamma_reg`] for Q(a, x) = D times it, x > a + 1, by the
/// modified Lentz algorithm (NR §5.2, §6.2 `gcf`).
fn gamma_continued_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let nonzero = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    // O(√a) terms are needed; the bound only guards against NaN input.
    for i in 1..=10_000_000_u32 {
        let i = f64::from(i);
        let an = -i * (i - a);
        b += 2.0;
        d = 1.0 / nonzero(an * d + b);
        c = nonzero(b + an / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// ln(x^a y^b / B(a, b)) in the form of [`beta_reg`]'s doc, without the
/// cancellation of large log-gamma values.
fn ln_beta_prefactor(a: f64, b: f64, p: LogitPoint) -> f64 {
    let s = a + b;
    // d = x·s − a = b − y·s, from the smaller (the more precise) of x and y
    let d = if p.x <= p.y { p.x * s - a } else { b - p.y * s };
    // c·(ln(z/z₀) − u) with z₀ = c/s and u = z/z₀ − 1
    let term = |c: f64, u: f64, ln_z: f64| {
        if u.abs() <= 0.5 {
            c * ln_1p_minus_x(u)
        } else {
            c * (ln_z + (s / c).ln() - u)
        }
    };
    term(a, d / a, p.ln_x)
        + term(b, -d / b, p.ln_y)
        + 0.5 * (a * b / s / (2.0 * std::f64::consts::PI)).ln()
        + stirling_remainder(s)
        - stirling_remainder(a)
        - stirling_remainder(b)
}

/// φ(u) = ln(1 + u) − u for |u| ≤ ½, without the cancellation of the two:
/// with s = u/(2 + u), ln(1 + u) = 2 artanh s = 2(s + s³/3 + s⁵/5 + …) and
/// 2s − u = −u²/(2 + u), so φ(u) = −u²/(2 + u) + 2 Σₖ≥₁ s^(2k+1)/(2k + 1)
/// (|s| ≤ ⅓: about 16 terms).
fn ln_1p_minus_x(u: f64) -> f64 {
    let s = u / (2.0 + u);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    for k in 1..=40_u32 {
        power *= s2;
        let term = power / f64::from(2 * k + 1);
        sum += term;
        if term.abs() <= f64::EPSILON * sum.abs() {
            break;
        }
    }
    -u * u / (2.0 + u) + 2.0 * sum
}

/// The Stirling remainder δ(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π), z > 0.
///
/// For z ≥ 10 the asymptotic series δ(z) = Σₖ B₂ₖ / (2k(2k − 1) z^(2k−1))
/// = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − … (Abramowitz & Stegun 6.1.40; DLMF
/// 5.11.1) to k = 8, whose next term is below 2e−18 there; below 10 by the
/// recurrence δ(w) = δ(w + 1) + g(w) up to w + 1 ≥ 10, from ln Γ(w + 1) = ln Γ(w) + ln w:
/// g(w) = (w + ½) ln(1 + 1/w) − 1 = Σⱼ≥₁ t^(2j)/(2j + 1) with t = 1/(2w + 1) (since
/// ln(1 + 1/w) = 2 artanh t), a sum of positive terms that keeps full precision where
/// ln Γ(z + m) − ln(z ⋯ (z + m − 1)) − ((z − ½) ln z − z + ½ ln 2π) would lose a few
/// digits to cancellation (the direct form for w < ½, where t > ½ and g > 0.09).
fn stirling_remainder(z: f64) -> f64 {
    let series = |z: f64| {
        // B₂ₖ / (2k(2k − 1)) for k = 1..=8
        const C: [f64; 8] = [
            1.0 / 12.0,
            -1.0 / 360.0,
            1.0 / 1260.0,
            -1.0 / 1680.0,
            1.0 / 1188.0,
            -691.0 / 360_360.0,
            1.0 / 156.0,
            -3617.0 / 122_400.0,
        ];
        let w = 1.0 / (z * z);
        C.iter().rev().fold(0.0, |acc, &c| acc * w + c) / z
    };
    if z >= 10.0 {
        return series(z);
    }
    // g(w) = δ(w) − δ(w + 1)
    let step = |w: f64| {
        let t = 1.0 / (2.0 * w + 1.0);
        if t > 0.5 {
            return (w + 0.5) * (1.0 / w).ln_1p() - 1.0;
        }
        let t2 = t * t;
        let mut power = 1.0;
        let mut sum = 0.0;
        for j in 1..=60_u32 {
            power *= t2;
            let term = power / f64::from(2 * j + 1);
            sum += term;
            if term <= f64::EPSILON * sum {
                break;
            }
        }
        sum
    };
    let mut shifted = z;
    let mut steps = 0.0;
    while shifted < 10.0 {
        steps += step(shifted);
        shifted += 1.0;
    }
    series(shifted) + steps
}

/// The continued fraction K of [`beta_reg`] (so that I_x(a, b) = P·K/a), for
/// x < (a + 1)/(a + b + 2), with y = 1 − x given apart; modified Lentz
/// algorithm (Thompson & Barnett 1986; Numerical Recipes §5.2, §6.4).
fn beta_continued_fraction(a: f64, b: f64, x: f64, y: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let nonzero = |v: f64| if v.abs() < TINY { TINY } else { v };
    let s = a + b;
    // 1 − (a + b)x/(a + 1) = ((a + b)y − (b − 1))/(a + 1): the second form loses
    // less near x = 1 (a > b), the first near x = 0.
    let first = if a > b {
        (s * y - (b - 1.0)) / (a + 1.0)
    } else {
        1.0 - s * x / (a + 1.0)
    };
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(first);
    let mut h = d;
    // O(√max(a, b)) terms are needed; the bound only guards against NaN input.
    for m in 1..=1_000_000_u32 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 / nonzero(1.0 + even * d);
        c = nonzero(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (s + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 / nonzero(1.0 + odd * d);
        c = nonzero(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= 2.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// Upper-tail probability P(X ≥ x) of the χ² distribution with 1 degree of
/// freedom: p = erfc(√(x / 2)).
///
/// χ²(1) is the square of a standard normal Z, so P(Z² ≥ x) = 2·P(Z ≥ √x)
/// = erfc(√x / √2). Going through erfc rather than 1 − P(Z < √x) keeps full
/// relative precision for the tiny p-values that large corpora produce.
/// Returns 1 for x ≤ 0 and NaN for NaN.
pub fn chi2_sf_1df(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        erfc((x / 2.0).sqrt())
    }
}

/// Upper-tail probability P(X ≥ x) of the χ² distribution with `df` degrees of
/// freedom: Q(df/2, x/2), Q the regularised upper incomplete gamma function
/// ([`gamma_reg`]), since χ²(ν) is Gamma(ν/2, scale 2) (Abramowitz & Stegun 1964,
/// 26.4.19). Computed as Q itself, not 1 − P, so tiny p-values keep their relative
/// precision. 1 for x ≤ 0; NaN when `df` is not positive or x is NaN.
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    if x.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    gamma_reg(0.5 * df, 0.5 * x).1
}

/// The regularised incomplete gamma functions (P(a, x), Q(a, x)):
/// P(a, x) = (1/Γ(a)) ∫₀ˣ s^(a−1) e^(−s) ds, the Gamma(a, scale 1) distribution
/// function, and Q(a, x) = 1 − P(a, x), for a > 0 and x ≥ 0 (NaN otherwise).
///
/// For an integer a, Q(a, x) = P(Y ≤ a − 1) for Y ~ Poisson(x) (the Poisson–gamma
/// relation, A&S 6.5.13 and 26.4.21), and χ² with ν degrees of freedom has
/// P(χ² ≤ y) = P(ν/2, y/2). With D = x^a e^(−x) / Γ(a):
///
/// * x ≤ a + 1: P = D · Σₙ≥₀ xⁿ / (a (a + 1) ⋯ (a + n)) (A&S 6.5.29; Numerical
///   Recipes, 3rd ed., §6.2 `gser`), Q = 1 − P;
/// * x > a + 1: Q = D · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − ⋯)))
///   (A&S 6.5.31; NR §6.2 `gcf`), by the modified Lentz algorithm, P = 1 − Q.
///
/// Each converges in O(√a) terms on its side. D is formed without the cancellation of
/// a ln x − x − ln Γ(a) for large a (as [`beta_reg`]'s prefactor, after DiDonato &
/// Morris 1986): with u = x/a − 1, φ(u) = ln(1 + u) − u and δ the Stirling remainder,
///
/// ln D = a·φ(u) + ½ ln(a/(2π)) − δ(a).
pub fn gamma_reg(a: f64, x: f64) -> (f64, f64) {
    if !(a > 0.0 && a.is_finite() && x >= 0.0) {
        return (f64::NAN, f64::NAN);
    }
    let t = Tails::gamma(a, x, x.ln());
    (t.ln_lower.exp(), t.ln_upper.exp())
}

/// The p-quantile of the Gamma(a, scale 1) distribution: the x ≥ 0 with P(a, x) = p
/// ([`gamma_reg`]); 0 for p ≤ 0, +∞ for p ≥ 1, NaN when p is NaN or a is not finite and
/// positive. χ²(p; ν)/2 = `gamma_quantile(p, ν/2)`.
///
/// Solved on s = ln x by Newton's method kept inside a bracket (as
/// [`beta_quantile_logit`]): dP/ds = x · x^(a−1) e^(−x)/Γ(a) = D, the prefactor of
/// [`gamma_reg`], and the density of s, e^(as − e^s)/Γ(a), is log-concave, so ln P and
/// ln Q are concave in s and Newton's iterates overshoot at most once. It starts at
/// s = ln a (the mean) and stops after a Newton step below 1e−11·max(1, |s|): the
/// relative error of x is then set by that of P (test `gamma_quantile_against_references`:
/// within 1e−15 of 40-digit mpmath values for a from ½ to 10⁶, 4e−16 for integer a ≥ 1;
/// SciPy 1.17's `chi2.ppf` gives 3.6888794541139354 for −ln 0.025 = 3.6888794541139363).
pub fn gamma_quantile(p: f64, a: f64) -> f64 {
    gamma_quantile_tail(p, a, false)
}

/// The x ≥ 0 with Q(a, x) = p, the upper tail of Gamma(a, 1) ([`gamma_reg`]): the
/// (1 − p)-quantile, solved on the upper tail itself so that 1 − p is never rounded
/// (0 for p ≥ 1, +∞ for p ≤ 0).
pub fn gamma_quantile_upper(p: f64, a: f64) -> f64 {
    gamma_quantile_tail(p, a, true)
}

fn gamma_quantile_tail(p: f64, a: f64, upper: bool) -> f64 {
    if p.is_nan() || !(a > 0.0 && a.is_finite()) {
        return f64::NAN;
    }
    if p <= 0.0 || p >= 1.0 {
        return if (p <= 0.0) == upper {
            f64::INFINITY
        } else {
            0.0
        };
    }
    // Solve on the smaller tail, where ln of the tail keeps its precision; 1 − p is exact
    // for p ≥ ½ (Sterbenz).
    let (p, upper) = if p > 0.5 {
        (1.0 - p, !upper)
    } else {
        (p, upper)
    };
    solve_tail(p.ln(), upper, a.ln(), |s| Tails::gamma(a, s.exp(), s)).exp()
}

/// The exact (Garwood 1936, "Fiducial limits for the Poisson distribution",
/// Biometrika 28; Ulm 1990, "A simple method to calculate the confidence interval of a
/// standardized mortality ratio", Am. J. Epidemiol. 131) two-sided 1 − α interval of the
/// mean μ of a Poisson count x:
///
/// [χ²(α/2; 2x)/2, χ²(1 − α/2; 2x + 2)/2] = [G⁻¹(α/2; x), G⁻¹(1 − α/2; x + 1)],
///
/// G⁻¹(q; a) the q-quantile of Gamma(a, 1) ([`gamma_quantile`]), the lower bound 0 when
/// x = 0. It is the μ at which P(Y ≥ x) = α/2 (lower) and P(Y ≤ x) = α/2 (upper) for
/// Y ~ Poisson(μ), so each side misses with probability at most α/2 (conservative).
/// NaN bounds when `alpha` is outside (0, 1).
pub fn poisson_interval(x: u64, alpha: f64) -> (f64, f64) {
    if !(alpha > 0.0 && alpha < 1.0) {
        return (f64::NAN, f64::NAN);
    }
    let tail = 0.5 * alpha;
    let low = if x == 0 {
        0.0
    } else {
        gamma_quantile(tail, x as f64)
    };
    (low, gamma_quantile_upper(tail, x as f64 + 1.0))
}

/// The G² test of homogeneity of a term's rate over k groups.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homogeneity {
    /// G² = 2 · Σ O · ln(O/E) over the 2×k table.
    pub g2: f64,
    /// k − 1, k the groups with tokens.
    pub df: u64,
    /// Upper tail of χ²(df) at g2; `None` when df = 0 (one group: nothing to compare).
    pub p_value: Option<f64>,
}

/// G² test of homogeneity (Dunning 1993; Rayson & Garside 2000 for two corpora; the
/// log-likelihood form of the χ² test of a 2×k table, as SciPy's
/// `chi2_contingency(table, lambda_="log-likelihood", correction=False)`): whether a term
/// with `counts[i]` occurrences in group i of `totals[i]` counted tokens has the same rate
/// in every group.
///
/// The table has row 1 = xᵢ = `counts[i]` and row 2 = Nᵢ − xᵢ, over the k groups with
/// Nᵢ > 0 (a group without tokens has no rate and is left out); with X = Σ xᵢ and
/// T = Σ Nᵢ, E₁ᵢ = X·Nᵢ/T, E₂ᵢ = (T − X)·Nᵢ/T and G² = 2 · Σ O · ln(O/E) over the 2k
/// cells (0 · ln 0 = 0, [`xlnx_ratio`]); df = k − 1 and p = Q(df/2, G²/2) ([`chi2_sf`]).
/// `None` when no group has tokens. A count above its total is clamped to it (never a
/// panic); G² is clamped at 0 against rounding.
pub fn homogeneity(counts: &[u64], totals: &[u64]) -> Option<Homogeneity> {
    let cells: Vec<(f64, f64)> = counts
        .iter()
        .zip(totals)
        .filter(|&(_, &n)| n > 0)
        .map(|(&x, &n)| (x.min(n) as f64, n as f64))
        .collect();
    let k = cells.len() as u64;
    if k == 0 {
        return None;
    }
    let x_total: f64 = cells.iter().map(|c| c.0).sum();
    let total: f64 = cells.iter().map(|c| c.1).sum();
    let sum: f64 = cells
        .iter()
        .map(|&(x, n)| {
            let e1 = x_total * n / total;
            let e2 = (total - x_total) * n / total;
            xlnx_ratio(x, e1) + xlnx_ratio(n - x, e2)
        })
        .sum();
    let g2 = (2.0 * sum).max(0.0);
    let df = k - 1;
    Some(Homogeneity {
        g2,
        df,
        p_value: (df > 0).then(|| chi2_sf(g2, df as f64)),
    })
}

/// Complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt,
/// accurate to a few ulp over the whole real line (largest relative error
/// found on a dense grid against CPython's `math.erfc`: 2.8e-15, just above x = 1).
///
/// * x < 0: erfc(x) = 2 − erfc(−x) (no cancellation, since erfc(−x) ≤ 1).
/// * 0 ≤ x < 1: 1 − erf(x) with the Maclaurin series
///   erf x = (2/√π) Σₙ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)) (Abramowitz & Stegun 1964,
///   7.1.5). Here erfc(x) > 0.157, so the subtraction loses under 3 bits.
/// * x ≥ 1: the Laplace continued fraction
///   erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
///   (A&S 7.1.14), evaluated with the modified Lentz algorithm (Thompson &
///   Barnett 1986; Numerical Recipes §5.2). It computes erfc directly, so the
///   result keeps full relative precision deep into the tail, where 1 − erf
///   would be all rounding error; about 190 terms are needed at x = 1 and
///   about 10 at x = 10.
/// * x ≥ 27.3: the true value is below half the smallest subnormal, so 0.
///
/// e^(−x²) is evaluated as e^(−hi)·e^(−lo) with x² = hi + lo split exactly by
/// a fused multiply-add: for x ≈ 10 the rounding error of a plain x·x would
/// otherwise cost ~1e-14 relative in the result.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 1.0 {
        return 1.0 - erf_series(x);
    }
    if x >= 27.3 {
        return 0.0;
    }
    let hi = x * x;
    let lo = x.mul_add(x, -hi);
    let exp_neg_x2 = (-hi).exp() * (-lo).exp();
    exp_neg_x2 * (0.5 * FRAC_2_SQRT_PI) / erfc_continued_fraction(x)
}

/// erf(x) by its Maclaurin series; only called for 0 ≤ x < 1, where the
/// terms shrink factorially and 30 of them exceed double precision.
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut power = x; // (−1)ⁿ x²ⁿ⁺¹ / n!
    let mut sum = x;
    for n in 1..=30_u32 {
        power *= -x2 / f64::from(n);
        let term = power / f64::from(2 * n + 1);
        sum += term;
        if term.abs() <= f64::EPSILON * sum.abs() {
            break;
        }
    }
    FRAC_2_SQRT_PI * sum
}

/// Value of K = x + a₁/(x + a₂/(x + …)) with aₙ = n/2 by the modified Lentz
/// algorithm, for x ≥ 1 (where it converges in at most ~190 steps).
fn erfc_continued_fraction(x: f64) -> f64 {
    // Lentz replaces an exact zero denominator by a tiny number; with x ≥ 1
    // and positive aₙ that never happens, but the guard costs nothing.
    const TINY: f64 = 1e-300;
    let nonzero = |v: f64| if v == 0.0 { TINY } else { v };
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for n in 1..=500_u32 {
        let a = 0.5 * f64::from(n);
        d = 1.0 / nonzero(x + a * d);
        c = nonzero(x + a / c);
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    f
}

/// Dispersion of a term over the k parts of a corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    /// Number of parts in which the term occurs.
    pub range: u64,
    /// Juilland's D in [0, 1]; 1 = perfectly even.
    pub juilland_d: Option<f64>,
    /// Gries's DP in [0, 1); 0 = perfectly even.
    pub dp: Option<f64>,
    /// DP normalised to [0, 1] (Lijffijt & Gries 2012).
    pub dp_norm: Option<f64>,
}

/// Dispersion of a term with count `counts[i]` in part `i` of size
/// `part_sizes[i]` tokens.
///
/// With k parts of sizes sᵢ and shares wᵢ = sᵢ / Σs, and term counts vᵢ with
/// shares tᵢ = vᵢ / Σv:
///
/// * `range` = number of parts with vᵢ > 0.
/// * `juilland_d` = 1 − (sd(rᵢ) / mean(rᵢ)) / √(k − 1) with rᵢ = vᵢ / sᵢ and
///   sd the population standard deviation (divisor k) (Juilland &
///   Chang-Rodríguez 1964, "Frequency Dictionary of Spanish Words"). Using
///   relative rather than raw frequencies is what makes D usable for parts of
///   unequal size. √(k − 1) is the largest possible coefficient of variation
///   of k values, so D runs from 0 (all in one part) to 1 (perfectly even).
///   A part with sᵢ = 0 contributes rᵢ = 0 (it can hold no occurrences) but
///   still counts towards k. `None` when k < 2, Σv = 0 or mean(rᵢ) = 0.
/// * `dp` = ½ Σ |tᵢ − wᵢ| (Gries 2008, "Dispersions and adjusted frequencies
///   in corpora"): how much of the term's mass would have to move for its
///   distribution to match the part sizes. `None` when Σv = 0 or Σs = 0.
/// * `dp_norm` = DP / (1 − min wᵢ) (Lijffijt & Gries 2012, correction to
///   Gries 2008): the maximum of DP is 1 − min wᵢ, reached when every
///   occurrence is in the smallest part, so this rescales DP to [0, 1].
///   `None` when `dp` is `None` or 1 − min wᵢ = 0 (a single non-empty part).
///
/// The two slices should have the same length; if they do not, the extra
/// entries of the longer one are ignored.
pub fn dispersion(part_sizes: &[u64], counts: &[u64]) -> Dispersion {
    let parts = || part_sizes.iter().zip(counts).map(|(&s, &v)| (s, v));
    let k = parts().count();
    // Sums in u128 so the zero tests are exact and cannot overflow.
    let sum_s: u128 = parts().map(|(s, _)| u128::from(s)).sum();
    let sum_v: u128 = parts().map(|(_, v)| u128::from(v)).sum();
    let range = parts().filter(|&(_, v)| v > 0).count() as u64;

    let rel_freq = |(s, v): (u64, u64)| if s == 0 { 0.0 } else { v as f64 / s as f64 };
    let juilland_d = if k < 2 || sum_v == 0 {
        None
    } else {
        let kf = k as f64;
        let mean = parts().map(rel_freq).sum::<f64>() / kf;
        if mean == 0.0 {
            None
        } else {
            let var = parts().map(|p| (rel_freq(p) - mean).powi(2)).sum::<f64>() / kf;
            Some(1.0 - (var.sqrt() / mean) / (kf - 1.0).sqrt())
        }
    };

    let (dp, dp_norm) = if sum_v == 0 || sum_s == 0 {
        (None, None)
    } else {
        let (total_s, total_v) = (sum_s as f64, sum_v as f64);
        let dp = 0.5
            * parts()
                .map(|(s, v)| (v as f64 / total_v - s as f64 / total_s).abs())
                .sum::<f64>();
        let min_w = parts()
            .map(|(s, _)| s)
            .min()
            .map_or(0.0, |s| s as f64 / total_s);
        let max_dp = 1.0 - min_w;
        (Some(dp), (max_dp > 0.0).then(|| dp / max_dp))
    };

    Dispersion {
        range,
        juilland_d,
        dp,
        dp_norm,
    }
}

/// Term frequency tf = count / doc_tokens, the relative frequency of a term
/// in one document (Salton & Buckley 1988, "Term-weighting approaches in
/// automatic text retrieval"); normalising by length stops long documents
/// from dominating. An empty document has tf 0.
pub fn tf(count: u64, doc_tokens: u64) -> f64 {
    if doc_tokens == 0 {
        0.0
    } else {
        count as f64 / doc_tokens as f64
    }
}

/// Inverse document frequency idf = ln(D / df) for a term occurring in `df`
/// of `D` documents (Spärck Jones 1972, "A statistical interpretation of term
/// specificity and its application in retrieval"), natural log. A term in
/// every document gets 0: it cannot discriminate between them.
///
/// `doc_freq == 0` gives +∞ (and 0/0 gives NaN); callers only ask about terms
/// that occur, so this is not guarded.
pub fn idf(n_docs: u64, doc_freq: u64) -> f64 {
    (n_docs as f64 / doc_freq as f64).ln()
}

/// Shannon (1948) entropy H = −Σ p ln p in nats of the distribution
/// p = c / Σc given by `counts`; zero counts are skipped (0 · ln 0 = 0), and
/// an empty or all-zero input has entropy 0.
///
/// Used e.g. for branching entropy (the entropy of a string's left or right
/// neighbours). The iterator is consumed in a single pass without allocating,
/// via the identity H = ln T − (1/T) Σ c ln c with T = Σc; the result is
/// clamped at 0 so rounding can never report a negative entropy.
pub fn entropy<I: IntoIterator<Item = u64>>(counts: I) -> f64 {
    let (total, sum_c_ln_c) =
        counts
            .into_iter()
            .filter(|&c| c > 0)
            .fold((0.0_f64, 0.0_f64), |(t, s), c| {
                let c = c as f64;
                (t + c, s + c * c.ln())
            });
    if total == 0.0 {
        return 0.0;
    }
    (total.ln() - sum_c_ln_c / total).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative comparison; `expected == 0` falls back to an absolute check.
    fn close(actual: f64, expected: f64, tol: f64) -> bool {
        if expected == 0.0 {
            actual.abs() <= tol
        } else {
            ((actual - expected) / expected).abs() <= tol
        }
    }

    #[track_caller]
    fn assert_close(actual: f64, expected: f64) {
        assert!(
            close(actual, expected, 1e-12),
            "actual {actual:e} vs expected {expected:e}"
        );
    }

    #[track_caller]
    fn assert_some_close(actual: Option<f64>, expected: f64) {
        match actual {
            Some(v) => assert_close(v, expected),
            None => panic!("expected Some({expected}), got None"),
        }
    }

    #[test]
    fn xlnx_ratio_values() {
        assert_eq!(xlnx_ratio(0.0, 0.0), 0.0); // 0·ln 0 = 0, not NaN
        assert_eq!(xlnx_ratio(0.0, 5.0), 0.0);
        // 2·ln(2/1) = 2 ln 2 = 1.3862943611198906
        assert_close(xlnx_ratio(2.0, 1.0), 1.3862943611198906);
        // 1·ln(1/e) = −1
        assert_close(xlnx_ratio(1.0, std::f64::consts::E), -1.0);
    }

    #[test]
    fn association_worked_bigram() {
        // O11 = 3, f(x) = 4, f(y) = 5, N = 20 ⇒ E11 = 4·5/20 = 1.
        let a = association(3, 4, 5, 20);
        // pmi = log2(3/1) = 1.584962500721156
        assert_close(a.pmi, 1.584962500721156);
        // npmi = log2 3 / −log2(3/20) = 1.584962500721156 / 2.736965594166206
        //      = 0.5790947844209207
        assert_some_close(a.npmi, 0.5790947844209207);
        // t = (3 − 1)/√3 = 2/1.7320508075688772 = 1.1547005383792517
        assert_close(a.t_score, 1.1547005383792517);
        // logDice = 14 + log2(2·3/(4+5)) = 14 + log2(2/3)
        //         = 14 − 0.5849625007211562 = 13.415037499278844
        assert_close(a.log_dice, 13.415037499278844);
        // O = [3, 4−3; 5−3, 20−4−5+3] = [3, 1; 2, 14]
        // rows 4, 16; cols 5, 15 ⇒ E = [4·5, 4·15; 16·5, 16·15]/20 = [1, 3; 4, 12]
        // 3·ln(3/1)   =  3.295836866004329
        // 1·ln(1/3)   = −1.0986122886681098
        // 2·ln(2/4)   = −1.3862943611198906
        // 14·ln(14/12)=  2.158109517581617
        // sum = 2.9690397337979455; G² = 2·sum = 5.938079467595891
        // (closed form: 4 ln(3/2) + 28 ln(7/6))
        assert_close(a.g2, 5.938079467595891);
        assert_close(a.g2, 4.0 * 1.5_f64.ln() + 28.0 * (7.0_f64 / 6.0).ln());
    }

    #[test]
    fn association_second_example() {
        // O11 = 10, f(x) = 50, f(y) = 40, N = 1000 ⇒ E11 = 50·40/1000 = 2.
        let a = association(10, 50, 40, 1000);
        // pmi = log2 5 = 2.321928094887362
        assert_close(a.pmi, 2.321928094887362);
        // npmi = log2 5 / −log2(10/1000) = log2 5 / log2 100 = ln 5 / ln 100
        //      = 0.3494850021680094
        assert_some_close(a.npmi, 0.3494850021680094);
        // t = (10 − 2)/√10 = 2.5298221281347035
        assert_close(a.t_score, 2.5298221281347035);
        // logDice = 14 + log2(20/90) = 11.830074998557688
        assert_close(a.log_dice, 11.830074998557688);
        // O = [10, 40; 30, 920], rows 50, 950, cols 40, 960
        // E = [2, 48; 38, 912]
        // 10 ln 5 + 40 ln(5/6) + 30 ln(15/19) + 920 ln(115/114)
        //   = 16.094379124341003 − 7.2928622717581835 − 7.091663341926912
        //     + 8.03498557125426 = 9.744839081910168; G² = 19.489678163820336
        // Value printed by:
        //   python3 -c "import math; x=lambda o,e: o*math.log(o/e);
        //     print(2*(x(10,2)+x(40,48)+x(30,38)+x(920,912)))"
        assert_close(a.g2, 19.489678163820336);
    }

    #[test]
    fn association_perfect_pair_has_npmi_one() {
        // x and y only ever occur together: O11 = f(x) = f(y) = 1, N = 3.
        // E11 = 1/3, pmi = log2 3, −log2(1/3) = log2 3 ⇒ npmi = 1.
        let a = association(1, 1, 1, 3);
        assert_some_close(a.npmi, 1.0);
        assert_close(a.pmi, 3.0_f64.log2());
        // logDice = 14 + log2(2/2) = 14, its maximum.
        assert_close(a.log_dice, 14.0);
    }

    #[test]
    fn association_o11_equal_n_has_no_npmi() {
        // Every position is the pair: O11 = f(x) = f(y) = N = 5 ⇒ E11 = 5,
        // −log2(5/5) = 0 ⇒ npmi undefined. pmi = log2 1 = 0.
        let a = association(5, 5, 5, 5);
        assert_eq!(a.npmi, None);
        assert_close(a.pmi, 0.0);
        // Table [5, 0; 0, 0] equals its expectation ⇒ G² = 0.
        assert_close(a.g2, 0.0);
        assert_close(a.t_score, 0.0);
    }

    #[test]
    fn association_invalid_input_is_nan_not_panic() {
        let a = association(0, 4, 5, 20);
        assert!(a.pmi.is_nan() && a.t_score.is_nan() && a.log_dice.is_nan() && a.g2.is_nan());
        assert_eq!(a.npmi, None);
        assert!(association(1, 1, 1, 0).pmi.is_nan());
        // Inconsistent counts (O11 > f(x), f(x) + f(y) > N) must not underflow.
        let b = association(7, 3, 2, 4);
        assert!(b.g2.is_finite() && b.g2 >= 0.0);
    }

    #[test]
    fn keyness_antconc_example() {
        // a = 10 in c1 = 1000, b = 20 in c2 = 10000; total 11000.
        // Table [10, 20; 990, 9980]; rows 30, 10970; cols 1000, 10000.
        // E = [1000·30, 10000·30; 1000·10970, 10000·10970]/11000
        //   = [2.7272…, 27.2727…; 997.2727…, 9972.7272…]
        // 10·ln(11/3)          = 12.992829841302608
        // 20·ln(11/15)         = −6.203098566076792
        // 990·ln(1089/1097)    = −7.24614396884711
        // 9980·ln(10978/10970) =  7.2753784887747495
        // sum = 6.818965795153456 ⇒ G² = 13.637931590306911
        // a/c1 = 0.01 > b/c2 = 0.002 ⇒ positive.
        let k = keyness(10, 20, 1000, 10000, DEFAULT_ALPHA);
        assert_close(k.g2, 13.637931590306911);
        // p = erfc(√(13.637931590306911/2)); Python math.erfc gives
        // 0.0002216614927529332.
        assert_close(k.p_value, 0.0002216614927529332);
        // log ratio = log2(0.01/0.002) = log2 5 = 2.321928094887362
        assert_close(k.log_ratio, 2.321928094887362);
        // %DIFF = 100·(0.01 − 0.002)/0.002 = 400
        assert_close(k.pct_diff, 400.0);
        // LRC: n = 30, p_lo = B⁻¹(0.025; 10, 21), p_hi = B⁻¹(0.975; 11, 20), f(p) =
        // log2(p/(1 − p) · 10000/1000); SciPy 1.17:
        // python3 -c "from scipy.stats import beta; import math; f=lambda p: math.log2(p/(1-p)*10);
        //   print(repr(f(beta.ppf(0.025,10,21))), repr(f(beta.ppf(0.975,11,20))))"
        // → 1.0635441173659566 3.484374105667338: the interval lies above 0, so the
        // lower bound, well below the point estimate log2 5 = 2.32.
        assert_close(k.lr_conservative, 1.0635441173659566);
    }

    #[test]
    fn keyness_sign_flips_when_underused() {
        // Swapping target and reference gives the same table transposed, so
        // the same |G²| and p, but the word is now under-used in the target.
        let k = keyness(20, 10, 10000, 1000, DEFAULT_ALPHA);
        assert_close(k.g2, -13.637931590306911);
        assert_close(k.p_value, 0.0002216614927529332);
        assert_close(k.log_ratio, -2.321928094887362);
        // %DIFF = 100·(0.002 − 0.01)/0.01 = −80
        assert_close(k.pct_diff, -80.0);
        // The mirror image of the interval above: [−3.484…, −1.0635…], so −1.0635….
        assert_close(k.lr_conservative, -1.0635441173659566);
    }

    #[test]
    fn keyness_zero_count_substitution() {
        // a = 0 ⇒ a′ = 0.5: rel target = 0.5/1000 = 0.0005, rel ref = 20/10000 = 0.002.
        let k = keyness(0, 20, 1000, 10000, DEFAULT_ALPHA);
        // log2(0.0005/0.002) = log2(1/4) = −2 (the same sign as 0/1000 − 20/10000 < 0,
        // so the substitute stands)
        assert_close(k.log_ratio, -2.0);
        // 100·(0.0005 − 0.002)/0.002 = −75
        assert_close(k.pct_diff, -75.0);
        // G² uses the real 0: table [0, 20; 1000, 9980], E11 = 1000·20/11000.
        // 0 + 20 ln(20·11000/(10000·20)) + 1000 ln(1000·11000/(1000·10980))
        //   + 9980 ln(9980·11000/(10000·10980)), doubled; Python prints
        // 3.816048190549406, negative because 0/1000 < 20/10000.
        assert_close(k.g2, -3.816048190549406);
        assert_close(
            k.g2,
            -2.0 * (20.0 * (1.1_f64).ln()
                + 1000.0 * (11000.0_f64 / 10980.0).ln()
                + 9980.0 * (9980.0 * 11000.0 / (10000.0 * 10980.0_f64)).ln()),
        );
        // p = erfc(√(3.816…/2)) = 0.05076383328930268 (Python math.erfc).
        assert_close(k.p_value, 0.05076383328930268);
    }

    #[test]
    fn keyness_equal_proportions_and_degenerate_input() {
        // 5/1000 = 50/10000 ⇒ no difference at all.
        let k = keyness(5, 50, 1000, 10000, DEFAULT_ALPHA);
        assert_eq!(k.g2, 0.0);
        assert_eq!(k.p_value, 1.0);
        assert_eq!(k.log_ratio, 0.0);
        assert_eq!(k.pct_diff, 0.0);
        assert_eq!(k.lr_conservative, 0.0);
        // Both absent: the rates are equal (0 = 0); the substitute would give
        // 0.5/c1 vs 0.5/c2 ⇒ log2(10000/1000) = log2 10, a difference the data do not
        // have, so 0. Without a single occurrence the interval of p is [0, 1]: LRC 0.
        let z = keyness(0, 0, 1000, 10000, DEFAULT_ALPHA);
        assert_eq!(z.g2, 0.0);
        assert_eq!(
            (z.log_ratio, z.pct_diff, z.lr_conservative),
            (0.0, 0.0, 0.0)
        );
        // Empty corpus ⇒ NaN everywhere, no panic.
        let n = keyness(1, 1, 0, 10, DEFAULT_ALPHA);
        assert!(n.g2.is_nan() && n.p_value.is_nan() && n.log_ratio.is_nan());
        assert!(n.pct_diff.is_nan() && n.lr_conservative.is_nan());
        assert!(keyness(1, 1, 10, 0, DEFAULT_ALPHA).g2.is_nan());
        // An α outside (0, 1) has no interval.
        for alpha in [0.0, 1.0, -0.1, 2.0, f64::NAN] {
            assert!(keyness(10, 20, 1000, 10000, alpha).lr_conservative.is_nan());
        }
        // Count above corpus size is clamped, not an underflow panic.
        assert!(keyness(20, 1, 10, 100, DEFAULT_ALPHA).g2.is_finite());
    }

    #[test]
    fn log_ratio_is_zero_where_the_substitute_flips_the_sign() {
        // a = 0, b = 1, C1 = 1000, C2 = 3000 (more than twofold): the rates are
        // 0/1000 < 1/3000, so g2 < 0; the substitute gives 0.5/1000 = 0.0005 >
        // 1/3000 = 0.000333…, log2(0.0005·3000) = log2 1.5 = +0.585 and %DIFF = +50,
        // the wrong way: both are 0.
        let k = keyness(0, 1, 1000, 3000, DEFAULT_ALPHA);
        assert!(k.g2 < 0.0);
        assert_eq!(k.log_ratio, 0.0);
        assert_eq!(k.pct_diff, 0.0);
        // LRC: k = 0, n = 1: p_lo = 0, p_hi = B⁻¹(0.975; 1, 1) = 0.975 (uniform), so
        // f(p_hi) = log2(0.975/0.025 · 3000/1000) = log2 117 > 0: the interval
        // [−∞, 6.87] holds 0.
        assert_eq!(k.lr_conservative, 0.0);
        // The mirror image: a = 1, b = 0, C1 = 3000, C2 = 1000.
        let m = keyness(1, 0, 3000, 1000, DEFAULT_ALPHA);
        assert!(m.g2 > 0.0);
        assert_eq!(
            (m.log_ratio, m.pct_diff, m.lr_conservative),
            (0.0, 0.0, 0.0)
        );
        // Exactly twofold: 0.5/1000 = 1/2000, the substitute gives 0 either way.
        let e = keyness(0, 1, 1000, 2000, DEFAULT_ALPHA);
        assert_eq!((e.log_ratio, e.pct_diff), (0.0, 0.0));
        // Just under twofold the substitute keeps the sign and stands:
        // log2((0.5/1000)/(1/1999)) = log2 0.9995, %DIFF = 100·(0.9995 − 1) = −0.05.
        let u = keyness(0, 1, 1000, 1999, DEFAULT_ALPHA);
        assert_close(u.log_ratio, 0.9995_f64.log2());
        assert_close(u.pct_diff, -0.05);
        // With b = 2 the twofold limit moves to C2 = 4·C1: 0.5/1000 vs 2/3000 keeps
        // the sign (log2(0.0005·1500) = log2 0.75), 0.5/1000 vs 2/5000 does not.
        assert_close(
            keyness(0, 2, 1000, 3000, DEFAULT_ALPHA).log_ratio,
            0.75_f64.log2(),
        );
        assert_eq!(keyness(0, 2, 1000, 5000, DEFAULT_ALPHA).log_ratio, 0.0);
    }

    #[test]
    fn effect_sizes_point_the_way_g2_does() {
        // Every sign of log_ratio, pct_diff and lr_conservative is that of g2 (or 0),
        // and the conservative estimate is never further from 0 than the point one
        // (p_lo ≤ a/n ≤ p_hi, and f(a/n) is the log ratio when a, b > 0; with a zero
        // count the 0.5 only moves the log ratio further out, or it is 0 and so is LRC).
        let sizes = [(1000, 1000), (1000, 3000), (5000, 700), (10, 100_000)];
        for (c1, c2) in sizes {
            for a in [0, 1, 2, 3, 7, 50] {
                for b in [0, 1, 2, 5, 40] {
                    let k = keyness(a, b, c1, c2, DEFAULT_ALPHA);
                    let sign = k.g2.signum() * f64::from(k.g2 != 0.0);
                    for v in [k.log_ratio, k.pct_diff, k.lr_conservative] {
                        assert!(
                            v == 0.0 || v.signum() == sign,
                            "a={a} b={b} c1={c1} c2={c2}: {k:?}"
                        );
                    }
                    assert!(
                        k.lr_conservative.abs() <= k.log_ratio.abs() + 1e-12,
                        "a={a} b={b} c1={c1} c2={c2}: {k:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn lr_conservative_against_scipy() {
        // (a, b, C1, C2, α, expected). Expected values: SciPy 1.17's Clopper–Pearson
        // bounds mapped by f, the bound nearest 0 taken by hand:
        // python3 -c "from scipy.stats import beta; import math; a,b,c1,c2,al=70,20,100,100,0.05;
        //   f=lambda p: math.log2(p/(1-p)*c2/c1);
        //   print(repr(f(beta.ppf(al/2,a,b+1))), repr(f(beta.ppf(1-al/2,a+1,b))))"
        let cases = [
            // [1.0733866592333638, 2.6029540420462896]: above 0
            (70, 20, 100, 100, 0.05, 1.0733866592333638),
            // α = 0.01, a 99% interval, is wider: [0.8692875113376218, 2.8592121227314364]
            (70, 20, 100, 100, 0.01, 0.8692875113376218),
            // [−2.6332880829311125, −2.0241998594616715]: below 0, the upper bound
            (100, 1000, 1_000_000, 2_000_000, 0.05, -2.0241998594616715),
            // [5.358288876113539, 5.944212495983809]
            (5000, 100, 1_000_000, 1_000_000, 0.05, 5.358288876113539),
            // [1.268315977705246, 10.621063640300731]: 3 vs 1 is enough when C2 = 10·C1
            (3, 1, 100, 1000, 0.05, 1.268315977705246),
        ];
        for (a, b, c1, c2, alpha, expected) in cases {
            let got = lr_conservative(a, b, c1, c2, alpha);
            assert!(
                close(got, expected, 1e-12),
                "({a}, {b}, {c1}, {c2}, {alpha}): {got:e} vs {expected:e}"
            );
        }
        // 3 vs 1 with equal corpora: the same p_lo = 0.19412, p_hi = 0.99369 give
        // [log2(0.19412/0.80588), log2(0.99369/0.00631)] = [−2.05, 7.30], which holds 0.
        assert_eq!(lr_conservative(3, 1, 1000, 1000, 0.05), 0.0);
    }

    #[test]
    fn lr_conservative_edge_cases_by_hand() {
        // a = 0 (k = 0): p_lo = 0, f = −∞; p_hi solves I_p(1, n) = 1 − (1 − p)^n = 0.975,
        // so 1 − p_hi = 0.025^(1/n). n = 50, C1 = C2:
        // f(p_hi) = log2((1 − r)/r), r = 0.025^(1/50) = 0.928878…, = −3.707127079332132
        // (SciPy: math.log2(beta.ppf(0.975,1,50)/(1-beta.ppf(0.975,1,50))) gives the same).
        let r = 0.025_f64.powf(1.0 / 50.0);
        let hand = ((1.0 - r) / r).log2();
        assert_close(hand, -3.707127079332132);
        assert_close(lr_conservative(0, 50, 1000, 1000, 0.05), hand);
        // b = 0 (k = n): p_hi = 1; p_lo solves I_p(n, 1) = p^n = 0.025, p_lo = 0.025^(1/n).
        // n = 30: p_lo = 0.884296…, f = log2(p_lo/(1 − p_lo)) = 2.93410037674075.
        let p = 0.025_f64.powf(1.0 / 30.0);
        let hand = (p / (1.0 - p)).log2();
        assert_close(hand, 2.93410037674075);
        assert_close(lr_conservative(30, 0, 1000, 1000, 0.05), hand);
        // a = 1, b = 0 with C1 = 10·C2: p_lo = 0.025 (n = 1), f = log2(0.025/0.975 / 10)
        // = −8.607…, p_hi = 1: the interval holds 0.
        assert_eq!(lr_conservative(1, 0, 10_000, 1000, 0.05), 0.0);
        // a = b = 0: [0, 1], 0. Empty corpora or a bad α: NaN.
        assert_eq!(lr_conservative(0, 0, 10, 10, 0.05), 0.0);
        assert!(lr_conservative(1, 1, 0, 10, 0.05).is_nan());
        assert!(lr_conservative(1, 1, 10, 10, 1.0).is_nan());
    }

    #[test]
    fn beta_reg_known_values() {
        // SciPy 1.17 scipy.special.betainc(a, b, x), and mpmath
        // mp.betainc(a, b, 0, x, regularized=True) at 35 digits; the tolerance grows
        // where the continued fraction needs O(√max(a, b)) terms (at x near the mean),
        // each adding its rounding error:
        let cases = [
            (10.0, 21.0, 0.3, 0.4111913147592779, 1e-14),
            (2.5, 3.5, 0.4, 0.4869041915261174, 1e-14),
            (0.5, 0.5, 0.1, 0.204_832_764_699_133_46, 1e-14),
            (1.0, 1e6, 1e-6, 0.6321207427683548, 1e-14),
            // symmetric shapes: exactly ½ at x = ½, however large (statrs 0.19's
            // Beta::cdf gives 0.49122 at 10⁶, statrs issue #434: its continued
            // fraction stops at 140 terms)
            (1e5, 1e5, 0.5, 0.5, 1e-13),
            (1e6, 1e6, 0.5, 0.5, 1e-12),
            (3e7, 3e7, 0.5, 0.5, 1e-11),
        ];
        for (a, b, x, expected, tol) in cases {
            let got = beta_reg(a, b, x);
            assert!(
                close(got, expected, tol),
                "I_{x}({a}, {b}) = {got:e}, expected {expected:e}"
            );
        }
        // I_x(1, 1) = x; I_x(a, 1) = x^a; the ends; bad input.
        assert_close(beta_reg(1.0, 1.0, 0.3), 0.3);
        assert_close(beta_reg(40.0, 1.0, 0.9), 0.9_f64.powi(40));
        assert_eq!(
            (beta_reg(2.0, 3.0, 0.0), beta_reg(2.0, 3.0, 1.0)),
            (0.0, 1.0)
        );
        assert!(beta_reg(0.0, 1.0, 0.5).is_nan() && beta_reg(1.0, 1.0, 1.5).is_nan());
    }

    #[test]
    fn beta_quantile_against_references() {
        // (q, a, b, t = logit of the quantile, tolerance): mpmath values (35-digit
        // arithmetic, I_x(a, b) summed as the binomial tail P(X ≥ a), X ~ Bin(a + b − 1, x),
        // root by mp.findroot) rounded to f64; SciPy 1.17's beta.ppf agrees to 1e−15 except
        // where noted.
        let cases: [(f64, f64, f64, f64, f64); 8] = [
            (0.025, 10.0, 21.0, -1.565_392_486_640_717_2, 1e-14),
            (0.975, 11.0, 20.0, 0.112_598_994_365_350_05, 1e-14),
            (0.005, 5000.0, 5001.0, -0.051718184150529, 1e-14),
            (0.025, 1.0, 1e6, -17.491_757_803_259_547, 1e-14),
            (0.025, 999_000.0, 1001.0, 6.844732373363848, 1e-14),
            // SciPy: −6.969754349989252, off by 2.6e−14
            (0.025, 1000.0, 999_001.0, -6.969_754_349_989_278, 1e-14),
            // one shape large, the other small: the least accurate case found
            // (SciPy: 14.400405268763487, off by 6.6e−11)
            (0.025, 9_999_999.0, 2.0, 14.400_405_268_697_093, 1e-11),
            // Beta(1, 1) is uniform: t = ln(0.025/0.975)
            (0.025, 1.0, 1.0, (0.025_f64 / 0.975).ln(), 1e-14),
        ];
        for (q, a, b, expected, tol) in cases {
            let t = beta_quantile_logit(q, a, b);
            assert!(
                (t - expected).abs() <= tol * expected.abs().max(1.0),
                "B⁻¹({q}; {a}, {b}): t = {t}, expected {expected}"
            );
            // and the quantile itself
            let x = beta_quantile(q, a, b);
            let want = 1.0 / (1.0 + (-expected).exp());
            assert!(close(x, want, 1e-10), "{x} vs {want}");
        }
        // Beta(a, 1): x = q^(1/a); Beta(1, b): x = 1 − (1 − q)^(1/b)
        assert_close(beta_quantile(0.3, 7.0, 1.0), 0.3_f64.powf(1.0 / 7.0));
        assert_close(beta_quantile(0.3, 1.0, 7.0), 1.0 - 0.7_f64.powf(1.0 / 7.0));
        // ends and bad input
        assert_eq!(beta_quantile_logit(0.0, 2.0, 3.0), f64::NEG_INFINITY);
        assert_eq!(beta_quantile_logit(1.0, 2.0, 3.0), f64::INFINITY);
        assert!(beta_quantile_logit(f64::NAN, 2.0, 3.0).is_nan());
        assert!(beta_quantile_logit(0.5, 0.0, 3.0).is_nan());
        assert!(beta_quantile_logit(0.5, 2.0, f64::INFINITY).is_nan());
    }

    #[test]
    fn beta_quantile_inverts_beta_reg() {
        // I at the quantile gives q back, across shapes and both tails.
        for (a, b) in [
            (1.0, 1.0),
            (0.5, 3.0),
            (4.0, 17.0),
            (300.0, 2.0),
            (2e4, 3e4),
        ] {
            for q in [1e-6, 0.005, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999] {
                let x = beta_quantile(q, a, b);
                let back = beta_reg(a, b, x);
                assert!(close(back, q, 1e-9), "a={a} b={b} q={q}: x={x}, I={back}");
            }
        }
    }

    #[test]
    fn erfc_known_values() {
        // Reference values: CPython 3 `math.erfc(x)` printed with repr().
        let cases = [
            (0.0, 1.0),
            (0.1, 0.8875370839817152),
            (0.5, 0.4795001221869535),
            (1.0, 0.15729920705028513),
            (1.5, 0.033894853524689274),
            (2.0, 0.004677734981047265),
            (3.0, 2.2090496998585438e-05),
            (4.0, 1.541725790028002e-08),
            (5.0, 1.5374597944280351e-12),
            (6.0, 2.1519736712498916e-17),
            (10.0, 2.088487583762545e-45),
            (20.0, 5.3958656116079005e-176),
            // 24.42² is not exact in f64 (rounding error 5.6e-14): checks the
            // hi + lo split of e^(−x²).
            (24.42, 2.3862071937690397e-261),
        ];
        for (x, want) in cases {
            assert!(
                close(erfc(x), want, 1e-14),
                "erfc({x}) = {:e}, want {want:e}",
                erfc(x)
            );
        }
        // Reflection: erfc(−1) = 2 − erfc(1) = 1.8427007929497148
        assert!(close(erfc(-1.0), 1.8427007929497148, 1e-15));
        assert_eq!(erfc(30.0), 0.0);
        assert_eq!(erfc(f64::INFINITY), 0.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
        assert!(erfc(f64::NAN).is_nan());
    }

    #[test]
    fn chi2_critical_values() {
        // Standard χ²(1) critical values for α = 0.05, 0.01, 0.001.
        assert_close(chi2_sf_1df(3.841458820694124), 0.05);
        assert_close(chi2_sf_1df(6.634896601021214), 0.01);
        assert_close(chi2_sf_1df(10.827566170662733), 0.001);
        assert_eq!(chi2_sf_1df(0.0), 1.0);
    }

    #[test]
    fn dispersion_even_parts() {
        // s = [10; 5], v = [1, 2, 3, 4, 5]; Σs = 50, Σv = 15.
        let d = dispersion(&[10, 10, 10, 10, 10], &[1, 2, 3, 4, 5]);
        assert_eq!(d.range, 5);
        // w = 0.2 each, t = [1, 2, 3, 4, 5]/15, t − w = [−2, −1, 0, 1, 2]/15
        // DP = ½·6/15 = 0.2
        assert_some_close(d.dp, 0.2);
        // DP_norm = 0.2/(1 − 0.2) = 0.25
        assert_some_close(d.dp_norm, 0.25);
        // r = [0.1, 0.2, 0.3, 0.4, 0.5], mean 0.3,
        // var = (0.04 + 0.01 + 0 + 0.01 + 0.04)/5 = 0.02, sd = 0.1414213562373095
        // D = 1 − (0.1414213562373095/0.3)/√4 = 1 − 0.4714045207910317/2
        //   = 0.7642977396044841
        assert_some_close(d.juilland_d, 0.7642977396044841);
        assert_some_close(d.juilland_d, 1.0 - (0.02_f64.sqrt() / 0.3) / 2.0);
    }

    #[test]
    fn dispersion_uneven_parts() {
        // s = [9, 10, 10, 10, 11] (Σ 50), v = [1, 2, 3, 4, 5] (Σ 15).
        let d = dispersion(&[9, 10, 10, 10, 11], &[1, 2, 3, 4, 5]);
        assert_eq!(d.range, 5);
        // w = [0.18, 0.2, 0.2, 0.2, 0.22], t = [1, 2, 3, 4, 5]/15
        // |t − w| = [0.11333…, 0.06666…, 0, 0.06666…, 0.11333…], Σ = 0.36
        // DP = 0.18
        assert_some_close(d.dp, 0.18);
        // DP_norm = 0.18/(1 − 0.18) = 0.21951219512195122
        assert_some_close(d.dp_norm, 0.18 / 0.82);
        // r = [1/9, 0.2, 0.3, 0.4, 5/11], mean = 1451/4950 = 0.29313131313131313
        // Python (population sd): sd = 0.12595825941147315,
        // D = 1 − (0.12595825941147315/0.29313131313131313)/2 = 0.7851504534504508
        assert_some_close(d.juilland_d, 0.7851504534504508);
    }

    #[test]
    fn dispersion_concentrated_and_edge_cases() {
        // All 6 occurrences in the first of 4 equal parts:
        // t = [1, 0, 0, 0], w = 0.25 each ⇒ DP = ½(0.75 + 3·0.25) = 0.75,
        // DP_norm = 0.75/0.75 = 1. r = [0.6, 0, 0, 0], mean 0.15,
        // var = (0.45² + 3·0.15²)/4 = 0.0675, sd/mean = √0.0675/0.15 = √3 ⇒ D = 0.
        let d = dispersion(&[10, 10, 10, 10], &[6, 0, 0, 0]);
        assert_eq!(d.range, 1);
        assert_some_close(d.dp, 0.75);
        assert_some_close(d.dp_norm, 1.0);
        match d.juilland_d {
            Some(v) => assert!(v.abs() < 1e-12, "D = {v}"),
            None => panic!("D should be defined"),
        }

        // k = 1: no spread to measure. DP = ½|1 − 1| = 0; max DP = 1 − 1 = 0.
        let one = dispersion(&[100], &[7]);
        assert_eq!(one.range, 1);
        assert_eq!(one.juilland_d, None);
        assert_some_close(one.dp, 0.0);
        assert_eq!(one.dp_norm, None);

        // Term absent everywhere.
        let zero = dispersion(&[10, 20, 30], &[0, 0, 0]);
        assert_eq!(
            zero,
            Dispersion {
                range: 0,
                juilland_d: None,
                dp: None,
                dp_norm: None
            }
        );

        // No parts at all.
        assert_eq!(dispersion(&[], &[]), zero);

        // An empty part counts towards k with r = 0 and min w = 0:
        // s = [0, 10, 10], v = [0, 2, 2]: w = [0, .5, .5], t = [0, .5, .5] ⇒ DP = 0,
        // DP_norm = 0/(1 − 0) = 0. r = [0, .2, .2], mean 0.4/3,
        // var = ((0.4/3)² + 2·(0.2/3)²)/3 = (0.16 + 0.08)/27, sd/mean = √2/2,
        // D = 1 − (√2/2)/√2 = 0.5.
        let empty_part = dispersion(&[0, 10, 10], &[0, 2, 2]);
        assert_eq!(empty_part.range, 2);
        assert_some_close(empty_part.juilland_d, 0.5);
        assert_some_close(empty_part.dp, 0.0);
        assert_some_close(empty_part.dp_norm, 0.0);
    }

    #[test]
    fn tf_and_idf() {
        // 3 of 12 tokens = 0.25
        assert_close(tf(3, 12), 0.25);
        assert_eq!(tf(3, 0), 0.0);
        // ln(100/10) = ln 10 = 2.302585092994046
        assert_close(idf(100, 10), std::f64::consts::LN_10);
        // A term in every document has idf ln 1 = 0.
        assert_eq!(idf(50, 50), 0.0);
        assert_eq!(idf(50, 0), f64::INFINITY);
    }

    #[test]
    fn entropy_values() {
        // Two equiprobable outcomes: −2·½ ln ½ = ln 2
        assert_close(entropy([1, 1]), std::f64::consts::LN_2);
        assert_eq!(entropy(Vec::<u64>::new()), 0.0);
        assert_eq!(entropy([0, 0]), 0.0);
        // A single outcome carries no uncertainty; zeros are skipped.
        assert_eq!(entropy([0, 9, 0]), 0.0);
        // Four equiprobable outcomes: ln 4 = 1.3862943611198906
        assert_close(entropy([3, 3, 3, 3]), 1.3862943611198906);
    }

    #[test]
    fn entropy_branching_example() {
        // 吃葡萄不吐葡萄皮不吃葡萄倒吐葡萄皮: 葡萄 occurs 4 times.
        let chars: Vec<char> = "吃葡萄不吐葡萄皮不吃葡萄倒吐葡萄皮".chars().collect();
        let mut right: Vec<char> = Vec::new();
        let mut left: Vec<char> = Vec::new();
        for i in 0..chars.len() - 1 {
            if chars[i] == '葡' && chars[i + 1] == '萄' {
                if let Some(&c) = chars.get(i + 2) {
                    right.push(c);
                }
                if i > 0 {
                    left.push(chars[i - 1]);
                }
            }
        }
        assert_eq!(right, ['不', '皮', '倒', '皮']);
        assert_eq!(left, ['吃', '吐', '吃', '吐']);
        let tally = |v: &[char]| {
            let mut seen: Vec<(char, u64)> = Vec::new();
            for &c in v {
                match seen.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, n)) => *n += 1,
                    None => seen.push((c, 1)),
                }
            }
            seen.into_iter().map(|(_, n)| n).collect::<Vec<u64>>()
        };
        // Right: {皮: 2, 不: 1, 倒: 1} ⇒ −(½ ln ½ + 2·¼ ln ¼) = 1.0397207708399179
        assert_close(entropy(tally(&right)), 1.0397207708399179);
        // Left: {吃: 2, 吐: 2} ⇒ ln 2 = 0.6931471805599453
        assert_close(entropy(tally(&left)), std::f64::consts::LN_2);
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the references as mpmath prints them
    fn stirling_remainder_values() {
        // δ(z) = ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π); mpmath loggamma at 30 digits:
        // δ(½) = ln √π − (−½ + ½ ln 2π) = 0.15342640972002734529, δ(1) = 1 − ½ ln 2π
        // = 0.08106146679532725822, δ(3) = 0.027677925684998339149,
        // δ(9.5) = 0.008768700134139385463, δ(0.001) = 2.5422704679670945518
        let cases = [
            (0.5, 0.15342640972002734529),
            (1.0, 0.08106146679532725822),
            (3.0, 0.027677925684998339149),
            (9.5, 0.008768700134139385463),
            (0.001, 2.5422704679670945518),
        ];
        for (z, d) in cases {
            let got = stirling_remainder(z);
            assert!(close(got, d, 4e-16), "{z}: {got:e} vs {d:e}");
        }
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the references as mpmath prints them
    fn gamma_reg_closed_forms() {
        // a = 1: P = 1 − e^(−x); at x = 2: 1 − e^(−2) = 0.8646647167633873, Q = e^(−2)
        let (p, q) = gamma_reg(1.0, 2.0);
        assert_close(p, 0.8646647167633873);
        assert_close(q, (-2.0_f64).exp());
        // a = 3 (Poisson): Q(3, 2) = P(Y ≤ 2), Y ~ Poisson(2) = e^(−2)(1 + 2 + 2²/2) = 5e^(−2)
        assert_close(gamma_reg(3.0, 2.0).1, 5.0 * (-2.0_f64).exp());
        // continued-fraction side (x > a + 1): Q(3, 10) = e^(−10)(1 + 10 + 50) = 61e^(−10)
        assert_close(gamma_reg(3.0, 10.0).1, 61.0 * (-10.0_f64).exp());
        // a = ½: Q(½, x) = erfc(√x); mpmath: Q(½, 30) = 9.485737571073848388e−15 (its tail
        // keeps full relative precision), P(½, 30) = 0.99999999999999051426
        assert_close(gamma_reg(0.5, 30.0).1, 9.485737571073848388e-15);
        assert_close(gamma_reg(0.5, 30.0).0, 0.9999999999999905142624289);
        // large shape, series side: mpmath gammainc(1000, 0, 950, regularized=True)
        // = 0.05505468623073803449
        assert!(close(
            gamma_reg(1000.0, 950.0).0,
            0.05505468623073803449,
            1e-13
        ));
        assert_eq!(gamma_reg(2.0, 0.0), (0.0, 1.0));
        assert!(gamma_reg(0.0, 1.0).0.is_nan());
        assert!(gamma_reg(1.0, -1.0).1.is_nan());
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the references as mpmath prints them
    fn chi2_sf_any_df() {
        // df = 1 agrees with the erfc form; df = 2: e^(−x/2)
        for x in [0.01, 0.5, 3.841458820694124, 10.0, 60.0] {
            assert!(close(chi2_sf(x, 1.0), chi2_sf_1df(x), 1e-13), "{x}");
            assert_close(chi2_sf(x, 2.0), (-x / 2.0).exp());
        }
        // mpmath gammainc(3/2, 7.5/2, inf, regularized=True) = 0.0575584519726364069672;
        // scipy.stats.chi2.sf(7.5, 3) = 0.0575584519726364
        assert_close(chi2_sf(7.5, 3.0), 0.0575584519726364069672);
        // gammainc(2, 50, inf) = 9.836624224615980693e−21 (= 51e^(−50))
        assert_close(chi2_sf(100.0, 4.0), 9.836624224615980693e-21);
        // gammainc(5/2, 0.15, inf) = 0.99764308626052885509
        assert_close(chi2_sf(0.3, 5.0), 0.99764308626052885509);
        assert_eq!(chi2_sf(0.0, 3.0), 1.0);
        assert!(chi2_sf(1.0, 0.0).is_nan());
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the references as mpmath prints them
    fn gamma_quantile_against_references() {
        // 40-digit references: bisection on mpmath's gammainc(a, 0, t, regularized=True)
        // at the binary value of p (300 halvings of [0, 10a + 60] at mp.dps = 50); the
        // intervals' quantiles within 1e−15, the far tail within 3e−15 (ln p itself carries
        // a rounding of |ln p|·ε/2, which moves x by that over a)
        let cases = [
            (0.5, 0.5, 0.22746821155978637597, 1e-15),
            (1e-10, 3.0, 0.0008436105624847274430292, 3e-15),
            (0.999999, 2.5, 17.94409343980521049548, 1e-15),
            (0.3, 1e4, 9947.319262019583634146, 1e-15),
            (0.025, 2.0, 0.2422092785439649029, 1e-15),
            (0.025, 3.0, 0.61867212289560128657, 1e-15),
            (0.025, 5.0, 1.6234863901184205381, 1e-15),
            (0.025, 10.0, 4.7953886961324336357, 1e-15),
            (0.025, 100.0, 81.363991250923140433, 1e-15),
            (0.025, 1000.0, 938.97301840769521562, 1e-15),
            (0.025, 1e6, 998040.983340293903, 1e-15),
        ];
        for (p, a, x, tol) in cases {
            let got = gamma_quantile(p, a);
            assert!(close(got, x, tol), "p {p} a {a}: {got:e} vs {x:e}");
        }
        let upper = [
            (1.0, 3.6888794541139363029),
            (2.0, 5.5716433909388985972),
            (3.0, 7.224687667723960815),
            (4.0, 8.7672730697423260397),
            (6.0, 11.668332079322669631),
            (11.0, 18.39035604201777872),
            (101.0, 121.62679379242638995),
            (1001.0, 1063.9521360163019803),
            (1e6 + 1.0, 1001961.9119454321939),
        ];
        for (a, x) in upper {
            let got = gamma_quantile_upper(0.025, a);
            assert!(close(got, x, 1e-15), "upper a {a}: {got:e} vs {x:e}");
        }
        // a = 1 is the exponential: x = −ln(1 − p); far in the lower tail x ≈ p
        assert_close(gamma_quantile(1e-300, 1.0), 1e-300);
        assert_close(gamma_quantile_upper(1e-300, 1.0), 300.0 * 10.0_f64.ln());
        assert_eq!(gamma_quantile(0.0, 2.0), 0.0);
        assert_eq!(gamma_quantile(1.0, 2.0), f64::INFINITY);
        assert_eq!(gamma_quantile_upper(1.0, 2.0), 0.0);
        assert!(gamma_quantile(0.5, 0.0).is_nan());
        // it inverts gamma_reg on both tails (to 1e−11: far in a tail of a large shape, P
        // changes by √a·|z| ≈ 2000 times the relative change of x)
        for a in [0.5, 1.0, 7.0, 123.4, 1e5] {
            for p in [1e-12, 0.01, 0.5, 0.9, 0.999] {
                let x = gamma_quantile(p, a);
                assert!(close(gamma_reg(a, x).0, p, 1e-11), "a {a} p {p}");
                let x = gamma_quantile_upper(p, a);
                assert!(close(gamma_reg(a, x).1, p, 1e-11), "a {a} p {p} (upper)");
            }
        }
    }

    #[test]
    fn poisson_interval_garwood() {
        // scipy 1.17.1: python -c "from scipy.stats import chi2;
        //   print(chi2.ppf(0.025, 2*x)/2, chi2.ppf(0.975, 2*x+2)/2)" for x = 1, 10, 10**6;
        // 40-digit mpmath values (bisection on gammainc) beside them where scipy differs
        // in the last digits.
        // x = 0: [0, −ln 0.025] (Gamma(1) is the exponential) = [0, 3.6888794541139363]
        // (scipy: 3.6888794541139354)
        let (low, high) = poisson_interval(0, 0.05);
        assert_eq!(low, 0.0);
        assert_close(high, -(0.025_f64.ln()));
        assert_close(high, 3.6888794541139363);
        // x = 1: lower = −ln 0.975 (Gamma(1)); scipy 0.025317807984289876, 5.571643390938898
        // (mpmath 0.025317807984289875404, 5.5716433909388985972)
        let (low, high) = poisson_interval(1, 0.05);
        assert_close(low, -(0.975_f64.ln()));
        assert_close(low, 0.025317807984289876);
        assert_close(high, 5.571643390938898);
        // x = 10: scipy 4.7953886961324335, 18.39035604201778
        let (low, high) = poisson_interval(10, 0.05);
        assert_close(low, 4.7953886961324335);
        assert_close(high, 18.39035604201778);
        // x = 10⁶: scipy 998040.9833402939, 1001961.9119454322
        let (low, high) = poisson_interval(1_000_000, 0.05);
        assert_close(low, 998040.9833402939);
        assert_close(high, 1001961.9119454322);
        assert!(poisson_interval(3, 0.0).0.is_nan());
    }

    #[test]
    fn homogeneity_worked_2x3() {
        // counts [2, 6, 4] in groups of [100, 200, 100] tokens: X = 12, T = 400,
        // E row 1 = 12·[100, 200, 100]/400 = [3, 6, 3], row 2 [98, 194, 96] against
        // 388·[100, 200, 100]/400 = [97, 194, 97]:
        // G² = 2·(2 ln(2/3) + 6 ln 1 + 4 ln(4/3) + 98 ln(98/97) + 194 ln 1 + 96 ln(96/97))
        //    = 2·(−0.8109302162 + 1.1507282898 + 1.0051370164 − 0.9948275554)
        //    = 2·0.3501075346 = 0.7002150691; df = 2, p = e^(−G²/2) = 0.7046123155.
        // scipy.stats.chi2_contingency([[2,6,4],[98,194,96]], lambda_="log-likelihood",
        //   correction=False) = (0.7002150691257076, 0.7046123154672856, dof 2)
        let h = homogeneity(&[2, 6, 4], &[100, 200, 100]).unwrap();
        assert!(close(h.g2, 0.7002150691257076, 1e-13), "{}", h.g2);
        assert_eq!(h.df, 2);
        assert!(close(h.p_value.unwrap(), 0.7046123154672856, 1e-13));
        // a group without tokens is left out: the same table
        assert_eq!(homogeneity(&[2, 0, 6, 4], &[100, 0, 200, 100]), Some(h));
        // a zero count: scipy on [[0,3,10],[100,50,30]]: 27.201483171603815, p 1.239575487438603e-06
        let h = homogeneity(&[0, 3, 10], &[100, 53, 40]).unwrap();
        assert!(close(h.g2, 27.201483171603815, 1e-13));
        assert!(close(h.p_value.unwrap(), 1.239575487438603e-06, 1e-12));
        // equal rates: G² = 0, p = 1; one group: df 0, no p; no group: None
        let h = homogeneity(&[1, 2], &[100, 200]).unwrap();
        assert!(h.g2.abs() < 1e-12);
        assert!(close(h.p_value.unwrap(), 1.0, 1e-12));
        let one = homogeneity(&[5], &[100]).unwrap();
        assert_eq!((one.g2, one.df, one.p_value), (0.0, 0, None));
        assert_eq!(homogeneity(&[0], &[0]), None);
        // a term never seen: G² = 0 over any groups
        assert_eq!(homogeneity(&[0, 0], &[10, 20]).unwrap().g2, 0.0);
    }
}
