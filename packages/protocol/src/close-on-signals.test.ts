import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeOnSignals, STOP_SIGNALS } from './close-on-signals.js';

// The handlers are driven with process.emit(signal): the listeners run as on a real signal, without
// one being sent to the test worker (with the signal's name as argument, as Node passes it). process.exit is stubbed to record the code.
describe('closeOnSignals', () => {
  let before: Map<NodeJS.Signals, NodeJS.SignalsListener[]>;
  let exit: ReturnType<typeof vi.fn>;
  /** Remove the listeners a test's closeOnSignals added. */
  const removeAdded = () => {
    for (const signal of STOP_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
      }
    }
  };
  beforeEach(() => {
    before = new Map(STOP_SIGNALS.map((s) => [s, process.listeners(s)]));
    exit = vi.fn();
    vi.spyOn(process, 'exit').mockImplementation(exit as never);
  });
  afterEach(() => {
    removeAdded();
    vi.restoreAllMocks();
  });

  it('closes once on the first SIGINT or SIGTERM and exits 0; repeats while closing are ignored', async () => {
    for (const signal of STOP_SIGNALS) {
      const close = vi.fn(() => Promise.resolve());
      const onSignal = vi.fn();
      const { stopping } = closeOnSignals(Promise.resolve({ close }), { name: 'test', onSignal });
      expect(stopping()).toBe(false);
      process.emit(signal, signal);
      process.emit(signal, signal);
      const other = signal === 'SIGINT' ? 'SIGTERM' : 'SIGINT';
      process.emit(other, other);
      expect(stopping()).toBe(true);
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
      expect(close).toHaveBeenCalledTimes(1);
      expect(onSignal.mock.calls).toEqual([[signal]]);
      removeAdded();
      exit.mockClear();
    }
  });

  it('waits for a server still starting, then closes it', async () => {
    let started!: (server: { close(): Promise<void> }) => void;
    const close = vi.fn(() => Promise.resolve());
    closeOnSignals(new Promise((resolve) => (started = resolve)), { name: 'test' });
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(close).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
    started({ close });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 with a message when closing fails', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    closeOnSignals(Promise.resolve({ close: () => Promise.reject(new Error('disk gone')) }), { name: 'ossbox-test' });
    process.emit('SIGINT', 'SIGINT');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(stderr).toHaveBeenCalledWith('ossbox-test: error while closing: Error: disk gone\n');
  });

  it('exits 1 with a message when closing outlasts closeTimeoutMs, so a signal is never swallowed', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    closeOnSignals(Promise.resolve({ close: () => new Promise<void>(() => {}) }), { name: 'ossbox-test', closeTimeoutMs: 50 });
    process.emit('SIGTERM', 'SIGTERM');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(stderr).toHaveBeenCalledWith('ossbox-test: still closing 50 ms after SIGTERM; exiting without waiting\n');
  });
});
