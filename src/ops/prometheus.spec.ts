import { formatGauges } from './prometheus';

describe('formatGauges', () => {
  it('writes HELP, TYPE and one line per sample with escaped labels', () => {
    const text = formatGauges([
      { name: 'nn_open', help: 'Open things.', samples: [{ labels: { priority: 'urgent' }, value: 3 }, { labels: { priority: 'a"b' }, value: 0.5 }] },
      { name: 'nn_up', help: 'Up.', samples: [{ value: 1 }] },
    ]);
    expect(text).toBe(['# HELP nn_open Open things.', '# TYPE nn_open gauge', 'nn_open{priority="urgent"} 3', 'nn_open{priority="a\\"b"} 0.5', '# HELP nn_up Up.', '# TYPE nn_up gauge', 'nn_up 1', ''].join('\n'));
  });
});
