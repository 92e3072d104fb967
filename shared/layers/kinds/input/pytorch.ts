import type { TorchInputEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchInputEmitter[] = [
  {
    type: 'Input',
    // A graph model's arrays have one row per node or per edge, not per sample.
    rows: (p) => (p.role === 'edgeIndex' || p.role === 'edgeFeatures' ? 'edges' : p.role ? 'nodes' : 'batch'),
  },
];
