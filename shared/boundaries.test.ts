import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The folder boundaries are only worth something if the lint rule really fires.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  return (await problems(code, filePath)).map((m) => m.ruleId ?? m.message);
}

async function problems(code: string, filePath: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages;
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

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

describe('the folder layering of electron/', () => {
  it('rejects an import up the layers, saying which way imports point', async () => {
    const [upward] = await problems(importing('../host/training-session'), 'electron/worker/main.ts');
    expect(upward).toMatchObject({ ruleId: 'no-restricted-imports' });
    expect(upward!.message).toMatch(/electron\/worker sits below electron\/host/);
    expect(await ruleIds(importing('../../host/projects-service'), 'electron/worker/graph/run-graph.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../worker/backend'), 'electron/node/datasets.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../pytorch/python'), 'electron/worker/main.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../main/menu'), 'electron/host/host-service.ts')).toContain('no-restricted-imports');
  });

  it('rejects siblings importing each other', async () => {
    const [sibling] = await problems(importing('../main/dialogs'), 'electron/cli/main.ts');
    expect(sibling!.message).toMatch(/electron\/cli and electron\/main are siblings/);
  });

  it('lets a folder import the layers below it', async () => {
    expect(await ruleIds(importing('../node/project-files'), 'electron/host/projects-service.ts')).toEqual([]);
    expect(await ruleIds(importing('../worker/backend'), 'electron/pytorch/worker.ts')).toEqual([]);
    expect(await ruleIds(importing('../host/host-service'), 'electron/main/main.ts')).toEqual([]);
    expect(await ruleIds(importing('../preload/ipc-channels'), 'electron/main/ipc-handlers.ts')).toEqual([]);
  });
});

describe('the folder layering of shared/', () => {
  it('rejects an import up the layers, saying which way imports point', async () => {
    const [upward] = await problems(importing('../graph/actions'), 'shared/layers/dense.ts');
    expect(upward!.message).toMatch(/shared\/layers sits below shared\/graph/);
    expect(await ruleIds(importing('../training/run-record'), 'shared/graph/document.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../../../export/pytorch/layers'), 'shared/layers/kinds/dense/pytorch.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../layers'), 'shared/codegen/python.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../blocks/transformer'), 'shared/training/train.ts')).toContain('no-restricted-imports');
  });

  it('rejects siblings importing each other, and any folder importing the contract over them all', async () => {
    expect(await ruleIds(importing('../model-json/load'), 'shared/export/pytorch-export.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(importing('../../model-json/load'), 'shared/export/pytorch/export.ts')).toContain('no-restricted-imports');
    const [contract] = await problems(importing('../host-api'), 'shared/data/preview.ts');
    expect(contract!.message).toMatch(/host-api\.ts is the contract/);
  });

  it('lets a folder import the layers below it, and tells shared/graph from shared/layers/graph', async () => {
    expect(await ruleIds(importing('../graph/document'), 'shared/training/protocol.ts')).toEqual([]);
    expect(await ruleIds(importing('../layers/catalog'), 'shared/compile/compile.ts')).toEqual([]);
    expect(await ruleIds(importing('../layers/catalog'), 'shared/graph/analyze.ts')).toEqual([]);
    expect(await ruleIds(importing('../codegen/python'), 'shared/export/files.ts')).toEqual([]);
    expect(await ruleIds(importing('../../../codegen/python'), 'shared/layers/kinds/dense/pytorch.ts')).toEqual([]);
    // From a kind's folder, ../../graph is shared/layers/graph (the graph layers' library), not shared/graph.
    expect(await ruleIds(importing('../../graph/roles'), 'shared/layers/kinds/graph/spec.ts')).toEqual([]);
  });
});

describe('import cycles', () => {
  it('rejects a module that imports one of its importers', async () => {
    // shared/graph/actions.ts imports document.ts: document.ts importing actions.ts back closes a cycle.
    expect(await ruleIds(importing('./actions'), 'shared/graph/document.ts')).toContain('import-x/no-cycle');
    expect(await ruleIds(importing('./document'), 'shared/graph/actions.ts')).toEqual([]);
  });
});

describe('the host services', () => {
  it('keep every function under 150 lines', async () => {
    const longFunction = `export function everything(): number {\n${'  let a = 1;\n'.repeat(151)}  return 1;\n}\n`;
    expect(await ruleIds(longFunction, 'electron/host/everything.ts')).toContain('max-lines-per-function');
  });
});
