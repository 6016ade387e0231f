/**
 * Every forecasting model by its stable name. Backtests, the ensemble and the nightly job look
 * models up here; adding a model means adding one line.
 *
 * `ets` and `prophet` run on @bsull/augurs WASM: `await loadAugurs()` (augurs.ts) once first.
 * `prophet` is ~5–20 ms per series (docs/bench/models.md): leave it out of nightly runs.
 * Measured accuracy of each model: docs/bench/models.md.
 */
import { ForecastModel } from './model';
import { naiveModel, seasonalNaiveModel } from './seasonal-naive';
import { crostonModel, sbaModel, tsbModel } from './intermittent';
import { thetaModel } from './theta';
import { etsModel } from './ets';
import { prophetModel } from './prophet';
import { dampedModel, sesModel } from './smoothing-models';
import { dynamicThetaModel } from './dynamic-theta';
import { adidaModel } from './adida';
import { cesModel } from './ces';
import { arimaModel } from './arima';

export const forecastModels: Record<string, ForecastModel> = {
  [seasonalNaiveModel.name]: seasonalNaiveModel,
  [naiveModel.name]: naiveModel,
  croston: crostonModel(),
  sba: sbaModel(),
  tsb: tsbModel(),
  [thetaModel.name]: thetaModel,
  ets: etsModel(),
  prophet: prophetModel(),
  [dampedModel.name]: dampedModel,
  [sesModel.name]: sesModel,
  [dynamicThetaModel.name]: dynamicThetaModel,
  [adidaModel.name]: adidaModel,
  [cesModel.name]: cesModel,
  [arimaModel.name]: arimaModel,
};

export function modelByName(name: string): ForecastModel {
  const model = forecastModels[name];
  if (!model) {
    throw new Error(`Unknown forecast model "${name}". Known models: ${Object.keys(forecastModels).join(', ')}`);
  }
  return model;
}
