/** Weeks of usage a forecast reads (two years: enough for yearly seasonality, bounded cost). */
export const HISTORY_WEEKS = 104;
