/**
 * The interval-sample files interval-samples.ts writes (one JSON object per line) and
 * calibrate.ts / coverage.ts read.
 */
import { readFileSync } from 'node:fs';
import { DemandPattern } from '../../src/forecast/models/demand-pattern';

export interface IntervalSample {
  id: string;
  /** The demo generator's pattern (the suffix of the series id), '?' for other data. */
  generator: string;
  /** The pattern the engine classified the training part as. */
  pattern: DemandPattern;
  actual: number[];
  mean: number[];
  sd: number[];
}

/** Reads one or more files (comma-separated names). */
export function readIntervalSamples(files: string): IntervalSample[] {
  const samples: IntervalSample[] = [];
  for (const file of files.split(',').filter((f) => f.length > 0)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim().length > 0) samples.push(JSON.parse(line) as IntervalSample);
  }
  return samples;
}
