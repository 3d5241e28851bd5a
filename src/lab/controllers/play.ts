/**
 * Play: steps one field of a view's state through a list of values (Width 4 -> 4096) at a pace a
 * class can follow. Each value stays at least `dwellMs` and until its run has finished, so the
 * histogram and the readout the room reads belong to the value shown. Any other input on the
 * view (a pointer press, a key other than Tab, an edit; not scrolling) stops it, so the teacher takes over at
 * once.
 *
 *   play = new PlayController(host, { values: () => [4, 8, …, 4096], current: () => st.width,
 *     apply: (w) => url.set({ width: w }), busy: () => compute.running });
 *   play.toggle();   // from the Play button (marked data-play, so its own clicks do not stop it)
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PlayOptions {
  /** The values to step through, in order. */
  values(): readonly number[];
  /** The field's value now (Play starts after it, or from the first value at the end). */
  current(): number;
  /** Show `value` (a new state and its run). */
  apply(value: number): void;
  /** Whether the run of the value shown is still computing. */
  busy(): boolean;
  /** The least time each value is shown (ms). */
  dwellMs?: number;
}

/** How long each value stays at least: long enough to read a readout aloud. */
export const PLAY_DWELL_MS = 1600;
const POLL_MS = 100;

/** The index Play starts from: the first value above `current`, or the first value when none is. */
export function playStart(values: readonly number[], current: number): number {
  const i = values.findIndex((v) => v > current);
  return i < 0 ? 0 : i;
}

/** Elements that are part of Play itself carry this attribute: their input does not stop it. */
export const PLAY_ATTRIBUTE = 'data-play';

export class PlayController implements ReactiveController {
  playing = false;
  /** The value shown by Play (null when stopped). */
  value: number | null = null;
  /** Its position and the number of values, for "3 of 11". */
  position = 0;
  count = 0;

  private timer: ReturnType<typeof setTimeout> | null = null;
  private shownAt = 0;
  private queue: readonly number[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PlayOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of STOPPING_EVENTS) this.host.addEventListener(type, this.onInput, true);
  }

  hostDisconnected(): void {
    for (const type of STOPPING_EVENTS) this.host.removeEventListener(type, this.onInput, true);
    this.stop();
  }

  toggle(): void {
    if (this.playing) this.stop();
    else this.start();
  }

  start(): void {
    this.queue = this.options.values();
    if (this.queue.length === 0) return;
    this.playing = true;
    this.count = this.queue.length;
    this.show(playStart(this.queue, this.options.current()));
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing) return;
    this.playing = false;
    this.value = null;
    this.host.requestUpdate();
  }

  private show(index: number): void {
    const value = this.queue[index]!;
    this.position = index + 1;
    this.value = value;
    this.shownAt = performance.now();
    this.options.apply(value);
    this.host.requestUpdate();
    this.wait(index);
  }

  private wait(index: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.playing) return;
      const dwell = this.options.dwellMs ?? PLAY_DWELL_MS;
      if (performance.now() - this.shownAt < dwell || this.options.busy()) {
        this.wait(index);
      } else if (index + 1 < this.queue.length) {
        this.show(index + 1);
      } else {
        this.stop();
      }
    }, POLL_MS);
  }

  /** Any input outside Play's own controls hands the view back to the user. */
  private onInput = (e: Event): void => {
    if (!this.playing) return;
    const key = (e as Partial<KeyboardEvent>).key;
    if (e.type === 'keydown' && key !== undefined && NAVIGATION_KEYS.has(key)) return;
    const own = e.composedPath().some((t) => (t as Partial<Element>).hasAttribute?.(PLAY_ATTRIBUTE) === true);
    if (!own) this.stop();
  };
}

const STOPPING_EVENTS = ['pointerdown', 'keydown', 'input', 'change'] as const;
/** Moving focus is not taking over: a keyboard user tabs to Stop without stopping. */
const NAVIGATION_KEYS = new Set(['Tab', 'Shift', 'Alt', 'Control', 'Meta']);

/** Powers of two from `lo` to `hi` (both included when powers of two). */
export function powersOfTwo(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(lo)); v <= hi; v *= 2) out.push(v);
  return out;
}
