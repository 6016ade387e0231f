/**
 * How new products ramp up after launch, learned from the catalog's own launches (plain). A launch
 * is an item whose usage starts inside the history window; its life is its weekly usage from the
 * first week with usage on. For every life with at least `weeks` + `settleWeeks` weeks, the ratio
 * of each of its first `weeks` weeks to its settled level (the mean of the `settleWeeks` weeks after
 * them) is taken; the profile is the median ratio per life week, kept within [0.05, 1]. No profile
 * (null: new products sell at their level from the start) with fewer than `minLaunches` such lives,
 * or when every week of the profile is already ≥ 0.9 of the settled level — nothing is assumed about
 * launches the catalog has not shown.
 */
export interface LaunchProfileOptions {
  weeks: number;
  settleWeeks: number;
  minLaunches: number;
}

export const LAUNCH_PROFILE_DEFAULTS: Readonly<LaunchProfileOptions> = { weeks: 4, settleWeeks: 4, minLaunches: 20 };

export function learnLaunchProfile(lives: readonly (readonly number[])[], options: Readonly<LaunchProfileOptions> = LAUNCH_PROFILE_DEFAULTS): number[] | null {
  const { weeks, settleWeeks, minLaunches } = options;
  const ratios: number[][] = Array.from({ length: weeks }, () => []);
  let used = 0;
  for (const series of lives) {
    const first = series.findIndex((x) => x > 0);
    if (first < 0) continue;
    const life = series.slice(first);
    if (life.length < weeks + settleWeeks) continue;
    const settled = life.slice(weeks, weeks + settleWeeks).reduce((s, x) => s + x, 0) / settleWeeks;
    if (!(settled > 0)) continue;
    for (let j = 0; j < weeks; j++) ratios[j].push(life[j] / settled);
    used++;
  }
  if (used < minLaunches) return null;
  const profile = ratios.map((r) => Math.min(1, Math.max(0.05, median(r))));
  return profile.every((p) => p >= 0.9) ? null : profile;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
