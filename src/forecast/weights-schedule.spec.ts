import { PRIOR_ONLY_ORIGINS, reuseWeights, validationOriginsFor, validationWeekday } from './weights-schedule';

const day = (d: number, h = 2) => new Date(Date.UTC(2026, 10, 30 + d, h));

describe('weights schedule', () => {
  it('gives each item a stable weekday and spreads many items over all seven', () => {
    expect(validationWeekday('a', 7)).toBe(validationWeekday('a', 7));
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[validationWeekday(`item-${i}`, 7)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850); // ≈ 1,000 each
  });

  it('re-validates each item once a week, on its own day, and never two days running', () => {
    const items = Array.from({ length: 700 }, (_, i) => `sku-${i}`);
    const validated = new Map(items.map((id) => [id, day(0)])); // all validated on the first night
    const perNight: number[] = [];
    for (let d = 1; d <= 14; d++) {
      let n = 0;
      for (const id of items) {
        if (!reuseWeights(id, validated.get(id)!, day(d), 7)) {
          validated.set(id, day(d));
          n++;
        }
      }
      perNight.push(n);
    }
    // Nights 1–7: each item once, on its weekday (about 100 a night, none twice); then every 7 days.
    expect(perNight.slice(0, 7).reduce((a, b) => a + b, 0)).toBe(700);
    for (const n of perNight) expect(n).toBeLessThan(160);
    expect(perNight.slice(7).reduce((a, b) => a + b, 0)).toBe(700);
  });

  it('reuses weights validated earlier the same day, and never past the maximum age', () => {
    const id = 'sku-1';
    const d = Array.from({ length: 7 }, (_, k) => k).find((k) => Math.floor(day(k).getTime() / 86_400_000) % 7 === validationWeekday(id, 7))!;
    expect(reuseWeights(id, day(d, 1), day(d, 5), 7)).toBe(true); // validated this morning already
    expect(reuseWeights(id, day(d - 1), day(d), 7)).toBe(false); // its day: validate again
    expect(reuseWeights(id, day(d + 1), day(d + 8), 7)).toBe(false); // 7 days old
  });

  it('on a first night validates a seventh of the items and gives the rest pattern-level weights; each gets its full validation within a week', () => {
    const items = Array.from({ length: 7000 }, (_, i) => `new-${i}`);
    const full = items.filter((id) => validationOriginsFor(id, day(0), 7) === undefined);
    expect(full.length).toBeGreaterThan(850);
    expect(full.length).toBeLessThan(1150);
    for (const id of items) if (!full.includes(id)) expect(validationOriginsFor(id, day(0), 7)).toBe(PRIOR_ONLY_ORIGINS);
    // Prior weights (dated night 0) are replaced on the item's own weekday.
    const fullyValidated = new Set(full);
    for (let d = 1; d <= 7; d++) {
      for (const id of items) if (!fullyValidated.has(id) && !reuseWeights(id, day(0), day(d), 7)) {
        expect(validationOriginsFor(id, day(d), 7)).toBeUndefined();
        fullyValidated.add(id);
      }
    }
    expect(fullyValidated.size).toBe(items.length);
  });
});
