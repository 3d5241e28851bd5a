// The theme's colours against its background, light and dark, by WCAG 2 contrast ratios: text
// needs 4.5:1 (1.4.3), a focus ring 3:1 (1.4.11). Read from the stylesheet itself, so a colour
// edited there is checked here.
import { describe, expect, it } from 'vitest';
import { themeStyles } from '../../../src/ui/theme.ts';

/** The custom properties set in the first block of `css` that follows `after`. */
function colours(css: string, after: string): Record<string, string> {
  const start = css.indexOf(after);
  expect(start).toBeGreaterThanOrEqual(0);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...block.matchAll(/--wl-([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2].toLowerCase()]),
  );
}

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('theme colours', () => {
  it('computes contrast as WCAG does (black on white 21:1, #767676 on white 4.54:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  const css = themeStyles.cssText;
  for (const [scheme, after] of [
    ['light', ':host {'],
    ['dark', '@media (prefers-color-scheme: dark)'],
  ] as const) {
    it(`${scheme}: text colours reach 4.5:1 and the focus ring 3:1 on the background and on surfaces`, () => {
      const c = colours(css, after);
      for (const name of ['bg', 'fg', 'muted', 'surface', 'accent', 'accent-2', 'focus'])
        expect(c[name], name).toMatch(/^#/);
      for (const ground of [c.bg, c.surface]) {
        for (const text of ['fg', 'muted', 'accent', 'accent-2'])
          expect(contrast(c[text], ground), `${text} on ${ground}`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.focus, ground), `focus on ${ground}`).toBeGreaterThanOrEqual(3);
      }
      // Selected nav links and pressed buttons: background-coloured text on the accent.
      expect(contrast(c.bg, c.accent)).toBeGreaterThanOrEqual(4.5);
    });
  }
});
