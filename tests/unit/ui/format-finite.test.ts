// No number the lab shows reads NaN, Infinity or undefined, whatever the value.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/ui/theory-summary.ts';
import { csvOf } from '../../../src/ui/chart-axes.ts';

const EDGES = [
  NaN,
  Infinity,
  -Infinity,
  undefined,
  null,
  0,
  -0,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  5e-324,
  1e-3,
  99999.99,
  1e5,
  1e308,
  -1e-320,
];

describe('formatting never prints NaN, Infinity or undefined', () => {
  it('formatNumber gives digits or a dash for every edge value', () => {
    for (const x of EDGES) {
      const s = formatNumber(x);
      expect(s).not.toMatch(/NaN|Infinity|undefined/);
      expect(s === '—' || /^-?\d(\.\d+)?(e[+-]\d+)?$|^-?\d+(\.\d+)?$/.test(s)).toBe(true);
      if (typeof x === 'number' && Number.isFinite(x)) expect(s).not.toBe('—');
    }
    // -0 prints as 0.
    expect(formatNumber(-0)).toBe('0');
  });

  it('CSV cells of non-finite numbers are empty, like null', () => {
    const csv = csvOf(
      ['a', 'b', 'c'],
      [
        [NaN, Infinity, 1.5],
        [-Infinity, null, 'x'],
      ],
    );
    expect(csv).toBe('a,b,c\n,,1.5\n,,"x"\n');
  });
});
