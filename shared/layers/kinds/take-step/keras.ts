import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasTakeStepPy } from './keras_take_step.py.generated';

const TAKE_STEP_CLASS = pythonHelper('TakeStep', kerasTakeStepPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'TakeStep',
    layer: (p, _ctx, name) => construct('TakeStep', [String(p.index)], name),
    helpers: () => [TAKE_STEP_CLASS],
  },
];
