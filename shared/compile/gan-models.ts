import * as tf from '@tensorflow/tfjs';
import type { GanRoles } from '../graph/gan';
import type { CompiledModel } from './compile';

export interface GanModels {
  /** Noise → sample. */
  generator: tf.LayersModel;
  /** Sample → one logit or probability. */
  discriminator: tf.LayersModel;
}

/**
 * A GAN document's two networks as models of their own, over the compiled graph's symbolic
 * tensors: they share the compiled model's layers (and so its weights), so training either
 * trains the whole model, and saving the whole model saves both.
 */
export function ganModels(compiled: Pick<CompiledModel, 'symbolic'>, roles: Pick<GanRoles, 'generator' | 'discriminator'>): GanModels {
  const tensor = (id: string): tf.SymbolicTensor => {
    const found = compiled.symbolic.get(id)?.[0];
    if (!found) throw new Error(`node ${id} is not in the compiled model`);
    return found;
  };
  return {
    generator: tf.model({ inputs: tensor(roles.generator.input), outputs: tensor(roles.generator.output), name: 'generator' }),
    discriminator: tf.model({ inputs: tensor(roles.discriminator.input), outputs: tensor(roles.discriminator.output), name: 'discriminator' }),
  };
}
