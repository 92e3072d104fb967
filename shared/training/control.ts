import type { GanPlayer } from './protocol';

/** One batch asked for while paused: a whole iteration, or (in a GAN) one player's step alone. */
export interface StepRequest {
  player?: GanPlayer;
}

/**
 * Stop / pause / resume / step requests for a running training loop. The loop polls it between
 * batches; `untilResumed` lets a paused loop sleep without spinning. A step lets a paused loop
 * run exactly one batch and halt again.
 */
export class TrainingControl {
  private stopRequested = false;
  private paused = false;
  private pendingStep: StepRequest | null = null;
  private wake: (() => void) | null = null;

  get stopping(): boolean {
    return this.stopRequested;
  }

  get isPaused(): boolean {
    return this.paused && !this.stopRequested;
  }

  /** A step was asked for and the loop has not taken it yet. */
  get stepPending(): boolean {
    return this.isPaused && this.pendingStep !== null;
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
    this.pendingStep = null;
    this.release();
  }

  /**
   * Lets a paused loop run one batch and halt again. Ignored (false) unless paused; a second
   * step asked for before the loop took the first replaces it.
   */
  step(request: StepRequest = {}): boolean {
    if (!this.isPaused) return false;
    this.pendingStep = { ...request };
    this.release();
    return true;
  }

  /** The step asked for, once: the loop runs it as its next batch. */
  takeStep(): StepRequest | null {
    const request = this.isPaused ? this.pendingStep : null;
    this.pendingStep = null;
    return request;
  }

  /** Resolves at once unless paused with no step asked for; then when resumed, stepped or stopped. */
  untilResumed(): Promise<void> {
    if (!this.isPaused || this.pendingStep) return Promise.resolve();
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
