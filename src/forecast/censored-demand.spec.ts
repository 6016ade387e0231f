import { censoredDemandHistory, censoredIndices } from './censored-demand';

describe('censoredDemandHistory', () => {
  it('raises a stock-out week to the median of up to 4 clean weeks on each side', () => {
    // Week 4 (recorded 3) between 10, 12, 9, 11 before and 13, 10, 8, 12 after: median of the
    // eight = (10 + 11) / 2 = 10.5 (every clean week used more than 3: the same eight, the same median).
    const history = [10, 12, 9, 11, 3, 13, 10, 8, 12];
    expect(censoredDemandHistory(history, [4])).toEqual([10, 12, 9, 11, 10.5, 13, 10, 8, 12]);
  });

  it('raises it further to the median of the nearby clean weeks that used more than it recorded', () => {
    // Week 4 recorded 9. Neighbours 13, 5, 12, 4 | 11, 6, 14 → median 11. Clean weeks above 9:
    // 12, 13, 11, 14 → median 12.5: demand ran out in a high week.
    expect(censoredDemandHistory([4, 12, 5, 13, 9, 11, 6, 14], [4])).toEqual([4, 12, 5, 13, 12.5, 11, 6, 14]);
  });

  it('takes the weeks above it only from the window around it', () => {
    // Recorded 9 at index 4. Window 2 (indices 2–5): clean weeks above 9: 12 → 12 (neighbours' median 6).
    expect(censoredDemandHistory([50, 4, 12, 5, 9, 6], [4], 4, 2)[4]).toBe(12);
    // The default window (13) reaches the 50: above 9 are 50 and 12 → 31.
    expect(censoredDemandHistory([50, 4, 12, 5, 9, 6], [4])[4]).toBe(31);
  });

  it('keeps the recorded usage when it is above the neighbours (a floor is never lowered)', () => {
    expect(censoredDemandHistory([5, 5, 20, 5, 5], [2])).toEqual([5, 5, 20, 5, 5]);
  });

  it('skips other stock-out weeks when looking for neighbours', () => {
    // Weeks 2 and 3 are stock-outs: each one's neighbours are 10, 20 (left) and 30, 40 (right); median 25.
    expect(censoredDemandHistory([10, 20, 1, 2, 30, 40], [2, 3])).toEqual([10, 20, 25, 25, 30, 40]);
  });

  it('takes fewer neighbours at the end of the history, and a given count', () => {
    // The newest week: only the weeks before it, the 4 nearest: 7, 8, 9, 100 → (8 + 9) / 2 (above 2: the same four).
    expect(censoredDemandHistory([1, 100, 9, 8, 7, 2], [5])).toEqual([1, 100, 9, 8, 7, 8.5]);
    // One neighbour each side: 7 and 9 → 8 (the clean weeks above 0: 1, 7, 9, 1 → 4, lower).
    expect(censoredDemandHistory([1, 7, 0, 9, 1], [2], 1)).toEqual([1, 7, 8, 9, 1]);
  });

  it('leaves a history without clean weeks, or without marks, as it is', () => {
    expect(censoredDemandHistory([3, 4], [0, 1])).toEqual([3, 4]);
    expect(censoredDemandHistory([3, 4], [])).toEqual([3, 4]);
    expect(censoredDemandHistory([3, 4], [7, -1])).toEqual([3, 4]);
  });
});

describe('censoredIndices', () => {
  it('places weeks in a history ending with the last week', () => {
    // 5 weeks ending 2026-06-29: 06-01 is index 0, 06-22 index 3; 05-25 and 07-06 are outside.
    expect(censoredIndices(['2026-06-01', '2026-06-22', '2026-05-25', '2026-07-06'], '2026-06-29', 5)).toEqual([0, 3]);
  });
});
