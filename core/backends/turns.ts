// The one lock of the devices: work that takes turns, each call starting when every earlier one has
// settled (failed or not). The registry holds one per device for whole fits (`exclusive`); the gpu.js
// device holds one for its kernel calls, which bound matrices used outside a fit (tests, benchmarks)
// may make at the same time.
export class Turns {
  private last: Promise<unknown> = Promise.resolve();

  /** `work` once every earlier call's work has settled. */
  take<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.last.then(work);
    this.last = next.catch(() => undefined);
    return next;
  }
}
