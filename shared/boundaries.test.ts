import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The folder boundaries are only worth something if the lint rule really fires.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('folder boundary lint rules', () => {
  it('rejects shared/ importing electron/ or renderer/', async () => {
    expect(await ruleIds("import { x } from '../electron/host/x';\nexport const y = x;\n", 'shared/graph/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '../../renderer/app';\nexport const y = x;\n", 'shared/graph/bad.ts')).toContain('no-restricted-imports');
  });

  it('rejects Node built-ins and the DOM in shared/', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", 'shared/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import * as path from 'path';\nexport const y = path;\n", 'shared/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds('export const w = document.title;\n', 'shared/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const w = process.env;\n', 'shared/x.ts')).toContain('no-restricted-globals');
  });

  it('rejects renderer/ importing electron/', async () => {
    expect(await ruleIds("import { x } from '../electron/host/x';\nexport const y = x;\n", 'renderer/src/bad.ts')).toContain('no-restricted-imports');
  });

  it('lets electron/ use Node and shared/', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nimport { z } from '../../shared/x';\nexport const y = [readFileSync, z];\n", 'electron/host/ok.ts')).toEqual([]);
  });
});
