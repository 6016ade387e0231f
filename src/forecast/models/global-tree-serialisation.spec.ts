import { GLOBAL_TREE_FORMAT, GLOBAL_TREE_FORMAT_VERSION, globalTreeFromJson, GlobalTreeJson } from './global-tree-serialisation';

const empty = (): GlobalTreeJson => ({
  format: GLOBAL_TREE_FORMAT,
  version: GLOBAL_TREE_FORMAT_VERSION,
  season: 12,
  horizon: 1,
  strategy: 'direct',
  target: 'log1p',
  usesCalendar: false,
  residualSdPerSpread: [1],
  intermittentResidualSdPerSpread: null,
  directBoosters: [],
  recursiveBooster: null,
});

describe('global tree JSON', () => {
  it('refuses other documents, other versions and models without boosters', () => {
    expect(() => globalTreeFromJson({ ...empty(), format: 'x' } as unknown as GlobalTreeJson)).toThrow(/not a neuronexus-global-tree document/);
    expect(() => globalTreeFromJson({ ...empty(), version: 2 })).toThrow(/unsupported version 2/);
    expect(() => globalTreeFromJson({ ...empty(), directBoosters: undefined } as unknown as GlobalTreeJson)).toThrow(/malformed/);
    expect(() => globalTreeFromJson(empty())).toThrow(/no boosters/);
  });
});
