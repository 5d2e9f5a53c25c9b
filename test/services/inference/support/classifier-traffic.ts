/**
 * Traffic for the committed binary classifier (four FP32 features), and a poll for what it causes
 * elsewhere: shared by the tests that send inference traffic on to the drift service.
 */

/** Park–Miller uniform draws and Box–Muller normals: the same rows on every run, so every verdict is fixed. */
function normals(seed: number): () => number {
  let state = seed;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Rows of the classifier's four features; `shift` is added to the first two. */
export function featureRows(count: number, seed: number, shift = 0): number[][] {
  const next = normals(seed);
  return Array.from({ length: count }, () => [next() + shift, next() + shift, next(), next()]);
}

/** Polls until `read` gives a value `done` accepts, or the deadline passes (no assertion on how long it took). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
