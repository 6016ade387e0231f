/**
 * How much weekly usage history forecasting reads and needs, shared by the nightly cycle, the
 * global model's training set, the forecast engine, the backtests and the benches.
 */

/** Weeks of usage read per SKU: two years, so two full yearly seasons of 52 weeks. */
export const HISTORY_WEEKS = 104;

/** Fewer weeks than this and the SKU is recorded as having insufficient history. */
export const MINIMUM_HISTORY = 12;
