import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { catalog } from '.';

describe('dropout rates', () => {
  // Found by the fuzzer: a MultiHeadAttention with dropout 1 validated, then tfjs refused it
  // on the first batch ("rate must be a float in the range [0, 1), but got 1").
  const rates = catalog.all().flatMap((kind) =>
    Object.keys((kind.params as z.ZodObject).shape)
      .filter((name) => /dropout|^rate$/i.test(name))
      .map((name) => [kind.type, name] as const),
  );

  it('finds the dropout rates of the catalog', () => {
    expect(rates.length).toBeGreaterThanOrEqual(6);
  });

  it.each(rates)('%s refuses %s = 1 (dropping everything) and takes 0.99', (type, name) => {
    expect(catalog.resolveParams(type, { [name]: 1 }).success).toBe(false);
    expect(catalog.resolveParams(type, { [name]: 0.99 }).success).toBe(true);
  });
});
