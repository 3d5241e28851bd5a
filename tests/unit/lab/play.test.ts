import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLAY_DWELL_MS, PlayController, playStart, powersOfTwo } from '../../../src/lab/controllers/play.ts';

describe('Play values', () => {
  it('powers of two from 4 to 4096', () => {
    expect(powersOfTwo(4, 4096)).toEqual([4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(powersOfTwo(3, 20)).toEqual([4, 8, 16]);
  });
  it('starts after the current value, or from the first at the end', () => {
    const v = powersOfTwo(4, 4096);
    expect(playStart(v, 64)).toBe(5); // 128
    expect(playStart(v, 1)).toBe(0);
    expect(playStart(v, 100)).toBe(5);
    expect(playStart(v, 4096)).toBe(0);
  });
});

/** A host with the parts of a Lit element the controller uses, and events it can be sent. */
class FakeHost extends EventTarget {
  updates = 0;
  addController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
}

describe('PlayController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(busyFor: number) {
    const host = new FakeHost();
    const shown: number[] = [];
    let current = 256;
    let busyUntil = 0;
    const play = new PlayController(host as unknown as ConstructorParameters<typeof PlayController>[0], {
      values: () => [256, 512, 1024],
      current: () => current,
      apply: (v) => {
        current = v;
        shown.push(v);
        busyUntil = Date.now() + busyFor;
      },
      busy: () => Date.now() < busyUntil,
    });
    play.hostConnected();
    return { host, play, shown };
  }

  it('shows each value for the dwell time, then the next, and stops after the last', () => {
    const { play, shown } = setup(0);
    play.toggle();
    expect(play.playing).toBe(true);
    expect(shown).toEqual([512]);
    expect(play.position).toBe(2);
    vi.advanceTimersByTime(PLAY_DWELL_MS - 200);
    expect(shown).toEqual([512]);
    vi.advanceTimersByTime(400);
    expect(shown).toEqual([512, 1024]);
    vi.advanceTimersByTime(PLAY_DWELL_MS + 200);
    expect(play.playing).toBe(false);
    expect(play.value).toBeNull();
    expect(shown).toEqual([512, 1024]);
  });

  it('waits for a slow run to finish before the next value', () => {
    const { play, shown } = setup(5000);
    play.start();
    vi.advanceTimersByTime(4800);
    expect(shown).toEqual([512]);
    vi.advanceTimersByTime(400);
    expect(shown).toEqual([512, 1024]);
  });

  it("any input but Play's own stops it; Tab does not", () => {
    const { host, play, shown } = setup(0);
    play.start();
    // Node has no KeyboardEvent: a keydown event with a key stands in.
    const key = (k: string) => Object.assign(new Event('keydown'), { key: k });
    host.dispatchEvent(key('Tab'));
    expect(play.playing).toBe(true);
    host.dispatchEvent(new Event('pointerdown'));
    expect(play.playing).toBe(false);
    vi.advanceTimersByTime(10 * PLAY_DWELL_MS);
    expect(shown).toEqual([512]);
    play.start();
    host.dispatchEvent(key('ArrowRight'));
    expect(play.playing).toBe(false);
    // Play's own button (in the event's path) toggles, it does not stop.
    play.start();
    const button = { hasAttribute: (a: string) => a === 'data-play' };
    const own = Object.assign(new Event('pointerdown'), { composedPath: () => [button] });
    host.dispatchEvent(own);
    expect(play.playing).toBe(true);
  });

  it('disconnecting the view stops it', () => {
    const { play, shown } = setup(0);
    play.start();
    play.hostDisconnected();
    vi.advanceTimersByTime(10 * PLAY_DWELL_MS);
    expect(shown).toEqual([512]);
    expect(play.playing).toBe(false);
  });
});
