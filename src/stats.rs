//! Corpus statistics: association measures, keyness, dispersion, TF-IDF and
//! Shannon entropy.
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
}

/// Keyness of a word with count `a` in a target corpus of `c1` tokens and
/// count `b` in a reference corpus of `c2` tokens.
///
/// * `g2` is the log-likelihood of Rayson & Garside (2000, "Comparing corpora
///   using frequency profiling") in the four-cell form AntConc uses:
///   2 · Σ O · ln(O / E) over the table [a, b; c1 − a, c2 − b] with
///   E = row total · column total / (c1 + c2) and 0 · ln 0 = 0 (Dunning 1993).
///   G² itself is a two-sided, non-negative statistic; it is reported
///   **signed** so that one column tells both strength and direction: positive
///   when a/c1 > b/c2 (key in the target), negative when a/c1 < b/c2
///   (under-used in the target), exactly 0 when the relative frequencies are
///   equal. The magnitude is always the LL value.
/// * `p_value` is the upper tail of χ² with 1 degree of freedom at |g2|,
///   p = erfc(√(|g2| / 2)) (see [`chi2_sf_1df`]).
/// * `log_ratio` = log2((a′/c1) / (b′/c2)) (Hardie 2014, "Log Ratio – an
///   informal introduction"), where a′ = a, or 0.5 if a = 0, and b′ likewise;
///   the 0.5 substitution is Hardie's, so that a word absent from one corpus
///   still gets a finite effect size.
/// * `pct_diff` = 100 · (a′/c1 − b′/c2) / (b′/c2) (Gabrielatos & Marchi 2012,
///   "Keyness: appropriate metrics and practical issues"), with the same 0.5
///   substitution.
///
/// If `c1` or `c2` is 0 the relative frequencies are undefined and every
/// field is NaN. Counts larger than their corpus size are clamped in the G²
/// table instead of panicking.
pub fn keyness(a: u64, b: u64, c1: u64, c2: u64) -> Keyness {
    if c1 == 0 || c2 == 0 {
        return Keyness {
            g2: f64::NAN,
            p_value: f64::NAN,
            log_ratio: f64::NAN,
            pct_diff: f64::NAN,
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
    let smooth = |x: u64| if x == 0 { 0.5 } else { x as f64 };
    let rel_target = smooth(a) / c1f;
    let rel_reference = smooth(b) / c2f;
    Keyness {
        g2,
        p_value: chi2_sf_1df(g2.abs()),
        log_ratio: (rel_target / rel_reference).log2(),
        pct_diff: 100.0 * (rel_target - rel_reference) / rel_reference,
    }
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
        let k = keyness(10, 20, 1000, 10000);
        assert_close(k.g2, 13.637931590306911);
        // p = erfc(√(13.637931590306911/2)); Python math.erfc gives
        // 0.0002216614927529332.
        assert_close(k.p_value, 0.0002216614927529332);
        // log ratio = log2(0.01/0.002) = log2 5 = 2.321928094887362
        assert_close(k.log_ratio, 2.321928094887362);
        // %DIFF = 100·(0.01 − 0.002)/0.002 = 400
        assert_close(k.pct_diff, 400.0);
    }

    #[test]
    fn keyness_sign_flips_when_underused() {
        // Swapping target and reference gives the same table transposed, so
        // the same |G²| and p, but the word is now under-used in the target.
        let k = keyness(20, 10, 10000, 1000);
        assert_close(k.g2, -13.637931590306911);
        assert_close(k.p_value, 0.0002216614927529332);
        assert_close(k.log_ratio, -2.321928094887362);
        // %DIFF = 100·(0.002 − 0.01)/0.01 = −80
        assert_close(k.pct_diff, -80.0);
    }

    #[test]
    fn keyness_zero_count_substitution() {
        // a = 0 ⇒ a′ = 0.5: rel target = 0.5/1000 = 0.0005, rel ref = 20/10000 = 0.002.
        let k = keyness(0, 20, 1000, 10000);
        // log2(0.0005/0.002) = log2(1/4) = −2
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
        let k = keyness(5, 50, 1000, 10000);
        assert_eq!(k.g2, 0.0);
        assert_eq!(k.p_value, 1.0);
        assert_close(k.log_ratio, 0.0);
        assert_close(k.pct_diff, 0.0);
        // Both absent: 0.5/c1 vs 0.5/c2 ⇒ log2(10000/1000) = log2 10.
        let z = keyness(0, 0, 1000, 10000);
        assert_eq!(z.g2, 0.0);
        assert_close(z.log_ratio, 10.0_f64.log2());
        // Empty corpus ⇒ NaN everywhere, no panic.
        let n = keyness(1, 1, 0, 10);
        assert!(n.g2.is_nan() && n.p_value.is_nan() && n.log_ratio.is_nan());
        assert!(n.pct_diff.is_nan());
        assert!(keyness(1, 1, 10, 0).g2.is_nan());
        // Count above corpus size is clamped, not an underflow panic.
        assert!(keyness(20, 1, 10, 100).g2.is_finite());
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
}
