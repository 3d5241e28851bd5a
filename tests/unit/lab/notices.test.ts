/**
 * What the page says about settings it cannot use: a bad link's notices as one group, each gone
 * once its field is set; a typed value gets the same words as the link's notice; a long run's
 * smaller ensemble; a view's settings kept across a switch of views.
 */
import { describe, expect, it } from 'vitest';
import { LinkNotices, linkGroup } from '../../../src/lab/notices.ts';
import { typedCheck } from '../../../src/lab/url-fields.ts';
import { asksFirst, roundDown125, smallerEnsemble } from '../../../src/lab/run-estimate.ts';
import { DEPTH_FIELDS, DEPTH_URL, DEPTH_DEFAULTS } from '../../../src/experiments/depth-criticality/state.ts';
import { GAUSSIAN_FIELDS } from '../../../src/experiments/gaussian-limit/state.ts';
import { returnLink } from '../../../src/app/routes.ts';
import { TypedValues } from '../../../src/ui/form-fields.ts';

describe("a bad link's notices", () => {
  const parsed = DEPTH_URL.parse('#view=depth&width=abc&cw=-1&networks=99999999&bogus=1', 'cpu');

  it('are one notice listing every bad parameter, each with the words of its field', () => {
    const n = new LinkNotices();
    n.fromLink(parsed.notices, parsed.keys);
    const g = linkGroup(n.link)!;
    expect(g.heading).toBe('The link had 4 settings the lab could not use:');
    expect(g.items).toEqual([
      'Ignored width="abc" from the link: Width must be a whole number from 1 to 4096; using 64.',
      'Ignored cw="-1" from the link: C_W must be a number above 0 and at most 100; using 2.',
      'Ignored networks="99999999" from the link: Networks must be a whole number from 100 to 100000; using 2000.',
      'Ignored unknown setting "bogus" in the link.',
    ]);
  });

  it('lose an item once its field is set, read as one notice when one is left, and go when dismissed', () => {
    const n = new LinkNotices();
    n.fromLink(parsed.notices, parsed.keys);
    n.fieldsSet(['depth']); // not one of them
    expect(n.link).toHaveLength(4);
    n.fieldsSet(['width', 'networks']);
    n.fieldsSet(['cw']);
    expect(linkGroup(n.link)).toEqual({
      heading: null,
      items: ['Ignored unknown setting "bogus" in the link.'],
    });
    n.add('The GPU device was lost: gone.');
    n.dismissLink();
    expect(linkGroup(n.link)).toBeNull();
    expect(n.other).toEqual(['The GPU device was lost: gone.']);
    n.dismiss(0);
    expect(n.other).toEqual([]);
  });

  it('a new link replaces every notice', () => {
    const n = new LinkNotices();
    n.add('worker says');
    n.fromLink(['Ignored unknown setting "x" in the link.'], ['x']);
    expect(n.other).toEqual([]);
    expect(n.link).toEqual([{ key: 'x', text: 'Ignored unknown setting "x" in the link.' }]);
  });
});

describe('a typed value', () => {
  it('is checked by the same field as the link, with the same words and the value still in use', () => {
    const networks = typedCheck(DEPTH_FIELDS.networks, 'Networks', 2000);
    expect(networks('99999')).toEqual({ value: 99999 });
    expect(networks('99999999')).toEqual({
      message: 'Networks must be a whole number from 100 to 100000; still using 2000.',
    });
    expect(networks('250.5')).toHaveProperty('message');
    expect(networks('')).toHaveProperty('message');
    const cw = typedCheck(GAUSSIAN_FIELDS.cw, 'C_W', 2);
    expect(cw('0')).toEqual({ message: 'C_W must be a number above 0 and at most 100; still using 2.' });
    expect(cw('1e-3')).toEqual({ value: 0.001 });
    const linkNotice = DEPTH_URL.parse('#view=depth&networks=99999999', 'cpu').notices[0];
    expect(linkNotice).toContain('Networks must be a whole number from 100 to 100000;');
  });

  it('number fields carry their bounds', () => {
    expect([DEPTH_FIELDS.networks.min, DEPTH_FIELDS.networks.max]).toEqual([100, 100_000]);
    expect([DEPTH_FIELDS.dropout.min, DEPTH_FIELDS.dropout.max]).toEqual([0, 0.9]);
    expect([GAUSSIAN_FIELDS.seed.min, GAUSSIAN_FIELDS.seed.max]).toEqual([0, 0xffffffff]);
  });

  it('stays with its field until the field holds another value', () => {
    let changes = 0;
    const typed = new TypedValues(() => changes++);
    typed.set('Seed', { raw: '-4', message: 'm', using: 1 });
    expect(typed.get('Seed', 1)).toEqual({ raw: '-4', message: 'm', using: 1 });
    expect(typed.get('Seed', 5)).toBeUndefined(); // set another way (Reset, a preset)
    expect(typed.size).toBe(0);
    typed.set('Seed', { raw: '-4', message: 'm', using: 1 });
    typed.clear('Seed');
    typed.clear('Seed');
    expect(changes).toBe(3);
  });

  it('keeps the text being typed across re-renders until it is committed or the field changes', () => {
    let changes = 0;
    const typed = new TypedValues(() => changes++);
    typed.draft('Samples', '20', 100000);
    // A run streaming its results re-renders the field: it shows the draft, not the value.
    expect(typed.drafted('Samples', 100000)).toBe('20');
    typed.draft('Samples', '2000', 100000);
    expect(typed.drafted('Samples', 100000)).toBe('2000');
    expect(changes).toBe(0); // typing re-renders nothing by itself
    typed.clear('Samples'); // committed
    expect(typed.drafted('Samples', 100000)).toBeUndefined();
    typed.draft('Samples', '7', 100000);
    expect(typed.drafted('Samples', 4000)).toBeUndefined(); // set another way (Reset, a link)
    expect(typed.drafted('Samples', 100000)).toBeUndefined();
  });
});

describe('a long run', () => {
  it('asks first over 30 s, and offers a round, smaller ensemble of about 10 s, never below the minimum', () => {
    expect(asksFirst(30)).toBe(false);
    expect(asksFirst(31)).toBe(true);
    expect(asksFirst(null)).toBe(false);
    expect(asksFirst(Infinity)).toBe(false);
    expect([roundDown125(1), roundDown125(1999), roundDown125(2000), roundDown125(7300)]).toEqual([
      1, 1000, 2000, 5000,
    ]);
    // 150 s for 30000 networks: 10 s is 2000 networks.
    expect(smallerEnsemble(150, 30_000, 100)).toBe(2000);
    expect(smallerEnsemble(150, 10_000, 100)).toBe(500);
    expect(smallerEnsemble(1e6, 2000, 100)).toBe(100);
    expect(smallerEnsemble(1e6, 100, 100)).toBeNull(); // nothing smaller to offer
  });
});

describe('switching views', () => {
  it('returns to the settings a view had, in the current presentation mode', () => {
    const left = DEPTH_URL.format({ ...DEPTH_DEFAULTS, width: 8, dropout: 0.2 });
    const back = returnLink('depth', left, true);
    expect(DEPTH_URL.parse(back, 'cpu').state).toEqual({
      ...DEPTH_DEFAULTS,
      width: 8,
      dropout: 0.2,
      present: true,
    });
    expect(returnLink('depth', undefined, false)).toBe('#view=depth');
    expect(returnLink('depth', '#view=two-inputs&rho=0.1', false)).toBe('#view=depth'); // not its hash
  });
});
