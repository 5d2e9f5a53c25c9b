export interface UploadGateProps {
  /** Uploads read and worked on at the same time. */
  readonly concurrent: number;
  /** Uploads that may wait for a turn; the next one is refused. */
  readonly queued: number;
}

/** Lets the caller's upload go on; call it once the upload is answered (calling it again does nothing). */
export type ReleaseUpload = () => void;

/**
 * Bounds the uploads a server holds at once: each one holds its body in memory and keeps an analysis thread
 * busy for seconds. The first `concurrent` go ahead, the next `queued` wait in order of arrival, the rest
 * are refused at once (the server answers 429 with Retry-After) rather than piling up.
 */
export class UploadGate {
  private underWay = 0;
  private readonly waiting: ((release: ReleaseUpload) => void)[] = [];

  /** Uploads going on now. */
  get active(): number {
    return this.underWay;
  }

  /** Uploads waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  constructor(readonly props: UploadGateProps) {
    for (const [name, value, least] of [['concurrent', props.concurrent, 1], ['queued', props.queued, 0]] as const) {
      if (!Number.isInteger(value) || value < least) throw new RangeError(`${name} must be an integer of at least ${least}; found ${value}`);
    }
  }

  /** Resolves when the upload may go on; undefined when as many uploads are under way and waiting as allowed. */
  enter(): Promise<ReleaseUpload> | undefined {
    if (this.underWay < this.props.concurrent) {
      this.underWay++;
      return Promise.resolve(this.release());
    }
    if (this.waiting.length >= this.props.queued) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): ReleaseUpload {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The turn passes straight to the longest-waiting upload, so that the count under way never dips below the bound.
      const next = this.waiting.shift();
      if (next) next(this.release());
      else this.underWay--;
    };
  }
}
