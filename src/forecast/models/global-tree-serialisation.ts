/**
 * The global tree model as a JSON document (stored in model_artifacts, passed to worker threads):
 * format name and version, the spreads and factors, and every booster. Reading checks the format,
 * the version and that each booster fits the season's feature layout.
 */
import { Booster, BoosterJson } from '../gbdt/booster';
import { demandFeatureLayout } from '../features/feature-layout';
import { GlobalTreeParts, GlobalTreeStrategy } from './global-tree-forecast';
import { GlobalTreeTarget } from './global-tree-rows';

export const GLOBAL_TREE_FORMAT = 'neuronexus-global-tree';
export const GLOBAL_TREE_FORMAT_VERSION = 1;

export interface GlobalTreeJson {
  format: typeof GLOBAL_TREE_FORMAT;
  version: number;
  season: number;
  horizon: number;
  strategy: GlobalTreeStrategy;
  target: GlobalTreeTarget;
  usesCalendar: boolean;
  /** Per trained step: RMS of validation errors in units of demandSpread (sd = this × the SKU's spread). */
  residualSdPerSpread: number[];
  /** The same for intermittent histories (see isIntermittentHistory); null: pooled with the rest. */
  intermittentResidualSdPerSpread: number[] | null;
  /** Per trained step: factor applied to the forecast (biasCorrection), null when off. */
  meanFactor?: number[] | null;
  intermittentMeanFactor?: number[] | null;
  /** Step boosters of the direct strategy (empty for recursive). */
  directBoosters: BoosterJson[];
  recursiveBooster: BoosterJson | null;
}

export function globalTreeToJson(model: GlobalTreeParts): GlobalTreeJson {
  return {
    format: GLOBAL_TREE_FORMAT,
    version: GLOBAL_TREE_FORMAT_VERSION,
    season: model.season,
    horizon: model.horizon,
    strategy: model.strategy,
    target: model.target,
    usesCalendar: model.usesCalendar,
    residualSdPerSpread: [...model.residualSdPerSpread],
    intermittentResidualSdPerSpread: model.intermittentResidualSdPerSpread ? [...model.intermittentResidualSdPerSpread] : null,
    meanFactor: model.meanFactor ? [...model.meanFactor] : null,
    intermittentMeanFactor: model.intermittentMeanFactor ? [...model.intermittentMeanFactor] : null,
    directBoosters: model.directBoosters.map((b) => b.toJSON()),
    recursiveBooster: model.recursiveBooster ? model.recursiveBooster.toJSON() : null,
  };
}

export function globalTreeFromJson(json: GlobalTreeJson): GlobalTreeParts {
  if (!json || json.format !== GLOBAL_TREE_FORMAT) throw new Error(`GlobalTreeModel.fromJSON: not a ${GLOBAL_TREE_FORMAT} document`);
  if (json.version !== GLOBAL_TREE_FORMAT_VERSION) {
    throw new Error(`GlobalTreeModel.fromJSON: unsupported version ${json.version} (this code reads ${GLOBAL_TREE_FORMAT_VERSION})`);
  }
  if (!Array.isArray(json.directBoosters) || !Array.isArray(json.residualSdPerSpread)) {
    throw new Error('GlobalTreeModel.fromJSON: malformed document (directBoosters / residualSdPerSpread missing)');
  }
  const direct = json.directBoosters.map((b) => Booster.fromJSON(b));
  const recursive = json.recursiveBooster ? Booster.fromJSON(json.recursiveBooster) : null;
  const expected = demandFeatureLayout(json.season).names.length;
  for (const b of recursive ? [...direct, recursive] : direct) {
    if (b.numFeatures !== expected) throw new Error(`GlobalTreeModel.fromJSON: booster has ${b.numFeatures} features, layout ${expected}`);
  }
  if (direct.length === 0 && !recursive) throw new Error('GlobalTreeModel.fromJSON: no boosters');
  return {
    season: json.season,
    horizon: json.horizon,
    strategy: json.strategy,
    target: json.target,
    usesCalendar: json.usesCalendar,
    directBoosters: direct,
    recursiveBooster: recursive,
    residualSdPerSpread: json.residualSdPerSpread,
    intermittentResidualSdPerSpread: json.intermittentResidualSdPerSpread ?? null,
    meanFactor: json.meanFactor ?? null,
    intermittentMeanFactor: json.intermittentMeanFactor ?? null,
  };
}
