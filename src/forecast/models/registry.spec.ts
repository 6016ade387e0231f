import { forecastModels, modelByName } from './registry';

describe('model registry', () => {
  it('finds a model by its name', () => {
    expect(modelByName('seasonal-naive').name).toBe('seasonal-naive');
  });

  it('keys every model by its own name', () => {
    for (const [key, model] of Object.entries(forecastModels)) expect(model.name).toBe(key);
  });

  it('has every model the forecast engine is specified with', () => {
    for (const name of ['seasonal-naive', 'naive', 'croston', 'sba', 'tsb', 'ets', 'theta', 'prophet']) {
      expect(forecastModels[name]?.name).toBe(name);
    }
  });

  it('lists the known names when the name is unknown', () => {
    expect(() => modelByName('nope')).toThrow(/Known models: .*seasonal-naive/);
  });
});
