import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { torchAvailability } from '../../electron/torch/run-torch';
import { compileGraph } from '../../shared/compile/compile';
import { validateGraph } from '../../shared/graph/analyze';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { CORA_SIZE, gcnDocument, SAMPLE_MODELS } from './models';

/** bench:engine must not rot between the times someone runs it: its models build, its quick run prints the ratios line. */
describe('bench:engine', () => {
  const documents = [...SAMPLE_MODELS.map((m) => [m.key, m.document()] as const), ['gcn', gcnDocument(CORA_SIZE.features, CORA_SIZE.hidden, CORA_SIZE.classes)] as const];
  for (const [key, doc] of documents)
    it(`${key}: the reference model validates and compiles`, () => {
      expect(validateGraph(doc, catalog).filter((p) => p.severity === 'error')).toEqual([]);
      const { model } = compileGraph(doc, tfjsCatalog);
      expect(model.outputs[0]!.shape[1]).toBe(key === 'gcn' ? CORA_SIZE.classes : 10);
      model.dispose();
    });

  it('--quick trains the MLP and the GCN through the worker and PyTorch and ends with the ratios line', { timeout: 240_000 }, () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const script = fileURLToPath(new URL('./index.ts', import.meta.url));
    const run = spawnSync(process.execPath, [tsx, script, '--quick', '--models', 'mlp,gcn'], { encoding: 'utf8', timeout: 230_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.some((l) => l.startsWith('load average (1/5/15 min): '))).toBe(true);
    const torch = torchAvailability();
    if (!torch.available) {
      console.warn(`PyTorch side skipped: ${torch.reason}`);
      expect(run.stdout).toContain('PyTorch skipped');
      expect(lines.at(-1)).toBe('engine ratios: mlp=n/a gcn=n/a');
      return;
    }
    expect(lines.at(-1)).toMatch(/^engine ratios: mlp=\d+\.\d\d gcn=\d+\.\d\d$/);
    expect(lines.filter((l) => l.startsWith('engine ratios:'))).toHaveLength(1);
    for (const ratio of lines.at(-1)!.matchAll(/=(\d+\.\d\d)/g)) expect(Number(ratio[1])).toBeGreaterThan(0);
  });
});
