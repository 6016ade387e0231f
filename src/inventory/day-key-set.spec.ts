import { DayKeySet, epochDay } from './day-key-set';

describe('DayKeySet', () => {
  it('says a key is new once and counts every repeat', () => {
    const keys = new DayKeySet(3);
    expect(keys.add(0, 19_723)).toBe(true);
    expect(keys.add(1, 19_723)).toBe(true); // same day, another item
    expect(keys.add(0, 19_724)).toBe(true); // same item, another day
    expect(keys.add(0, 19_723)).toBe(false);
    expect(keys.add(0, 19_723)).toBe(false);
    expect(keys.repeats).toBe(2);
  });

  it("keeps what it saw when an item's range grows below and above its first bitmap", () => {
    const keys = new DayKeySet(1);
    const days = [20_000, 19_990, 20_030, 19_000, 21_500, 0, 20_001, 19_999];
    for (const day of days) expect(keys.add(0, day)).toBe(true);
    for (const day of days) expect(keys.add(0, day)).toBe(false);
    expect(keys.add(0, 19_998)).toBe(true);
    expect(keys.add(0, 21_501)).toBe(true);
    expect(keys.repeats).toBe(days.length);
  });

  it('gives each item with a key its earliest day, after growth below the first bitmap too', () => {
    const keys = new DayKeySet(4);
    keys.add(2, 20_000);
    keys.add(0, 19_723);
    keys.add(2, 19_100); // far below: the bitmap grows downwards
    keys.add(2, 20_500);
    keys.add(0, 19_725);
    expect(keys.firstDays()).toEqual({ items: [0, 2], days: [19_723, 19_100] });
  });

  it('agrees with a Set of keys on 20,000 random (item, day) pairs', () => {
    const keys = new DayKeySet(50);
    const seen = new Set<string>();
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let i = 0; i < 20_000; i++) {
      const item = Math.floor(random() * 50);
      const day = 19_000 + Math.floor(random() * 1_500);
      const key = `${item} ${day}`;
      expect(keys.add(item, day)).toBe(!seen.has(key));
      seen.add(key);
    }
    expect(keys.repeats).toBe(20_000 - seen.size);
    const first = new Map<number, number>();
    for (const key of seen) {
      const [item, day] = key.split(' ').map(Number);
      first.set(item, Math.min(first.get(item) ?? Infinity, day));
    }
    const { items, days } = keys.firstDays();
    expect(new Map(items.map((item, i) => [item, days[i]]))).toEqual(first);
  });
});

describe('epochDay', () => {
  it('counts whole days from 1970-01-01', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('1970-02-01')).toBe(31);
    expect(epochDay('2024-01-01')).toBe(19_723); // 54 years, 13 of them leap: 54 · 365 + 13
    expect(epochDay('2024-03-01') - epochDay('2024-02-28')).toBe(2); // 2024 is a leap year
  });
});
