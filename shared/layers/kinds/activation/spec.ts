import { z } from 'zod';
import { definedOnly, isNullish, layerLabel } from '../../keras-options';
import { ACTIVATIONS, activationFromKeras } from '../../params';
import { isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';

/** Every function Dense and friends offer, plus leakyRelu, which needs its slope. */
export const ACTIVATION_LAYER_FUNCTIONS = [...ACTIVATIONS, 'leakyRelu'] as const;
export type ActivationLayerFunction = (typeof ACTIVATION_LAYER_FUNCTIONS)[number];

export const DEFAULT_LEAKY_SLOPE = 0.3;
/** The class name our ELU-with-any-alpha layer saves under (elu-with-alpha.ts beside it). */
const ELU_WITH_ALPHA_CLASS = 'NndEluWithAlpha';

const KERAS_FUNCTION_ALIASES: Record<string, { activation: ActivationLayerFunction; alpha?: number }> = {
  // keras.activations.leaky_relu defaults to a slope of 0.2, unlike the LeakyReLU layer's 0.3.
  leaky_relu: { activation: 'leakyRelu', alpha: 0.2 },
};

function kerasActivationFunction(value: unknown): { activation: ActivationLayerFunction; alpha?: number } {
  const alias = typeof value === 'string' ? KERAS_FUNCTION_ALIASES[value] : undefined;
  if (alias) return alias;
  try {
    return { activation: activationFromKeras(value) };
  } catch {
    throw new Error(
      `activation ${JSON.stringify(value)} is not supported; NN Designer offers ${ACTIVATION_LAYER_FUNCTIONS.join(', ')}`,
    );
  }
}

function reluFromKeras(c: Record<string, unknown>): Record<string, unknown> {
  const maxValue = c.max_value;
  const slope = Number(c.negative_slope ?? 0);
  const threshold = Number(c.threshold ?? 0);
  if (threshold !== 0)
    throw new Error(`${layerLabel(c, 'ReLU')} has threshold ${threshold}; NN Designer supports ReLU only with threshold 0`);
  if (isNullish(maxValue)) return slope === 0 ? { activation: 'relu' } : { activation: 'leakyRelu', alpha: slope };
  if (Number(maxValue) === 6 && slope === 0) return { activation: 'relu6' };
  throw new Error(
    `${layerLabel(c, 'ReLU')} has max_value ${JSON.stringify(maxValue)} and negative_slope ${slope}; NN Designer supports plain ReLU, ReLU(max_value=6) (relu6) and ReLU(negative_slope=…) (leakyRelu)`,
  );
}

/**
 * A function applied element-wise; the shape passes through unchanged. tfjs has every
 * function built in (leakyRelu as its own layer) except ELU with an alpha other than 1.
 */
export const activationSpec = defineSpec({
  type: 'Activation',
  order: 20,
  family: 'Activation',
  label: 'Activation',
  doc: 'Applies a function (ReLU, sigmoid, softmax, …) to every value; the shape stays the same.',
  params: z.object({
    activation: z.enum(ACTIVATION_LAYER_FUNCTIONS).default('relu'),
    alpha: z
      .number()
      .min(0)
      .optional()
      .describe('leakyRelu: slope for negative inputs (default 0.3); elu: scale of the negative part (default 1)'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const x = singleInput(inputs, 'Activation');
    if (isInferFailure(x)) return x;
    return ok([...x]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'PReLU', ELU_WITH_ALPHA_CLASS],
    fromConfig(c, _ctx, className) {
      switch (className) {
        case 'ReLU':
          return reluFromKeras(c);
        case 'LeakyReLU':
          return { activation: 'leakyRelu', alpha: Number(c.negative_slope ?? c.alpha ?? DEFAULT_LEAKY_SLOPE) };
        case ELU_WITH_ALPHA_CLASS:
        case 'ELU': {
          const alpha = Number(c.alpha ?? 1);
          return definedOnly({ activation: 'elu', alpha: alpha === 1 ? undefined : alpha });
        }
        case 'Softmax': {
          const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
          if (axis !== -1)
            throw new Error(`${layerLabel(c, 'Softmax')} normalizes over axis ${JSON.stringify(c.axis)}; NN Designer supports softmax over the last axis (-1) only`);
          return { activation: 'softmax' };
        }
        case 'PReLU':
          throw new Error(`${layerLabel(c, 'PReLU')} learns its negative slope, which NN Designer does not support yet — use LeakyReLU with a fixed slope instead`);
        default:
          return definedOnly(kerasActivationFunction(c.activation));
      }
    },
  },
});

export const specs = [activationSpec];
