/** URL state of the depth and two-inputs views (and the shell's routing): round trip, bad values fall back with a notice, view routing. */
import { describe, expect, it } from 'vitest';
import {
  DEPTH_DEFAULTS,
  formatDepthHash,
  parseDepthHash,
  sameDepthRun as sameViewRun,
  sameDepthState as sameView,
} from '../../../../src/experiments/depth-criticality/state.ts';
import {
  TWO_INPUTS_DEFAULTS,
  formatTwoInputsHash,
  parseTwoInputsHash,
} from '../../../../src/experiments/two-inputs/state.ts';
import { linkFor, viewOf } from '../../../../src/app/routes.ts';

describe('views URL state', () => {
  it('depth: every field round-trips exactly, and the hash names its view first', () => {
    const s = {
      ...DEPTH_DEFAULTS,
      width: 256,
      depth: 17,
      activation: 'tanh' as const,
      cw: 1.2345678901,
      cb: 0.1,
      networks: 777,
      seed: 4294967295,
      engine: 'explicit' as const,
      norm: 'rms' as const,
      dropout: 0.25,
      compare: true,
      present: true,
    };
    expect(formatDepthHash(s)).toContain('&present=1&');
    expect(formatDepthHash(s)).toContain('&compare=1');
    const hash = formatDepthHash(s);
    expect(hash.startsWith('#view=depth&')).toBe(true);
    expect(viewOf(hash)).toBe('depth');
    const back = parseDepthHash(hash);
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(s);
    expect(sameView(back.state, s)).toBe(true);
  });

  it('present switches presentation mode without counting as a different run', () => {
    const a = parseDepthHash('#view=depth&present=1').state;
    expect(a.present).toBe(true);
    expect(sameViewRun(a, DEPTH_DEFAULTS)).toBe(true);
    expect(sameView(a, DEPTH_DEFAULTS)).toBe(false);
    expect(sameViewRun({ ...a, cw: 3 }, DEPTH_DEFAULTS)).toBe(false);
  });

  it('two inputs: round trip including a negative input correlation', () => {
    const s = { ...TWO_INPUTS_DEFAULTS, rho: -0.3, cw: 3.125, cb: 0.2, shade: 'chi' as const };
    const hash = formatTwoInputsHash(s);
    expect(viewOf(hash)).toBe('two-inputs');
    expect(parseTwoInputsHash(hash)).toEqual({ state: s, notices: [], keys: [] });
  });

  it('invalid values fall back to their defaults, each with a notice; unknown keys are named', () => {
    const { state, notices } = parseDepthHash(
      '#view=depth&width=0&depth=7&cw=-1&norm=batch&dropout=0.95&networks=12.5&compare=yes&bogus=1',
    );
    expect(state).toEqual({ ...DEPTH_DEFAULTS, depth: 7 });
    expect(notices).toHaveLength(7);
    expect(notices.join(' ')).toMatch(/width=.*cw=.*networks=.*norm=.*dropout=.*compare=.*"bogus"/s);
    // Each notice names the parameter it is about, so that setting that field can clear it.
    expect(parseDepthHash('#view=depth&width=0&cw=-1&bogus=1').keys).toEqual(['width', 'cw', 'bogus']);
    const two = parseTwoInputsHash('#view=two-inputs&rho=1.5&activation=nope&shade=rainbow');
    expect(two.state).toEqual(TWO_INPUTS_DEFAULTS);
    expect(two.notices).toHaveLength(3);
  });

  it('a hash without a view (the Gaussian-limit lab) or with an unknown view is the default view', () => {
    expect(viewOf('#width=64&depth=5')).toBe('gaussian');
    expect(viewOf('')).toBe('gaussian');
    expect(viewOf('#view=nope')).toBe('gaussian');
    expect(viewOf('#view=gaussian&width=64')).toBe('gaussian');
  });

  it("the nav's links name their view, and the presentation mode when on", () => {
    expect(linkFor('gaussian', false)).toBe('#view=gaussian');
    expect(linkFor('depth', true)).toBe('#view=depth&present=1');
    expect(viewOf(linkFor('two-inputs', false))).toBe('two-inputs');
  });
});
