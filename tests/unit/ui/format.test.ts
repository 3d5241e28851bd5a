// The theory table's number format: four significant digits, exponents at the extremes.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/ui/theory-summary.ts';

describe('formatNumber', () => {
  it('keeps four significant digits and drops trailing zeros', () => {
    expect(formatNumber(2.47614)).toBe('2.476');
    expect(formatNumber(1.875)).toBe('1.875');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(0)).toBe('0');
  });
  it('switches to exponent form below 1e-3 and from 1e5', () => {
    expect(formatNumber(0.000123456)).toBe('1.235e-4');
    expect(formatNumber(123456)).toBe('1.235e+5');
    expect(formatNumber(-0.5)).toBe('-0.5');
  });
  it('shows a dash where there is no value', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});
