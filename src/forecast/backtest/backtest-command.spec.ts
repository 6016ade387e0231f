import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseBacktestArguments, runBacktestCommand } from './backtest-command';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Three series: two seasonal-ish of 30 periods, one of 5 (too short for the ensemble's engine). */
function tinyCsv(dir: string): string {
  const rows = ['series_id,period,value'];
  for (const id of ['s1', 's2']) {
    for (let t = 1; t <= 30; t++) rows.push(`${id},${t},${10 + (t % 4) * (id === 's1' ? 3 : 1) + (t % 7)}`);
  }
  for (let t = 1; t <= 5; t++) rows.push(`short,${t},${t}`);
  const path = join(dir, 'tiny.csv');
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

describe('backtest command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backtest-command-'));

  it('parses its arguments and rejects bad ones', () => {
    expect(parseBacktestArguments(['--input', 'x.csv', '--horizon', '4', '--season=52', '--models', 'naive,ensemble', '--json'])).toEqual({
      input: 'x.csv', horizon: 4, season: 52, models: ['naive', 'ensemble'], out: undefined, json: true, seed: 1,
    });
    expect(parseBacktestArguments(['backtest', '--input', 'x.csv', '--horizon', '4', '--season', '52']).horizon).toBe(4);
    expect(() => parseBacktestArguments(['--input', 'x.csv', '--horizon', '0', '--season', '4'])).toThrow(/--horizon must be a positive integer/);
    expect(() => parseBacktestArguments(['--horizon', '4', '--season', '4'])).toThrow(/--input is required/);
  });

  it('prints a metrics table and writes every forecast step with quantiles', async () => {
    const out = capture();
    const forecasts = join(dir, 'forecasts.csv');
    const code = await runBacktestCommand(['--input', tinyCsv(dir), '--horizon', '4', '--season', '4', '--models', 'seasonal-naive,ensemble', '--out', forecasts], out.stream);
    expect(code).toBe(0);
    expect(out.text()).toMatch(/^model\s+series\s+skipped/m);
    // "short" keeps 1 training value: seasonal naive (needs 2) skips it, the ensemble does not.
    expect(out.text()).toMatch(/^seasonal-naive\s+2\s+1\s+0/m);
    expect(out.text()).toMatch(/^ensemble\s+3\s+0\s+0/m);
    expect(out.text()).toMatch(/ensemble: 1 series with fewer than 12 training values/);
    const lines = readFileSync(forecasts, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series_id,model,step,forecast,actual,p50,p90,p95,p99');
    expect(lines).toHaveLength(1 + (2 + 3) * 4); // (2 seasonal-naive + 3 ensemble series) × 4 steps
    const ensembleRow = lines.find((l) => l.startsWith('s1,ensemble,1,'))!.split(',');
    expect(ensembleRow.slice(5).every((cell) => cell !== '' && Number.isFinite(Number(cell)))).toBe(true);
    // Actual of s1 step 1 is period 27: 10 + (27 % 4)·3 + 27 % 7.
    expect(Number(ensembleRow[4])).toBe(10 + 9 + 6);
  });

  it('prints JSON and reports series with non-finite values instead of failing', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'series_id,period,value\n' + Array.from({ length: 20 }, (_, t) => `x,${t},${t === 3 ? 'NaN' : t}`).join('\n') + '\n' + Array.from({ length: 20 }, (_, t) => `y,${t},${t}`).join('\n') + '\n');
    const out = capture();
    expect(await runBacktestCommand(['--input', path, '--horizon', '2', '--season', '1', '--models', 'naive', '--json'], out.stream)).toBe(0);
    const report = JSON.parse(out.text());
    expect(report.invalidSeries).toEqual([{ seriesId: 'x', message: 'holds a missing or non-finite value; left out' }]);
    expect(report.models[0].model).toBe('naive');
    // y = t: naive misses by 1 and 2, the in-sample scale is 1.
    expect(report.models[0].metrics.mase).toBeCloseTo(1.5, 9);
  });

  it('exits with 2 and a usage line for an unknown model or bad arguments', async () => {
    const out = capture();
    expect(await runBacktestCommand(['--input', tinyCsv(dir), '--horizon', '4', '--season', '4', '--models', 'crystal-ball'], out.stream)).toBe(2);
    expect(out.text()).toMatch(/Unknown forecast model "crystal-ball"/);
    const usage = capture();
    expect(await runBacktestCommand(['--bogus'], usage.stream)).toBe(2);
    expect(usage.text()).toMatch(/usage: backtest/);
  });

  it('names the line of a bad row', async () => {
    const path = join(dir, 'broken.csv');
    writeFileSync(path, 'series_id,period,value\na,1,1\na,2,oops\n');
    const out = capture();
    expect(await runBacktestCommand(['--input', path, '--horizon', '1', '--season', '1'], out.stream)).toBe(1);
    expect(out.text()).toMatch(/line 3: value "oops" is not a number/);
  });
});
