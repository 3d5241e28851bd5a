/**
 * The demonstration buttons every view shows under its main controls: Play (steps Width, or the
 * view's chosen field, through its values), New seed and Reset to defaults, with a live line
 * saying what Play shows. The Play button carries controllers/play.ts's PLAY_ATTRIBUTE
 * (`data-play`), so pressing it toggles rather than stops.
 *
 *   ${demoControls({ playing, label: 'Width 4 → 4096', now: 'Width 256 (7 of 11)', toggle, newSeed, reset })}
 */
import { html } from 'lit';

export interface DemoControls {
  playing: boolean;
  /** What Play sweeps, e.g. 'Width 4 → 4096'. */
  label: string;
  /** What Play shows now ('' when stopped). */
  now: string;
  toggle(): void;
  newSeed(): void;
  reset(): void;
}

export function demoControls(d: DemoControls) {
  return html`<div class="demo" role="group" aria-label="Demonstration">
    <button
      type="button"
      class="play"
      data-play
      aria-pressed=${d.playing ? 'true' : 'false'}
      aria-label=${d.playing ? `Stop playing ${d.label}` : `Play: ${d.label}`}
      title=${`Step ${d.label}, one ensemble per value; any other input stops it`}
      @click=${() => d.toggle()}
    >
      ${d.playing ? '■ Stop' : '▶ Play'}
    </button>
    <button type="button" @click=${() => d.newSeed()}>New seed</button>
    <button type="button" aria-label="Reset to defaults" title="Reset to defaults" @click=${() => d.reset()}>Reset</button>
    <span class="small play-now" role="status" aria-live="polite">${d.now}</span>
  </div>`;
}
