/** A monitor, trigger or schedule configured so that it cannot work: `plinth drift serve` exits 2 with the message. */
export class DriftConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftConfigError';
  }
}
