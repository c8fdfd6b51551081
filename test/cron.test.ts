import { describe, expect, it } from 'vitest';
import { cronInterval, parseCron } from '../rules/events/interval-polling/cron.js';
import { humanIntervalMs } from '../rules/events/interval-polling/schedule-formats.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('cronInterval', () => {
  it.each([
    ['* * * * *', MINUTE, 'every minute'],
    ['*/5 * * * *', 5 * MINUTE, 'every 5 minutes'],
    ['0,15,30,45 * * * *', 15 * MINUTE, 'a list at even gaps'],
    ['0 * * * *', HOUR, 'hourly at :00'],
    ['@hourly', HOUR, 'the hourly macro'],
    ['0 */2 * * *', 2 * HOUR, 'every two hours'],
    ['0 9 * * *', DAY, 'daily at 9:00'],
    ['30 4 * * 1', 7 * DAY, 'weekly on Monday'],
    ['0 0 * * SUN', 7 * DAY, 'a weekday name'],
    ['*/30 * * * * *', 30_000, 'six fields: every 30 seconds'],
    ['0 */5 * * * *', 5 * MINUTE, 'six fields: every 5 minutes at second 0'],
    ['* * * * * *', 1000, 'six fields: every second'],
    ['5/20 * * * *', 20 * MINUTE, 'a start with a step: :05, :25, :45'],
  ])('%s runs at a steady rate (%s)', (expression, ms) => {
    expect(cronInterval(expression)).toEqual({ shortestMs: ms, regular: true });
  });

  it.each([
    ['0 9 * * 1-5', DAY, 'weekdays at 9:00: a three-day gap over the weekend'],
    ['*/7 * * * *', 4 * MINUTE, 'every 7 minutes wraps at :56 → :00'],
    ['*/10 9-17 * * *', 10 * MINUTE, 'every 10 minutes in business hours'],
    ['0 9,17 * * *', 8 * HOUR, 'twice a day at uneven gaps'],
    ['0 0 1 * *', 28 * DAY, 'monthly: the shortest month'],
    ['10-40/10 * * * *', 10 * MINUTE, 'a stepped range'],
  ])('%s is irregular with the shortest gap (%s)', (expression, ms) => {
    expect(cronInterval(expression)).toEqual({ shortestMs: ms, regular: false });
  });

  it('counts 7 as Sunday and names as numbers', () => {
    expect(parseCron('0 0 * JAN-MAR 7')?.daysOfWeek).toEqual(new Set([0]));
    expect(parseCron('0 0 * JAN-MAR 7')?.months).toEqual(new Set([1, 2, 3]));
  });

  it('treats both day fields restricted as either one matching', () => {
    // The 1st of the month or any Monday: sometimes on consecutive days.
    expect(cronInterval('0 0 1 * 1')?.shortestMs).toBe(DAY);
  });

  it.each(['', 'every minute', '* * * *', '0 0 * * * * 2030', '0 0 L * *', '0 0 * * 1#2', '61 * * * *', '*/0 * * * *', '0 0 30 2 *', '5-1 * * * *'])(
    'gives no interval for %j rather than a guess',
    (expression) => {
      expect(cronInterval(expression)).toBeUndefined();
    },
  );
});

describe('humanIntervalMs', () => {
  it.each([
    ['5 minutes', 5 * MINUTE],
    ['one minute', MINUTE],
    ['an hour', HOUR],
    ['30 seconds', 30_000],
    ['1.5 hours', 1.5 * HOUR],
    ['every 10 minutes', 10 * MINUTE],
    ['1 hour and 30 minutes', 90 * MINUTE],
    ['5m', 5 * MINUTE],
    ['15s', 15_000],
    ['2 days', 2 * DAY],
  ])('%s is %d ms', (text, ms) => {
    expect(humanIntervalMs(text)).toBe(ms);
  });

  it.each(['', 'soon', 'at 9:00', 'minutes', '5 fortnights'])('does not guess %j', (text) => {
    expect(humanIntervalMs(text)).toBeUndefined();
  });
});
