/**
 * Stop / pause / resume / step requests for a running training loop. The loop polls it between
 * batches; `untilResumed` lets a paused loop sleep without spinning.
 */
export class TrainingControl {
  private stopRequested = false;
  private paused = false;
  /** A paused run let through for one batch (one iteration of a GAN), GAN Lab's step button. */
  private stepping = false;
  private wake: (() => void) | null = null;

  get stopping(): boolean {
    return this.stopRequested;
  }

  get isPaused(): boolean {
    return this.paused && !this.stepping && !this.stopRequested;
  }

  /** A paused run trains one more batch, then halts again; a running run is not affected. */
  step(): void {
    if (!this.paused) return;
    this.stepping = true;
    this.release();
  }

  /** The loop calls it after every batch: a step asked for is taken. */
  batchDone(): void {
    this.stepping = false;
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
    this.stepping = false;
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
