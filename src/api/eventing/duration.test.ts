import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIsoDuration } from './duration.js';

test('duration - parses ISO-8601 durations to milliseconds', () => {
  const table: [string, number | undefined][] = [
    ['PT0.2S', 200],
    ['PT1S', 1000],
    ['PT1M', 60_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT1H', 90_000_000],
    ['P1W', 7 * 86_400_000],
    ['PT1M30.5S', 90_500],
    ['PT0,5S', 500],
    ['PT0S', 0],
    ['-PT1S', -1000],
    ['PT', undefined],
    ['P', undefined],
    ['P1DT', undefined],
    ['1s', undefined],
    ['', undefined],
    ['pt1s', undefined],
    ['PT1S ', undefined],
    ['PT1.S', undefined],
    ['PT1H1H', undefined],
  ];
  for (const [input, want] of table) assert.equal(parseIsoDuration(input), want, input);
});
