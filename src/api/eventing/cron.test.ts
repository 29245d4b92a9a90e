import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleError, timezoneError } from './cron.js';

test('cron - accepts five-field schedules and descriptors', () => {
  for (const s of [
    '* * * * *',
    '*/2 * * * *',
    '0 9-17 * * MON-FRI',
    '0,30 8 1 jan,jul ?',
    '5/15 0 1-31/2 1-12 0-6',
    '@hourly',
    '@every 1h30m',
    '@every 10s',
    'CRON_TZ=Asia/Shanghai 0 8 * * *',
    '*/2 * * * * *',
    '30 0 8 * * MON',
  ]) {
    assert.equal(scheduleError(s), undefined, s);
  }
});

test('cron - explains what is wrong with a schedule', () => {
  assert.equal(scheduleError('every minute'), 'expected 5 to 6 fields, found 2: [every minute]');
  assert.equal(scheduleError('* * * * * * *'), 'expected 5 to 6 fields, found 7: [* * * * * * *]');
  assert.equal(scheduleError('60 * * * * *'), 'end of range (60) above maximum (59): 60');
  assert.equal(scheduleError('0 * * * * 7'), 'end of range (7) above maximum (6): 7');
  assert.equal(scheduleError(''), 'empty spec string');
  assert.equal(scheduleError('60 * * * *'), 'end of range (60) above maximum (59): 60');
  assert.equal(scheduleError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(scheduleError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(scheduleError('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(scheduleError('x * * * *'), 'failed to parse int from x: x');
  assert.equal(scheduleError('@sometimes'), 'unrecognized descriptor: @sometimes');
  assert.match(scheduleError('@every soon')!, /failed to parse duration/);
  assert.match(scheduleError('CRON_TZ=Mars/Base 0 8 * * *')!, /provided bad location Mars\/Base/);
});

test('cron - time zones', () => {
  assert.equal(timezoneError('Europe/Madrid'), undefined);
  assert.equal(timezoneError('UTC'), undefined);
  assert.equal(
    timezoneError('Nowhere/Land'),
    'provided bad location Nowhere/Land: unknown time zone Nowhere/Land',
  );
});
