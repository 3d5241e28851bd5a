import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/ui/durations.ts';

describe('formatDuration', () => {
  it('reads in s, min or h, switching where the smaller unit would reach 60', () => {
    expect(formatDuration(0.01)).toBe('under 0.1 s');
    expect(formatDuration(2.46)).toBe('2.5 s');
    expect(formatDuration(30)).toBe('30 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(150)).toBe('2.5 min');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3590)).toBe('1 h');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(36 * 3600)).toBe('36 h');
    expect(formatDuration(NaN)).toBe('an unknown time');
  });
});
