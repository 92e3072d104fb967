import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/training/run-record';
import { readProject } from '../node/project-files';
import { textIdsOf } from './sequence-inspection';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** A run record of an example project as the host keeps it: the project's dataset, its path beside the example. */
async function recordOf(file: string): Promise<RunRecord> {
  const doc = await readProject(path.join(EXAMPLES, file));
  return { id: 'run-1', dataset: doc.dataset, projectPath: path.join(EXAMPLES, file) } as unknown as RunRecord;
}

describe('text try-it on the host', () => {
  it('tokenizes a typed text as the spam classifier’s training texts were: known words get their ids, the rest is padding', async () => {
    const ids = await textIdsOf(await recordOf('lstm-spam.nnd.json'), 'FREE money for you now');
    expect(ids).toHaveLength(16);
    expect(ids.slice(0, 5).every((id) => id > 1)).toBe(true);
    expect(ids.slice(5).every((id) => id === 0)).toBe(true);
  });

  it('refuses to classify with a next-token model, pointing at writing instead', async () => {
    await expect(textIdsOf(await recordOf('char-decoder.nnd.json'), 'hello')).rejects.toThrow(/next token.*generateText/);
  });
});
