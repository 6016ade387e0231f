/**
 * Retraining's training and backtest in one pure function (it runs on a worker thread,
 * threads/retrain-off-thread.ts): the challenger global tree model and its walk-forward backtest
 * against the champion on the same windows.
 *
 * Fairness: the challenger scored in the backtest is trained only on the values before the first
 * backtest origin (each series cut `origins × horizon` weeks short), so it never sees a window it
 * is scored on. The champion is scored as it is; if it was trained on data that includes the
 * windows, that favours the champion, which only makes promotion harder. The challenger that is
 * registered (and promoted when it wins) is then trained on the whole history, like any model.
 */
import { MINIMUM_HISTORY } from '../../common/history-window';
import { GlobalTreeJson, GlobalTreeModel } from '../models/global-tree';
import { GlobalTreeOptions } from '../models/global-tree-training';
import { forecastModels } from '../models/registry';
import { walkForwardMase, WalkForwardResult, WindowForecaster } from './walk-forward';

export const BACKTEST_ORIGINS = 3;

export interface ChallengerInput {
  series: number[][];
  champion: GlobalTreeJson | null;
  options: GlobalTreeOptions;
  origins?: number;
}

export interface ChallengerOutput {
  challenger: GlobalTreeJson;
  backtest: WalkForwardResult & { origins: number; horizon: number; series: number };
}

export function trainChallengerWithBacktest(input: ChallengerInput): ChallengerOutput {
  const origins = input.origins ?? BACKTEST_ORIGINS;
  const { horizon, season } = input.options;
  const early = input.series.map((s) => s.slice(0, s.length - origins * horizon)).filter((s) => s.length >= MINIMUM_HISTORY);
  const forecasters: Record<string, WindowForecaster> = {};
  if (early.length > 0) {
    const scored = GlobalTreeModel.train(early, input.options);
    forecasters.challenger = (h, n) => scored.forecast(h, n).mean;
  }
  if (input.champion) {
    const champion = GlobalTreeModel.fromJSON(input.champion);
    forecasters.champion = (h, n) => champion.forecast(h, n).mean;
  }
  const naive = forecastModels['seasonal-naive'];
  forecasters['seasonal-naive'] = (h, n) => naive.fit(h, { season, seed: input.options.seed ?? 1 }).predict(n).mean;
  const result = walkForwardMase(input.series, forecasters, { origins, horizon, season, minHistory: MINIMUM_HISTORY });
  const challenger = GlobalTreeModel.train(input.series, input.options).toJSON();
  return { challenger, backtest: { ...result, origins, horizon, series: input.series.length } };
}
