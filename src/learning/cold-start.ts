/**
 * Cold start: a SKU with fewer than 12 weeks of history is forecast from similar items (the same
 * supplier's SKUs with enough history). The peers' mean weekly profile over the last weeks is
 * scaled to the new SKU by the ratio of its own short history's mean to the peers' mean over the
 * same recent weeks, and the interval is deliberately wide: σ = max(peer σ scaled, CV_FLOOR × mean)
 * with CV_FLOOR = 0.5 — the model has not seen this SKU, so it should not claim to know it well.
 * With no own history the scale is 1 (the peers' typical level); with no peers, the SKU's own
 * mean (or nothing).
 */
export const COLD_START_CV_FLOOR = 0.5;

export interface ColdStartForecast {
  mean: number[];
  sd: number[];
  scale: number;
  peers: number;
  flag: 'cold_start';
}

/**
 * `own`: the SKU's weekly usage so far (oldest first, may be empty); `peers`: weekly usage of
 * similar SKUs over the same recent weeks, each oldest first and ending at the same week.
 */
export function coldStartForecast(own: readonly number[], peers: readonly (readonly number[])[], horizon: number): ColdStartForecast | null {
  const usable = peers.filter((p) => p.length > 0);
  if (usable.length === 0 && own.length === 0) return null;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (usable.length === 0) {
    const level = mean(own);
    return { mean: new Array(horizon).fill(level), sd: new Array(horizon).fill(COLD_START_CV_FLOOR * level), scale: 1, peers: 0, flag: 'cold_start' };
  }
  // Peers' level over the weeks the new SKU has existed (at least the last 4 weeks).
  const window = Math.max(4, own.length);
  const peerRecentMeans = usable.map((p) => mean(p.slice(-window)));
  const peerLevel = mean(peerRecentMeans);
  const scale = own.length > 0 && peerLevel > 0 ? mean(own) / peerLevel : 1;
  // Per-peer dispersion of weekly values around their own mean, pooled: the peers' typical σ.
  const peerSd = Math.sqrt(mean(usable.map((p) => { const m = mean(p.slice(-window)); return mean(p.slice(-window).map((x) => (x - m) ** 2)); })));
  const level = peerLevel * scale;
  const sd = Math.max(peerSd * scale, COLD_START_CV_FLOOR * level);
  return { mean: new Array(horizon).fill(level), sd: new Array(horizon).fill(sd), scale, peers: usable.length, flag: 'cold_start' };
}
