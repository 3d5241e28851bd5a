/**
 * The guided tour's table (app/tour-steps.ts): in the theory's order, one chapter per view of
 * the lab, and every step's link read by its own view's parser with no notice and the state the
 * step names, on either backend, in or out of presentation mode. The two-inputs steps' phases
 * are the ones their texts name (by the view's own fixed-point classification).
 */
import { describe, expect, it } from 'vitest';
import { TOUR_STEPS, THEORY_ORDER } from '../../../src/app/tour-steps.ts';
import { EXPERIMENTS } from '../../../src/app/experiments.ts';
import { viewOf } from '../../../src/app/routes.ts';
import { stepLink, tourPosition, withoutTour } from '../../../src/lab/tour.ts';
import { fixedPointAt } from '../../../src/experiments/two-inputs/model.ts';
import { TWO_INPUTS_URL } from '../../../src/experiments/two-inputs/state.ts';
import { GAUSSIAN_URL } from '../../../src/experiments/gaussian-limit/state.ts';
import { exactKurtosisProduct, scaleInvariantNu } from '../../../src/theory/exact.ts';
import { makeActivation } from '../../../src/theory/activations.ts';

describe('the tour steps', () => {
  it('follow the theory: each view one run of steps, the views in THEORY_ORDER, every view of the lab in it', () => {
    const chapters = TOUR_STEPS.map((s) => s.view).filter((v, i, all) => i === 0 || all[i - 1] !== v);
    // A view's steps are together (a view's chapter once).
    expect(new Set(chapters).size).toBe(chapters.length);
    const positions = chapters.map((v) => THEORY_ORDER.indexOf(v));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    // Every view the shell shows has its chapter, of 3 to 5 steps.
    expect(new Set(chapters)).toEqual(new Set(EXPERIMENTS.map((e) => e.view)));
    for (const v of chapters) {
      const n = TOUR_STEPS.filter((s) => s.view === v).length;
      expect(n, v).toBeGreaterThanOrEqual(3);
      expect(n, v).toBeLessThanOrEqual(5);
    }
  });

  it('have unique ids fit for links, a title and a text', () => {
    const ids = TOUR_STEPS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of TOUR_STEPS) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.title.length).toBeGreaterThan(0);
      // Short enough for the tour bar: two lines of it at 1280 px (the one-screen rule).
      expect(s.text.length, s.id).toBeGreaterThan(40);
      expect(s.title.length + s.text.length, s.id).toBeLessThanOrEqual(200);
    }
  });

  it("each step's link opens its view with no notice and the state it names, on either backend and in presentation mode", () => {
    for (const s of TOUR_STEPS) {
      expect(Object.keys(s.fields).length, s.id).toBeGreaterThan(0);
      for (const presenting of [false, true]) {
        const link = stepLink(s, presenting);
        expect(viewOf(link), s.id).toBe(s.view);
        for (const backend of ['cpu', 'webgpu'] as const) {
          const { state, notices } = s.parse(link, backend);
          expect(notices, `${s.id} on ${backend}`).toEqual([]);
          const parsed = state as Record<string, unknown>;
          expect(parsed.present, s.id).toBe(presenting);
          for (const [k, v] of Object.entries(s.fields)) {
            const got = parsed[k];
            const written = typeof got === 'boolean' ? (got ? '1' : '0') : String(got);
            expect(written, `${s.id}: ${k}`).toBe(v);
          }
          // The same state without the tour field: the tour only names the step.
          expect(s.parse(withoutTour(link), backend).state).toEqual(state);
        }
        expect(tourPosition(TOUR_STEPS, link)).toEqual({ kind: 'step', index: TOUR_STEPS.indexOf(s) });
      }
    }
  });

  it('the two-inputs steps sit in the phases their texts name', () => {
    const phase = (id: string) => {
      const s = TOUR_STEPS.find((t) => t.id === id)!;
      const st = TWO_INPUTS_URL.parse(stepLink(s, false), 'cpu').state;
      const fp = fixedPointAt(st);
      return fp.kind === 'fixed' ? fp.phase : 'none';
    };
    expect(phase('two-inputs-chaos')).toBe('chaotic');
    expect(phase('two-inputs-order')).toBe('ordered');
  });

  it("the first step's kurtosis is the exact one its text gives: 15/8 for ReLU, C_b = 0, one hidden layer of 8", () => {
    const s = TOUR_STEPS.find((t) => t.id === 'gaussian-narrow')!;
    const st = GAUSSIAN_URL.parse(stepLink(s, false), 'cpu').state;
    expect(st).toMatchObject({ activation: 'relu', cb: 0, width: 8, depth: 2 });
    const nu = scaleInvariantNu(makeActivation(st.activation))!;
    const kurtosis = exactKurtosisProduct(nu, Array<number>(st.depth - 1).fill(st.width));
    expect(kurtosis).toBeCloseTo(15 / 8, 12);
    expect(s.text).toContain('15/8');
  });
});
