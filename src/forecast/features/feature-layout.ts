/**
 * Which demand features exist for a given seasonal period, and in what order. The same layout is
 * used to build training rows and inference rows, so the two can never disagree.
 *
 * Weekly data (season 52): lags 1–4, 8, 12, 52; rolling windows 4, 8, 13, 26, 52 weeks; Fourier
 * period 52.18 weeks (365.25 / 7). Monthly data (season 12): lags 1–4, 6, 12, 24; windows 3, 6,
 * 12, 24 months; Fourier period 12. Other periods follow the monthly pattern scaled to the season.
 */

export interface DemandFeatureLayout {
  readonly season: number;
  /** Lags (in periods before the origin) whose scaled values are features. */
  readonly lags: readonly number[];
  /** Rolling windows (periods) for scaled mean and standard deviation. */
  readonly windows: readonly number[];
  /** Periods whose mean absolute demand is the SKU's scale at an origin. */
  readonly scaleWindow: number;
  /** Periods looked back for intermittency statistics. */
  readonly intermittencyWindow: number;
  /** Period of the Fourier terms (periods per year). */
  readonly fourierPeriod: number;
  /** Harmonics of the Fourier terms (sin and cos of each). */
  readonly fourierOrders: readonly number[];
  /** Whether the season is long enough to give seasonal-lag-of-target features. */
  readonly seasonal: boolean;
  readonly names: readonly string[];
}

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values.filter((v) => v >= 1).map((v) => Math.round(v)))].sort((a, b) => a - b);
}

export function demandFeatureLayout(seasonIn: number): DemandFeatureLayout {
  const season = Math.max(1, Math.round(seasonIn || 1));
  let lags: number[];
  let windows: number[];
  let fourierPeriod = season;
  if (season >= 52) {
    lags = [1, 2, 3, 4, 8, 12, season];
    windows = [4, 8, 13, 26, season];
    // A year is 365.25 / 7 = 52.18 weeks, so week-of-year terms drift slowly against 52.
    if (season === 52) fourierPeriod = 365.25 / 7;
  } else if (season >= 4) {
    lags = uniqueSorted([1, 2, 3, 4, season / 2, season, 2 * season]);
    windows = uniqueSorted([3, season / 2, season, 2 * season]);
  } else {
    lags = [1, 2, 3, 4, 6, 12];
    windows = [3, 6, 12];
  }
  const seasonal = season >= 4;
  const scaleWindow = seasonal ? season : 12;
  const intermittencyWindow = Math.max(scaleWindow, 24);
  const fourierOrders = seasonal ? [1, 2] : [];

  const names: string[] = [];
  for (const lag of lags) names.push(`lag_${lag}`);
  for (const w of windows) names.push(`mean_${w}`, `sd_${w}`);
  names.push(
    'slope',
    'zero_share',
    'adi',
    'cv2',
    'periods_since_demand',
    'log_scale',
    'history_length',
    'step',
  );
  if (seasonal) names.push('same_phase_1', 'same_phase_2', 'same_phase_mean');
  for (const k of fourierOrders) names.push(`sin_${k}`, `cos_${k}`);
  return {
    season,
    lags,
    windows,
    scaleWindow,
    intermittencyWindow,
    fourierPeriod,
    fourierOrders,
    seasonal,
    names,
  };
}
