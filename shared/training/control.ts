/**
 * Stop / pause / resume requests for a running training loop. The loop polls it between
 * batches; `untilResumed` lets a paused loop sleep without spinning.
 */
export class TrainingControl {
  private stopRequested = false;
  private paused = false;
  private wake: (() => void) | null = null;

  get stopping(): boolean {
    return this.stopRequested;
  }

  get isPaused(): boolean {
    return this.paused && !this.stopRequested;
  }

  stop(): void {
    this.stopRequested = true;
    this.release();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.release();
  }

  /** Resolves at once unless paused; then when resumed or stopped. */
  untilResumed(): Promise<void> {
    if (!this.isPaused) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
