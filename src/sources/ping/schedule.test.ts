import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PingScheduleError, pingSchedule } from './schedule.js';

const iso = (d: Date | undefined) => d?.toISOString();

test('ping schedule - five fields tick on the minute, six on the second', () => {
  const from = new Date('2024-05-01T10:00:30.250Z');
  assert.equal(iso(pingSchedule('* * * * *', 'UTC').next(from)), '2024-05-01T10:01:00.000Z');
  assert.equal(iso(pingSchedule('*/10 * * * * *', 'UTC').next(from)), '2024-05-01T10:00:40.000Z');
  // Strictly after: a tick exactly at `from` is not the next one.
  const tick = new Date('2024-05-01T10:01:00.000Z');
  assert.equal(iso(pingSchedule('* * * * *', 'UTC').next(tick)), '2024-05-01T10:02:00.000Z');
});

test('ping schedule - the time zone is the wall clock the schedule is read on', () => {
  const from = new Date('2024-01-15T00:00:00Z');
  // 08:00 in Tokyo (UTC+9) is 23:00 UTC the day before.
  assert.equal(iso(pingSchedule('0 8 * * *', 'Asia/Tokyo').next(from)), '2024-01-15T23:00:00.000Z');
  // A CRON_TZ= prefix works too; spec.timezone wins over it, as Knative prepends its own.
  assert.equal(iso(pingSchedule('CRON_TZ=Asia/Tokyo 0 8 * * *').next(from)), '2024-01-15T23:00:00.000Z');
  assert.equal(
    iso(pingSchedule('CRON_TZ=Asia/Tokyo 0 8 * * *', 'Europe/Madrid').next(from)),
    '2024-01-15T07:00:00.000Z',
  );
  // Madrid in summer is UTC+2.
  assert.equal(
    iso(pingSchedule('0 8 * * *', 'Europe/Madrid').next(new Date('2024-07-01T00:00:00Z'))),
    '2024-07-01T06:00:00.000Z',
  );
  assert.equal(pingSchedule('* * * * *', 'Local').timezone, undefined);
});

test('ping schedule - robfig dialect: ?, N/step, names and descriptors', () => {
  const from = new Date('2024-01-01T00:00:00Z'); // a Monday
  assert.equal(iso(pingSchedule('0 12 ? * *', 'UTC').next(from)), '2024-01-01T12:00:00.000Z');
  // robfig reads 5/15 as 5-59/15.
  assert.deepEqual(
    [1, 2, 3]
      .reduce<Date[]>((acc) => [...acc, pingSchedule('5/15 * * * *', 'UTC').next(acc.at(-1) ?? from)!], [])
      .map(iso),
    ['2024-01-01T00:05:00.000Z', '2024-01-01T00:20:00.000Z', '2024-01-01T00:35:00.000Z'],
  );
  assert.equal(iso(pingSchedule('0 9 * * FRI', 'UTC').next(from)), '2024-01-05T09:00:00.000Z');
  assert.equal(iso(pingSchedule('@hourly', 'UTC').next(from)), '2024-01-01T01:00:00.000Z');
  assert.equal(iso(pingSchedule('@midnight', 'UTC').next(from)), '2024-01-02T00:00:00.000Z');
});

test('ping schedule - what croner cannot read is a PingScheduleError', () => {
  assert.throws(() => pingSchedule('not a schedule'), PingScheduleError);
});
