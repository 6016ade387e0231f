import { SettableClock, utcToday } from './clock';

describe('SettableClock', () => {
  it('stands still until it is set or advanced', () => {
    const clock = new SettableClock('2026-11-30T23:59:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-30T23:59:00.000Z');
    expect(utcToday(clock)).toBe('2026-11-30');
    clock.advance(60_000);
    expect(utcToday(clock)).toBe('2026-12-01');
    clock.set('2027-01-04T02:00:00Z');
    expect(clock.now().getUTCDay()).toBe(1);
  });
});
