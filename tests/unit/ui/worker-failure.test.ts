// A compute worker that fails to load fires an error event with no message (offline with nothing
// cached, or a file gone after an update): the page must say what happened, never "undefined".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerClient, workerFailureText } from '../../../src/ui/worker-client.ts';

class DeadWorker {
  onmessage: unknown = null;
  onerror: ((e: Partial<ErrorEvent>) => void) | null = null;
  postMessage(): void {}
  terminate(): void {}
}

describe('workerFailureText', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a script error’s own message', () => {
    expect(workerFailureText('boom')).toBe('The compute worker failed: boom');
  });

  it('names a load failure, offline or not, without "undefined"', () => {
    vi.stubGlobal('navigator', { onLine: false });
    const offline = workerFailureText(undefined);
    expect(offline).toMatch(/could not be loaded.*offline.*reload/i);
    vi.stubGlobal('navigator', { onLine: true });
    const online = workerFailureText('');
    expect(online).toMatch(/could not be loaded.*reload/i);
    for (const t of [offline, online]) expect(t).not.toMatch(/undefined/);
  });

  it('is what the client reports for a bare error event', () => {
    const errors: string[] = [];
    let worker: DeadWorker | undefined;
    new WorkerClient({
      create: () => (worker = new DeadWorker()) as unknown as Worker,
      onMessage: () => undefined,
      onError: (t) => errors.push(t),
    });
    worker!.onerror!({});
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not be loaded/);
    expect(errors[0]).not.toMatch(/undefined/);
  });
});
