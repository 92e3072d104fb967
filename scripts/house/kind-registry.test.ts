import { describe, expect, it } from 'vitest';
import { writeRegistries } from './generate-kind-registry';

describe('kind registries', () => {
  it('list exactly the face files present in shared/layers/kinds/', () => {
    expect(writeRegistries(true), 'run: npx tsx scripts/house/generate-kind-registry.ts').toEqual([]);
  });
});
