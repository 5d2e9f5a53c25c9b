import type { FastifyReply } from 'fastify';
import { ServiceError } from './errors';

export interface AdmissionGateProps {
  /** Requests worked on at the same time. */
  readonly concurrent: number;
  /** Requests that may wait for a turn; the next one is refused. */
  readonly queued: number;
}

/** Ends the caller's turn; call it once the request is answered (calling it again does nothing). */
export type ReleaseAdmission = () => void;

/**
 * Bounds the heavy requests a server works on at once (the drift service's uploads, each holding its body in
 * memory and an analysis thread for seconds; the gates' evaluations, each running two models over a holdout).
 * The first `concurrent` go ahead, the next `queued` wait in order of arrival, the rest are refused at once
 * (the server answers 429 with Retry-After) rather than piling up.
 */
export class AdmissionGate {
  private underWay = 0;
  private readonly waiting: ((release: ReleaseAdmission) => void)[] = [];

  /** Requests going on now. */
  get active(): number {
    return this.underWay;
  }

  /** Requests waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  constructor(readonly props: AdmissionGateProps) {
    for (const [name, value, least] of [['concurrent', props.concurrent, 1], ['queued', props.queued, 0]] as const) {
      if (!Number.isInteger(value) || value < least) throw new RangeError(`${name} must be an integer of at least ${least}; found ${value}`);
    }
  }

  /** Resolves when the request may go on; undefined when as many requests are under way and waiting as allowed. */
  enter(): Promise<ReleaseAdmission> | undefined {
    if (this.underWay < this.props.concurrent) {
      this.underWay++;
      return Promise.resolve(this.release());
    }
    if (this.waiting.length >= this.props.queued) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): ReleaseAdmission {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The turn passes straight to the longest-waiting request, so that the count under way never dips below the bound.
      const next = this.waiting.shift();
      if (next) next(this.release());
      else this.underWay--;
    };
  }
}

/**
 * A route's `onRequest` admission, before its body is read: a refused request costs no memory (429 with
 * Retry-After and `refusal` as the message), a waiting one only its connection. The turn passes on once the
 * answer is sent or the client goes away.
 */
export async function admitRequest(gate: AdmissionGate, reply: FastifyReply, retryAfterSeconds: number, refusal: string): Promise<void> {
  const admitted = gate.enter();
  if (admitted === undefined) {
    reply.header('retry-after', String(retryAfterSeconds));
    throw new ServiceError('too-many-requests', refusal);
  }
  const release = await admitted;
  // 'close' comes once the answer is sent, or when the client goes away: either way the turn passes on.
  // A client that went away while waiting has had its 'close' already.
  if (reply.raw.closed) release();
  else reply.raw.once('close', release);
}
