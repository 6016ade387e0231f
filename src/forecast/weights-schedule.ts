/**
 * When a SKU's ensemble weights are validated again. Validation fits every member several times
 * (multi-origin member selection), so doing it for every SKU on the same night makes that night
 * several times slower than the others. Each SKU gets a weekday of its own (from its id), and its
 * weights are re-validated on that day — or any day they are missing or older than the maximum
 * age — so in steady state a seventh of the catalog is validated each night. Pure.
 */
const DAY_MS = 24 * 3600 * 1000;

/** 0–6, stable per item id. */
export function validationWeekday(itemId: string, periodDays: number): number {
  let h = 2166136261;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 16777619) >>> 0;
  return h % periodDays;
}

/** Reuse weights validated at `validatedAt` on `now`? */
export function reuseWeights(itemId: string, validatedAt: Date, now: Date, maxAgeDays: number): boolean {
  const ageMs = now.getTime() - validatedAt.getTime();
  if (ageMs >= maxAgeDays * DAY_MS) return false;
  const today = Math.floor(now.getTime() / DAY_MS);
  const validatedDay = Math.floor(validatedAt.getTime() / DAY_MS);
  // The SKU's own day of the week: validate again unless that already happened today.
  if (today % maxAgeDays === validationWeekday(itemId, maxAgeDays) && validatedDay < today) return false;
  return true;
}

/**
 * Validation origins for a SKU whose weights are not validated tonight: none, so the engine
 * weights its members by the selection table's pattern-level errors (member-selection.ts). On
 * weekly demo SKUs (bench/pipeline/first-night-weights.ts, 8-week holdout, two seeds) that costs
 * +0.02–0.04 WAPE points against the full validation, at about a quarter of its CPU.
 */
export const PRIOR_ONLY_ORIGINS = 0;

/**
 * How many validation origins a SKU without reusable weights gets tonight: the full multi-origin
 * validation on its own weekday, the pattern-level weights on other days. A new catalog (or a SKU
 * that just became active) would otherwise validate everything on its first night; with this it
 * validates a seventh, and each SKU's prior weights are replaced by validated ones on its
 * weekday, within a week. `undefined`: the engine's default (full).
 */
export function validationOriginsFor(itemId: string, now: Date, periodDays: number): number | undefined {
  const today = Math.floor(now.getTime() / DAY_MS);
  return today % periodDays === validationWeekday(itemId, periodDays) ? undefined : PRIOR_ONLY_ORIGINS;
}
