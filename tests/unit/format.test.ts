import { describe, expect, it } from 'vitest';
import { formatListDate, formatLongDate } from '@/lib/format';

// Dates are built in the process's local time zone, as the server formats them, so these hold in any TZ.
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString();
const NOW = new Date(2024, 2, 5, 14, 30); // Tue 5 Mar 2024, 14:30

describe('formatListDate', () => {
  it('shows the time of day for today', () => {
    expect(formatListDate(at(2024, 3, 5, 14, 5), NOW)).toBe('14:05');
    expect(formatListDate(at(2024, 3, 5, 0, 0), NOW)).toBe('00:00');
    expect(formatListDate(at(2024, 3, 5, 9, 7), NOW)).toBe('09:07');
    // Later today (a sender's clock ahead) is still today.
    expect(formatListDate(at(2024, 3, 5, 23, 59), NOW)).toBe('23:59');
  });

  it('shows the weekday within the six days before today', () => {
    expect(formatListDate(at(2024, 3, 4, 23, 59), NOW)).toBe('Mon');
    expect(formatListDate(at(2024, 3, 1, 8, 0), NOW)).toBe('Fri');
    expect(formatListDate(at(2024, 2, 28, 0, 1), NOW)).toBe('Wed');
  });

  it('shows day and month from a week back, with the year before this year', () => {
    // Seven days ago is the same weekday as today: a date, not "Tue".
    expect(formatListDate(at(2024, 2, 27, 12, 0), NOW)).toBe('27 Feb');
    expect(formatListDate(at(2024, 1, 1, 9, 0), NOW)).toBe('1 Jan');
    expect(formatListDate(at(2023, 12, 31, 23, 0), NOW)).toBe('31 Dec 2023');
    expect(formatListDate(at(2023, 3, 3, 10, 0), NOW)).toBe('3 Mar 2023');
  });

  it('shows a date in the future as a date, never as a weekday', () => {
    expect(formatListDate(at(2024, 3, 6, 9, 0), NOW)).toBe('6 Mar');
    expect(formatListDate(at(2025, 1, 2, 9, 0), NOW)).toBe('2 Jan 2025');
  });

  it('counts calendar days, not 24-hour periods', () => {
    const lateNow = new Date(2024, 2, 5, 0, 30);
    expect(formatListDate(at(2024, 3, 4, 23, 50), lateNow)).toBe('Mon');
    expect(formatListDate(at(2024, 3, 5, 0, 10), lateNow)).toBe('00:10');
  });

  it('gives nothing for no date or a date that is none', () => {
    expect(formatListDate(null, NOW)).toBe('');
    expect(formatListDate('sometime next week', NOW)).toBe('');
  });
});

describe('formatLongDate', () => {
  it('has one full format: weekday, day, month, year, time', () => {
    expect(formatLongDate(at(2024, 3, 5, 14, 5))).toBe('Tue 5 Mar 2024, 14:05');
    expect(formatLongDate(at(2023, 12, 31, 0, 0))).toBe('Sun 31 Dec 2023, 00:00');
    expect(formatLongDate(at(2024, 9, 10, 8, 9))).toBe('Tue 10 Sep 2024, 08:09');
  });

  it('says so when there is no date', () => {
    expect(formatLongDate(null)).toBe('(no date)');
    expect(formatLongDate(undefined)).toBe('(no date)');
    expect(formatLongDate('not a date')).toBe('(no date)');
  });
});
