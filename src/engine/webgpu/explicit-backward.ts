/**
 * The explicit engine's backward pass (RunOptions.gradients), queued after the chunk's forward
 * pass on the same Dispatcher, so it is paced, split into submissions and aborted like the
 * forward pass. Loss = sum_a z_L(a)^2 / 2, so delta_L = z_L. For l = L..1: the norm
 * |dLoss/dW_l|_F (grad_norm), then (l > 1) delta_{l-1} from delta_l (dense_backward, which
 * regenerates W_l from the forward pass's Philox blocks), split into column ranges when one
 * layer alone exceeds the pacer's budget, and the normalization's backward (norm_backward).
 */
import { depthOf } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import type { Dispatcher } from './dispatcher.ts';
import { BACKWARD_FILES, layerFields, type ChunkLayout } from './explicit-layout.ts';

export interface BackwardOptions {
  /** At most this many columns per dense_backward dispatch (tests force a split). */
  maxColumns?: number;
  /** Called per dense_backward dispatch (the engine counts them). */
  onDenseDispatch?: () => void;
}

/** Queues the backward pass; returns the buffer that will hold gradientNorms[local net * L + l - 1]. */
export async function queueBackward(
  d: Dispatcher,
  c: ChunkLayout,
  outputs: GPUBuffer,
  budget: () => number,
  options: BackwardOptions = {},
): Promise<GPUBuffer> {
  const s = d.session;
  const { model } = c.spec;
  const { count, widths, gridNets, zOf, statsOf } = c;
  const k = c.base.k;
  const depth = depthOf(model);
  const maxHidden = Math.max(1, ...model.hiddenWidths);
  const dense = await s.kernel(BACKWARD_FILES, 'dense_backward');
  const norm = await s.kernel(BACKWARD_FILES, 'norm_backward');
  const gradNorm = await s.kernel(BACKWARD_FILES, 'grad_norm');
  const wg = s.workgroupSize;
  const gradNorms = s.buffer('explicit.gradNorms', 4 * count * depth, STORAGE);
  const deltas = [
    s.buffer('explicit.delta0', 4 * count * maxHidden * k, STORAGE),
    s.buffer('explicit.delta1', 4 * count * maxHidden * k, STORAGE),
  ];
  let delta = outputs;
  for (let l = depth; l >= 1; l--) {
    const nIn = widths[l - 1];
    const nOut = widths[l];
    const prev = { prev: zOf(l - 1), prev_stats: statsOf(l - 1) };
    await d.dispatch(
      gradNorm,
      layerFields(c, l, 0, nIn),
      { ...prev, delta, grad_norms: gradNorms },
      gridNets,
      count * (nOut + nIn) * k,
    );
    if (l === 1) break;
    const back = deltas[l % 2];
    // Columns (units of layer l - 1) per dispatch: whole Philox blocks of four, 4 WG per workgroup.
    const block = 4 * wg;
    const paced = Math.max(block, Math.floor(budget() / Math.max(1, count * nOut) / block) * block);
    const colsPerStep = Math.max(4, Math.floor(Math.min(paced, options.maxColumns ?? Infinity) / 4) * 4);
    for (let c0 = 0; c0 < nIn; c0 += colsPerStep) {
      const c1 = Math.min(nIn, c0 + colsPerStep);
      options.onDenseDispatch?.();
      await d.dispatch(
        dense,
        layerFields(c, l, c0, c1),
        { ...prev, out: back, delta },
        [Math.ceil((c1 - c0) / block), ...gridNets],
        count * (c1 - c0) * nOut,
      );
    }
    if (model.normalization === 'layer' || model.normalization === 'rms') {
      await d.dispatch(norm, layerFields(c, l, 0, nIn), { ...prev, out: back }, gridNets, count * nIn * k);
    }
    delta = back;
  }
  return gradNorms;
}
