import type { LayoutStep } from '../../../codegen/layout-steps';
import { pythonHelper, type Params } from '../../../codegen/python';
import { bool, num, str, type TorchLayerEmitter, type TorchWeight } from '../../../codegen/torch';
import { torchRecurrentPy } from './torch_recurrent.py.generated';

/** KERAS_ACTIVATIONS and the Recurrent module. */
const RECURRENT_HELPER = pythonHelper('Recurrent', torchRecurrentPy);

/** Keras's GRU gates are z, r, h; PyTorch's r, z, n. */
const GRU_TO_TORCH = [1, 0, 2];

type RecurrentType = 'LSTM' | 'GRU' | 'SimpleRNN';

function recurrentModule(type: RecurrentType, features: number, p: Params): string {
  const args = [`'${type}'`, `${features}`, `${num(p, 'units')}`];
  const activationName = str(p, 'activation');
  if (activationName !== 'tanh') args.push(`activation='${activationName}'`);
  if (type !== 'SimpleRNN' && str(p, 'recurrentActivation') !== 'sigmoid') args.push(`recurrent_activation='${str(p, 'recurrentActivation')}'`);
  if (!bool(p, 'useBias')) args.push('use_bias=False');
  if (type === 'GRU' && bool(p, 'resetAfter')) args.push('reset_after=True');
  if (bool(p, 'returnSequences')) args.push('return_sequences=True');
  if (bool(p, 'returnState')) args.push('return_state=True');
  if (bool(p, 'goBackwards')) args.push('go_backwards=True');
  if (num(p, 'dropout') > 0) args.push(`dropout=${num(p, 'dropout')}`);
  if (num(p, 'recurrentDropout') > 0) args.push(`recurrent_dropout=${num(p, 'recurrentDropout')}`);
  return `Recurrent(${args.join(', ')})`;
}

function recurrentWeights(type: RecurrentType, p: Params): TorchWeight[] {
  const reorder: LayoutStep[] = type === 'GRU' ? [{ op: 'reorder', order: GRU_TO_TORCH }] : [];
  const w = (key: string, source: string, steps: LayoutStep[]): TorchWeight => ({ key, source, steps });
  const out = [w('weight_ih', 'kernel', [{ op: 'transpose', perm: [1, 0] }, ...reorder]), w('weight_hh', 'recurrent_kernel', [{ op: 'transpose', perm: [1, 0] }, ...reorder])];
  if (!bool(p, 'useBias')) return out;
  if (type === 'GRU' && bool(p, 'resetAfter'))
    return [...out, w('bias_ih', 'bias', [{ op: 'row', index: 0 }, ...reorder]), w('bias_hh', 'bias', [{ op: 'row', index: 1 }, ...reorder])];
  return [...out, w('bias_ih', 'bias', reorder)];
}

function recurrent(type: RecurrentType): TorchLayerEmitter {
  return {
    type,
    module: (n) => recurrentModule(type, n.inputShapes[0]![2]!, n.params),
    forward: (_n, [x], self) => `${self}(${x})`,
    weights: (n) => recurrentWeights(type, n.params),
    helpers: () => [RECURRENT_HELPER],
    mask: {
      // tfjs hands the mask on with the sequence; a last step alone carries none.
      passes: (n) => n.params.returnSequences === true,
      forward: (_n, [x], self, mask) => `${self}(${x}, mask=${mask})`,
    },
  };
}

export const pytorchEmitters: TorchLayerEmitter[] = [recurrent('SimpleRNN'), recurrent('LSTM'), recurrent('GRU')];
