/**
 * Wick diagrams as SVG in Lit templates: the 2m factors of a moment as points on a line,
 * labelled 1 or 2 (z1 or z2), and each pairing as arcs joining its pairs, with the product of
 * covariances it contributes. Only formatting: the pairings and their values come from
 * theory/wick.ts.
 */
import { html, svg } from 'lit';
import type { Pairing } from '../../theory/wick.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { SUPERSCRIPT } from './charts.ts';

const DX = 22;
const PAD = 12;
const BASE = 44;

/** The K-product of a pairing in words: "K11 K22", "K12²". */
export function productText(pairing: Pairing, labels: readonly number[]): string {
  const counts = new Map<string, number>();
  for (const [i, j] of pairing) {
    const a = Math.min(labels[i], labels[j]) + 1;
    const b = Math.max(labels[i], labels[j]) + 1;
    const key = `K${a}${b}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}${n === 1 ? '' : SUPERSCRIPT[n]}`)
    .join(' ');
}

/** One pairing: points on a line, arcs above it (a semicircle per pair, taller for farther pairs). */
export function pairingDiagram(pairing: Pairing, labels: readonly number[], index: number) {
  const n = labels.length;
  const width = 2 * PAD + (n - 1) * DX;
  const x = (i: number) => PAD + i * DX;
  const text = productText(pairing, labels);
  return html`<figure class="diagram" data-testid="wick-diagram">
    <svg
      width=${width}
      height=${BASE + 16}
      viewBox=${`0 0 ${width} ${BASE + 16}`}
      role="img"
      aria-label=${`Pairing ${index + 1}: ${pairing.map(([i, j]) => `${i + 1}–${j + 1}`).join(', ')}, worth ${text}`}
    >
      ${pairing.map(([i, j]) => {
        const r = (x(j) - x(i)) / 2;
        return svg`<path d=${`M ${x(i)} ${BASE} A ${r} ${Math.min(r, BASE - 6)} 0 0 1 ${x(j)} ${BASE}`}
          fill="none" stroke=${labels[i] === labels[j] ? C.blue : C.vermillion} stroke-width="2" />`;
      })}
      ${labels.map(
        (l, i) => svg`<circle cx=${x(i)} cy=${BASE} r="4" fill=${l === 0 ? C.black : C.bluishGreen} />
          <text x=${x(i)} y=${BASE + 15} text-anchor="middle" font-size="11">${l + 1}</text>`,
      )}
    </svg>
    <figcaption>${text}</figcaption>
  </figure>`;
}
