import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url));

describe('README.md, the user manual', () => {
  it('starts with the two commands a new user types', () => {
    const firstBlock = readme.toString('utf8').split('```')[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm install && npm test');
  });

  it('stays a manual: at most 15,000 bytes (measurements go to bench/README.md)', () => {
    expect(readme.byteLength).toBeLessThanOrEqual(15_000);
  });
});
