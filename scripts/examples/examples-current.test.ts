import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import './basics';
import './vision';
import './graphs';
import './gan-ring';
import './sequences';
import './dcgan';
import { EXAMPLES_DIR, examplesAsWritten } from './builder';

describe('examples/', () => {
  // A template edited by hand, or a generator changed without rerunning it, drifts from what the
  // start page and the tests believe it is; `npx tsx scripts/make-examples.ts` writes them again.
  it('holds exactly what scripts/make-examples.ts writes', async () => {
    const written = await examplesAsWritten();
    expect(written.size).toBeGreaterThan(15);
    for (const [file, contents] of written) expect(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'), file).toBe(contents);
  }, 60_000);
});
