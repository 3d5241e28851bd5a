/**
 * The random-functions view's URL state: defaults, a full round trip (n = infinity included),
 * bad values falling back with a notice, the readout point clamped to the grid, the view-only
 * point not re-running.
 */
import { describe, expect, it } from 'vitest';
import { FUNCTIONS_DEFAULTS, FUNCTIONS_URL } from '../../../../src/experiments/random-functions/state.ts';

describe('random functions: URL state', () => {
  it('an empty hash opens the defaults', () => {
    const { state, notices } = FUNCTIONS_URL.parse('#view=functions', 'cpu');
    expect(state).toEqual(FUNCTIONS_DEFAULTS);
    expect(notices).toEqual([]);
  });

  it('round-trips every field, n = infinity and the circle included', () => {
    const s = {
      ...FUNCTIONS_DEFAULTS,
      limit: true,
      domain: 'circle' as const,
      points: 48,
      span: 1.5,
      draws: 7,
      point: 47,
      seed: 99,
      activation: 'erf' as const,
    };
    const hash = FUNCTIONS_URL.format(s);
    expect(hash).toMatch(/^#view=functions&/);
    expect(hash).toContain('limit=1');
    const back = FUNCTIONS_URL.parse(hash, 'cpu');
    expect(back.state).toEqual(s);
    expect(back.notices).toEqual([]);
  });

  it('bad values fall back to their defaults with a notice; the point is clamped to the grid', () => {
    const { state, notices } = FUNCTIONS_URL.parse(
      '#view=functions&activation=softmax&point=40&points=17',
      'cpu',
    );
    expect(state.activation).toBe('relu');
    expect(notices.some((n) => n.includes('activation'))).toBe(true);
    expect(state.point).toBe(16);
    const big = FUNCTIONS_URL.parse('#view=functions&points=200', 'cpu');
    expect(big.state.points).toBe(41);
    expect(big.notices).toHaveLength(1);
    const d = FUNCTIONS_URL.parse('#view=functions&domain=sphere', 'cpu');
    expect(d.state.domain).toBe('line');
    expect(d.notices).toHaveLength(1);
  });

  it('the readout point and presentation mode are view-only; the width is not', () => {
    const a = FUNCTIONS_DEFAULTS;
    expect(FUNCTIONS_URL.sameRun(a, { ...a, point: 3, present: true })).toBe(true);
    expect(FUNCTIONS_URL.sameRun(a, { ...a, limit: true })).toBe(false);
    expect(FUNCTIONS_URL.sameRun(a, { ...a, width: 16 })).toBe(false);
  });
});
