import { describe, expect, it } from 'vitest';
import {
  criticalFor,
  defaultsFor,
  formatHash,
  parseHash,
  sameRun,
  sameState,
  type LabState,
} from '../../../../src/experiments/gaussian-limit/state.ts';

const defaults = defaultsFor('webgpu');

describe('lab state in the URL hash', () => {
  it('round-trips every field exactly, full-precision numbers and the seed included', () => {
    const s: LabState = {
      width: 1024,
      depth: 37,
      activation: 'tanh',
      cw: 1.2345678901234567,
      cb: 0.05,
      networks: 12345,
      seed: 4294967295,
      engine: 'explicit',
      present: true,
    };
    const back = parseHash(formatHash(s), defaults);
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(s);
    expect(sameState(back.state, s)).toBe(true);
  });

  it('the hash names its view first; a link without one (the first links) reads the same', () => {
    const hash = formatHash(defaults);
    expect(hash.startsWith('#view=gaussian&width=64&')).toBe(true);
    expect(parseHash(hash.replace('view=gaussian&', ''), defaults)).toEqual({
      state: defaults,
      notices: [],
      keys: [],
    });
  });

  it('an empty hash gives the defaults (critical ReLU) without notices', () => {
    const r = parseHash('', defaults);
    expect(r.state).toEqual(defaults);
    expect(r.notices).toEqual([]);
    expect(defaults.cw).toBe(2);
    expect(defaults.cb).toBe(0);
  });

  it('without WebGPU the default ensemble is smaller', () => {
    expect(defaultsFor('cpu').networks).toBeLessThan(defaultsFor('webgpu').networks);
  });

  it.each([
    ['width=-5', 'width'],
    ['width=0', 'width'],
    ['width=16385', 'width'],
    ['width=3.5', 'width'],
    ['width=abc', 'width'],
    ['depth=101', 'depth'],
    ['depth=0', 'depth'],
    ['activation=softmax', 'activation'],
    ['cw=0', 'cw'],
    ['cw=-1', 'cw'],
    ['cb=-0.1', 'cb'],
    ['cw=NaN', 'cw'],
    ['networks=5', 'networks'],
    ['seed=-1', 'seed'],
    ['seed=4294967296', 'seed'],
    ['engine=magic', 'engine'],
    ['present=yes', 'present'],
  ])('%s falls back to the default with a notice', (hash, field) => {
    const r = parseHash(field === 'depth' ? `#${hash}` : `#${hash}&depth=7`, defaults);
    expect(r.state[field as keyof LabState]).toBe(defaults[field as keyof LabState]);
    expect(r.notices.length).toBe(1);
    expect(r.notices[0]).toContain(field);
    if (field !== 'depth') expect(r.state.depth).toBe(7); // the valid field next to it is kept
  });

  it('an unknown key is reported, the rest kept', () => {
    const r = parseHash('#width=8&colour=red', defaults);
    expect(r.state.width).toBe(8);
    expect(r.notices).toEqual(['Ignored unknown setting "colour" in the link.']);
  });

  it("a link naming an activation but no C_W / C_b gets that activation's critical point", () => {
    const r = parseHash('#activation=erf', defaults);
    expect(r.state.cw).toBeCloseTo(Math.PI / 4, 12);
    expect(r.state.cb).toBe(0);
    const t = parseHash('#activation=tanh&cw=1.5', defaults);
    expect(t.state.cw).toBe(1.5);
    expect(criticalFor('tanh')).toEqual({ cw: 1, cb: 0 });
  });

  it('the view (present) is state, but not a different run', () => {
    const a = { ...defaults, present: true };
    expect(sameState(a, defaults)).toBe(false);
    expect(sameRun(a, defaults)).toBe(true);
    expect(sameRun({ ...defaults, seed: 2 }, defaults)).toBe(false);
    expect(formatHash(a)).toContain('present=1');
  });
});
