/**
 * Cold start: a SKU with fewer than 12 weeks of history is forecast from similar items (the same
 * supplier's SKUs with enough history) and its own short history. Tuned on
 * bench/learning/cold-start.ts, seeds 42 and 2024, seed 7 held out (docs/bench/learning.md).
 *
 * Launch ramp. `launchProfile` r(1…k) is how the catalog's own launches ramped up, learned from
 * them (launch-profile.ts; null — the default — when the catalog has not shown enough launches or
 * they did not ramp): life week j sells r(j) of the settled level, 1 after the profile. The own
 * weeks are divided by r before the level is fitted and the forecast for the weeks ahead is
 * level × r(week). With two or more own weeks the ramp is dropped when the raw weeks are steadier
 * (lower CV) than the de-ramped ones — a SKU that did not ramp (20, 20 stays 20 a week).
 *
 * Level. With own weeks x₁…xₙ (de-ramped, oldest first) the level is their recency-weighted mean,
 * weight ½^((n − j) / halfLifeWeeks) (`ownFit`), so a product is judged by its latest weeks, with
 * n_eff = (Σw)² / Σw²; optionally shrunk toward the typical peer with `shrinkWeeks` pseudo-weeks
 * (0: the peers' level says little about a new SKU's size). With no own weeks the level is the
 * typical peer: the median of the peers' mean weekly usage over the last max(4, n) weeks (the mean
 * is pulled far up by a few large SKUs). `scale` = level / the peers' mean level.
 *
 * Spread. σ = sdMultiplier × √(σ_week² + σ_level²), at least CV_FLOOR × level:
 * - σ_week, the week-to-week noise: the variance of all own weeks (n − 1 degrees of freedom)
 *   pooled with `peerCvWeeks` pseudo-weeks of (peers' pooled σ / peers' level × level)²;
 * - σ_level = σ_week / √n_eff, what a short history does not know about the level itself; with no
 *   own weeks, the spread of the peers' levels around the typical one; a SKU that has sold nothing
 *   yet (level 0) keeps σ_level = typical peer / (n + 1).
 * The horizon weeks get level × r and σ × r; cold-start-interval.ts turns them into quantiles
 * (t₄ tails) and the horizon total. Without peers: the own weeks alone (peer CV := CV_FLOOR);
 * without either: null.
 */
export const COLD_START_CV_FLOOR = 0.5;

export interface ColdStartOptions {
  /** Weeks after which an own week's weight halves (Infinity: plain mean). */
  halfLifeWeeks: number;
  /** Pseudo-weeks of the peers' level the own level is shrunk toward (0: none). */
  shrinkWeeks: number;
  /** Pseudo-weeks of the peers' CV in σ_week. */
  peerCvWeeks: number;
  /** Multiplies σ (calibration). */
  sdMultiplier: number;
  /** σ is at least this × the level. */
  cvFloor: number;
  /** How launches ramp up, learned from the catalog's launches (launch-profile.ts): life week j sells profile[j − 1] of the level; null: no ramp. */
  launchProfile: readonly number[] | null;
}

export const COLD_START_DEFAULTS: Readonly<ColdStartOptions> = { halfLifeWeeks: 3, shrinkWeeks: 0, peerCvWeeks: 0.5, sdMultiplier: 1.6, cvFloor: COLD_START_CV_FLOOR, launchProfile: null };

export interface ColdStartForecast {
  mean: number[];
  sd: number[];
  scale: number;
  peers: number;
  flag: 'cold_start';
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `own`: the SKU's weekly usage so far (oldest first, may be empty); `peers`: weekly usage of
 * similar SKUs over the same recent weeks, each oldest first and ending at the same week.
 */
export function coldStartForecast(
  own: readonly number[],
  peers: readonly (readonly number[])[],
  horizon: number,
  options: Readonly<ColdStartOptions> = COLD_START_DEFAULTS,
): ColdStartForecast | null {
  const usable = peers.filter((p) => p.length > 0);
  if (usable.length === 0 && own.length === 0) return null;
  const n = own.length;
  const window = Math.max(4, n);
  const peerMeans = usable.map((p) => mean(p.slice(-window)));
  const peerLevel = usable.length > 0 ? mean(peerMeans) : 0;
  const typicalPeer = usable.length > 0 ? median(peerMeans) : 0;
  // Pooled within-peer σ over the window, as a CV of the peers' level.
  const peerSd = usable.length > 0 ? Math.sqrt(mean(usable.map((p, i) => mean(p.slice(-window).map((v) => (v - peerMeans[i]) ** 2))))) : 0;
  const peerCv = usable.length > 0 && peerLevel > 0 ? peerSd / peerLevel : COLD_START_CV_FLOOR;

  // The launch ramp, kept unless the own weeks are steadier without it (a SKU that did not ramp).
  const profile = options.launchProfile;
  const noRamp = () => 1;
  let ramp = profile && profile.length > 0 ? (week: number) => (week <= profile.length ? profile[week - 1] : 1) : noRamp;
  let fit = n > 0 ? ownFit(own.map((v, j) => v / ramp(j + 1)), options.halfLifeWeeks) : null;
  if (fit && n >= 2 && ramp !== noRamp) {
    const flat = ownFit(own, options.halfLifeWeeks);
    if (flat.cv < fit.cv) [ramp, fit] = [noRamp, flat];
  }

  let level: number;
  let sdWeek: number;
  let sdLevel: number;
  if (!fit) {
    // The typical peer (median level: a few large SKUs pull the mean far above most), its spread
    // across peers as the level's uncertainty.
    level = typicalPeer;
    sdWeek = peerCv * level;
    sdLevel = Math.sqrt(mean(peerMeans.map((m) => (m - typicalPeer) ** 2)));
  } else {
    const kappa = usable.length > 0 ? options.shrinkWeeks : 0;
    level = (fit.nEff * fit.level + kappa * typicalPeer) / (fit.nEff + kappa);
    // Week-to-week noise from all own weeks (n − 1 degrees of freedom), the level from the recent ones.
    const all = ownFit(fit.x, Infinity);
    const dof = n - 1;
    const prior = (peerCv * level) ** 2;
    sdWeek = Math.sqrt((dof * all.variance + options.peerCvWeeks * prior) / (dof + options.peerCvWeeks || 1));
    sdLevel = sdWeek / Math.sqrt(fit.nEff + kappa);
    // Nothing sold yet: the level may still be anything up to a typical peer's, less so the longer it stays at 0.
    if (level === 0) sdLevel = typicalPeer / (n + 1);
  }
  const scale = peerLevel > 0 && n > 0 ? level / peerLevel : 1;
  const sd = Math.max(options.sdMultiplier * Math.sqrt(sdWeek ** 2 + sdLevel ** 2), options.cvFloor * level);
  const weeks = Array.from({ length: horizon }, (_, h) => ramp(n + 1 + h));
  return { mean: weeks.map((r) => r * level), sd: weeks.map((r) => r * sd), scale, peers: usable.length, flag: 'cold_start' };
}

/**
 * Recency-weighted level of x₁…xₙ: weights ½^((n − j) / halfLife), n_eff = (Σw)² / Σw², the
 * weighted variance around the level × n_eff / (n_eff − 1) (0 for one week), and its CV (∞ at level 0).
 */
export function ownFit(x: readonly number[], halfLifeWeeks: number): { x: readonly number[]; level: number; variance: number; nEff: number; cv: number } {
  const n = x.length;
  const w = x.map((_, j) => (Number.isFinite(halfLifeWeeks) ? 0.5 ** ((n - 1 - j) / halfLifeWeeks) : 1));
  const sw = w.reduce((s, v) => s + v, 0);
  const nEff = sw ** 2 / w.reduce((s, v) => s + v * v, 0);
  const level = x.reduce((s, v, j) => s + w[j] * v, 0) / sw;
  const variance = n > 1 ? ((x.reduce((s, v, j) => s + w[j] * (v - level) ** 2, 0) / sw) * nEff) / (nEff - 1) : 0;
  return { x, level, variance, nEff, cv: level > 0 ? Math.sqrt(variance) / level : Infinity };
}
