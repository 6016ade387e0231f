/**
 * The (item, day) keys an import has seen, to tell while parsing whether a file repeats a key.
 * A file without repeats is already one line per key, so its staged lines need no summing pass
 * (usage.repository.ts); with repeats the import sums them in SQL and runs the checks that only
 * repeats can trip (a day's lines adding up past what its row holds, a weekly key given twice).
 *
 * Per item one bitmap over the days from the first to the last it has seen (a bit a day): a file
 * of 10,000 items × 100 days is 10,000 bitmaps of 13 bytes, where a Set of 1,000,000 keys is tens
 * of megabytes. Items are dense indexes (0 … items−1), days whole days since 1970-01-01.
 */
export class DayKeySet {
  /** Per item: the day of bit 0 of its bitmap. */
  private readonly firstDay: Int32Array;
  private readonly bitmaps: (Uint8Array | undefined)[];
  private repeatCount = 0;

  constructor(items: number) {
    this.firstDay = new Int32Array(items);
    this.bitmaps = new Array<Uint8Array | undefined>(items);
  }

  /** Adds the key; false when it was there already (a repeat, counted). */
  add(item: number, day: number): boolean {
    let bits = this.bitmaps[item];
    if (!bits) {
      // Room for 8 weeks around the first day: files are usually a few weeks of each item.
      bits = this.bitmaps[item] = new Uint8Array(8);
      this.firstDay[item] = day - 28;
    }
    let offset = day - this.firstDay[item];
    if (offset < 0 || offset >= bits.length * 8) {
      bits = this.grow(item, day);
      offset = day - this.firstDay[item];
    }
    const mask = 1 << (offset & 7);
    const byte = offset >> 3;
    if (bits[byte] & mask) {
      this.repeatCount++;
      return false;
    }
    bits[byte] |= mask;
    return true;
  }

  /** Each item that has a key, with its earliest day (ascending item order). */
  firstDays(): { items: number[]; days: number[] } {
    const items: number[] = [];
    const days: number[] = [];
    this.bitmaps.forEach((bits, item) => {
      const byte = bits!.findIndex((b) => b !== 0);
      if (byte < 0) return;
      const lowest = bits![byte] & -bits![byte];
      items.push(item);
      days.push(this.firstDay[item] + byte * 8 + Math.log2(lowest));
    });
    return { items, days };
  }

  /** Keys added more than once (each extra time counts). */
  get repeats(): number {
    return this.repeatCount;
  }

  /** A bitmap covering the old range and `day` with as much room again, so growth is rare. */
  private grow(item: number, day: number): Uint8Array {
    const old = this.bitmaps[item]!;
    const oldFirst = this.firstDay[item];
    const oldLast = oldFirst + old.length * 8 - 1;
    const span = Math.max(oldLast, day) - Math.min(oldFirst, day) + 1;
    // Whole bytes added below, so the old bits copy byte for byte.
    const bytesBelow = day < oldFirst ? Math.ceil((oldFirst - day + span / 2) / 8) : 0;
    const bytesAbove = day > oldLast ? Math.ceil((day - oldLast + span / 2) / 8) : 0;
    const bits = new Uint8Array(bytesBelow + old.length + bytesAbove);
    bits.set(old, bytesBelow);
    this.bitmaps[item] = bits;
    this.firstDay[item] = oldFirst - bytesBelow * 8;
    return bits;
  }
}

/** Whole days from 1970-01-01 to a valid 'YYYY-MM-DD' on or after it. */
export function epochDay(isoDay: string): number {
  const year = +isoDay.slice(0, 4);
  const month = +isoDay.slice(5, 7);
  const day = +isoDay.slice(8, 10);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}
