/** The tour's links (lab/tour.ts) and the shell fields the views keep (url-fields.ts): round trips, and a tour field no view reports. */
import { describe, expect, it } from 'vitest';
import { stepHash, stepLink, tourIdOf, tourPosition, tourStep, withoutTour } from '../../../src/lab/tour.ts';
import { keepShellFields } from '../../../src/lab/url-fields.ts';
import { DEPTH_URL } from '../../../src/experiments/depth-criticality/state.ts';
import { TWO_INPUTS_URL } from '../../../src/experiments/two-inputs/state.ts';

const a = tourStep(DEPTH_URL, 'depth-a', 'A', 'Do a.', { width: 8, compare: true, cw: 1.25 });
const b = tourStep(TWO_INPUTS_URL, 'two-b', 'B', 'Do b.', { shade: 'chi', rho: -0.5 });

describe('tour links', () => {
  it('a step writes its fields as the views do (booleans 1/0, numbers in full) after its view', () => {
    expect(stepHash(a)).toBe('#view=depth&width=8&compare=1&cw=1.25');
    expect(stepLink(a, false)).toBe('#view=depth&width=8&compare=1&cw=1.25&tour=depth-a');
    expect(stepLink(b, true)).toBe('#view=two-inputs&shade=chi&rho=-0.5&present=1&tour=two-b');
  });

  it("a step's link reads back as that step, and without the tour field as its view's state", () => {
    const steps = [a, b];
    for (const [i, s] of steps.entries()) {
      for (const presenting of [false, true]) {
        const link = stepLink(s, presenting);
        expect(tourIdOf(link)).toBe(s.id);
        expect(tourPosition(steps, link)).toEqual({ kind: 'step', index: i });
        expect(withoutTour(link)).toBe(presenting ? `${stepHash(s)}&present=1` : stepHash(s));
      }
    }
    expect(tourPosition(steps, '#view=depth&width=8')).toEqual({ kind: 'off' });
    expect(tourPosition(steps, '#view=depth&tour=nope')).toEqual({ kind: 'unknown', id: 'nope' });
    expect(withoutTour('#view=depth&width=8')).toBe('#view=depth&width=8');
  });

  it("the tour field is no view's unknown setting, and a view rewriting its hash keeps it", () => {
    const parsed = DEPTH_URL.parse(stepLink(a, true), 'cpu');
    expect(parsed.notices).toEqual([]);
    expect(parsed.state).toMatchObject({ width: 8, compare: true, cw: 1.25, present: true });
    // Any other unknown field is still reported.
    expect(DEPTH_URL.parse('#view=depth&tours=1', 'cpu').notices).toEqual([
      'Ignored unknown setting "tours" in the link.',
    ]);
    const rewritten = keepShellFields(DEPTH_URL.format(parsed.state), stepLink(a, true));
    expect(tourIdOf(rewritten)).toBe('depth-a');
    expect(DEPTH_URL.parse(rewritten, 'cpu').state).toEqual(parsed.state);
    // Nothing to keep: the view's hash as it wrote it; its own view field wins over the old one.
    expect(keepShellFields('#view=depth&width=8', '#view=two-inputs&rho=0')).toBe('#view=depth&width=8');
    expect(keepShellFields('#view=depth&width=8', '#view=two-inputs&tour=x')).toBe(
      '#view=depth&width=8&tour=x',
    );
  });
});
