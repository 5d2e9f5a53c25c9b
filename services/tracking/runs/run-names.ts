import { randomInt } from 'node:crypto';

const ADJECTIVES = ['amber', 'brave', 'calm', 'clever', 'crisp', 'eager', 'gentle', 'keen', 'lucid', 'nimble', 'quiet', 'rapid', 'steady', 'sunny', 'vivid', 'witty'];
const NOUNS = ['badger', 'crane', 'dolphin', 'falcon', 'fox', 'heron', 'lynx', 'moth', 'otter', 'owl', 'panda', 'raven', 'seal', 'swan', 'trout', 'wolf'];

/** A readable name for a run created without one, in MLflow's `adjective-noun-number` style. */
export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}
