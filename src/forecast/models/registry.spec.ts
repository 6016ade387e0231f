import { forecastModels, modelByName } from './registry';

describe('model registry', () => {
  it('finds a model by its name', () => {
    expect(modelByName('seasonal-naive').name).toBe('seasonal-naive');
  });

  it('keys every model by its own name', () => {
    for (const [key, model] of Object.entries(forecastModels)) expect(model.name).toBe(key);
  });

  it('lists the known names when the name is unknown', () => {
    expect(() => modelByName('nope')).toThrow(/Known models: .*seasonal-naive/);
  });
});
