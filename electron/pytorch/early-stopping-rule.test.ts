import { describe, expect, it } from 'vitest';
import { trainPy } from '../../shared/export/pytorch/templates/train.py.generated';
import { higherIsBetter } from '../../shared/training/log-keys';
import { EARLY_STOPPING_KEYS } from '../../shared/training/log-keys.fixture';
import { pythonForTests, runPython } from './testing';

/** train.py's higher_is_better, lifted out of the template with its key list (no torch import needed). */
const SCRIPT = `
import ast, json, sys
tree = ast.parse(sys.argv[1])
wanted = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name == 'higher_is_better') or (isinstance(n, ast.Assign) and any(getattr(t, 'id', None) == 'LOG_METRIC_KEYS' for t in n.targets))]
scope = {}
exec(compile(ast.Module(body=wanted, type_ignores=[]), 'train.py', 'exec'), scope)
print(json.dumps([scope['higher_is_better'](k) for k in json.loads(sys.argv[2])]))
`;

describe('early stopping in the exported train.py', () => {
  it('takes the same figures as higher-is-better as the tfjs engine', async () => {
    const { python, skipReason } = await pythonForTests();
    if (!python) return void console.warn(`skipped: ${skipReason}`);
    const keys = [...EARLY_STOPPING_KEYS.map(([key]) => key), 'val_aCC', 'psnr_loss', 'loss_psnr'];
    const { stdout } = await runPython(python.python, ['-c', SCRIPT, trainPy, JSON.stringify(keys)]);
    expect(JSON.parse(stdout)).toEqual(keys.map(higherIsBetter));
  });
});
