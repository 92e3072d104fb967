import { z } from 'zod';
import { GRAPH_INPUT_ROLES, GRAPH_INPUT_SPECS } from '../../graph/roles';
import { fail, ok } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';
import { kindErrors } from './shape-errors';

/** A model input. `shape` excludes the batch dimension; 0 would be meaningless, null is a free length. */
export const inputSpec = defineSpec({
  type: 'Input',
  order: 0,
  shapeErrors: kindErrors.texts,
  family: 'Input',
  label: 'Input',
  doc: 'Where data enters the network; its shape excludes the batch dimension.',
  params: z.object({
    shape: z.array(z.number().int().min(1).nullable()).min(1).default([2]),
    dtype: z.enum(['float32', 'int32']).default('float32'),
    /** Graph models only: which graph array this input takes (see graph/roles.ts). */
    role: z.enum(GRAPH_INPUT_ROLES).optional(),
  }),
  inputs: [],
  outputs: [{ name: 'out' }],
  inferShape: (_inputs, p) => {
    const graph = p.role ? GRAPH_INPUT_SPECS[p.role] : null;
    if (graph && (p.dtype !== graph.dtype || p.shape.length !== 1 || (graph.width !== null && p.shape[0] !== graph.width)))
      return fail(
        graph.width === null
          ? kindErrors.error('graphInputFeatures', { role: p.role!, dtype: graph.dtype })
          : graph.width === 1
            ? kindErrors.error('graphInputSingle', { role: p.role!, dtype: graph.dtype })
            : kindErrors.error('graphInputRows', { role: p.role!, dtype: graph.dtype, width: graph.width }),
      );
    return ok([null, ...p.shape]);
  },
  countParams: () => NO_PARAMS,
  inputSpec: (p) => ({ shape: p.shape, dtype: p.dtype }),
  keras: {
    classNames: ['InputLayer'],
    fromConfig: (c) => {
      // Keras 2 writes batch_input_shape, Keras 3 batch_shape; both include the batch axis.
      const batchShape = (c.batch_input_shape ?? c.batch_shape) as (number | null)[] | undefined;
      const dtypeRaw = typeof c.dtype === 'object' && c.dtype !== null ? (c.dtype as { config?: { name?: string } }).config?.name : c.dtype;
      const dtype = typeof dtypeRaw === 'string' && dtypeRaw.startsWith('int') ? 'int32' : 'float32';
      if (!batchShape) throw new Error('InputLayer has no batch_input_shape / batch_shape');
      return { shape: batchShape.slice(1), dtype };
    },
  },
});

export const specs = [inputSpec];
