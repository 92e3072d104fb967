import type { TorchWeight } from '../../codegen/torch';
import type { NamedWeight } from '../common/layer-weights';
import { applySteps, invertSteps, size, stackRows, type HostTensor } from '../tensor';
import type { NodeWeightPlan } from './model-py';

export interface TorchTensor {
  key: string;
  tensor: HostTensor;
}

function matches(weight: NamedWeight, spec: TorchWeight): boolean {
  const parts = weight.name.split('/');
  // `kernel`, or a path such as `query/kernel` where one layer has several kernels.
  if (weight.name !== spec.source && !weight.name.endsWith(`/${spec.source}`)) return false;
  return spec.within === undefined || parts.some((p) => p.startsWith(`${spec.within}_`));
}

function sourceOf(weights: NamedWeight[], spec: TorchWeight, attr: string): NamedWeight {
  const found = weights.find((w) => matches(w, spec));
  if (!found) throw new Error(`${attr}: the tfjs layer has no weight "${spec.source}" for ${spec.key} (it has ${weights.map((w) => w.name).join(', ')})`);
  return found;
}

/** tfjs weights of each node (by node id) → the PyTorch state-dict tensors, in WEIGHT_KEYS order. */
export function torchWeightsFromTfjs(plan: NodeWeightPlan[], tfjsWeights: (nodeId: string) => NamedWeight[]): TorchTensor[] {
  return plan.flatMap((node) => {
    const weights = tfjsWeights(node.nodeId);
    return node.weights.map((spec) => ({ key: `${node.attr}.${spec.key}`, tensor: applySteps(sourceOf(weights, spec, node.attr).tensor, spec.steps) }));
  });
}

/**
 * PyTorch state-dict tensors → the tfjs weights of each node, in the order and shapes of
 * `tfjsShapes(nodeId)` (the layer's own weights), so trained PyTorch weights load into the
 * tfjs model: the inverse of torchWeightsFromTfjs.
 */
export function tfjsWeightsFromTorch(
  plan: NodeWeightPlan[],
  torch: Map<string, HostTensor>,
  tfjsShapes: (nodeId: string) => { name: string; shape: number[] }[],
): Map<string, HostTensor[]> {
  const out = new Map<string, HostTensor[]>();
  for (const node of plan) {
    const shapes = tfjsShapes(node.nodeId);
    const values = shapes.map((target) => {
      const probe: NamedWeight = { name: target.name, tensor: { shape: target.shape, data: new Float32Array(0) } };
      const specs = node.weights.filter((spec) => matches(probe, spec));
      if (!specs.length) throw new Error(`${node.attr}: no PyTorch weight comes from the tfjs weight ${target.name}`);
      const take = (spec: TorchWeight) => {
        const key = `${node.attr}.${spec.key}`;
        const t = torch.get(key);
        if (!t) throw new Error(`the PyTorch weights lack ${key}`);
        return t;
      };
      const [first] = specs;
      if (first!.steps[0]?.op === 'row') {
        // Rows of one tfjs weight (GRU reset-after biases): invert each after its row, then stack.
        const rows = [...specs]
          .sort((a, b) => (a.steps[0] as { index: number }).index - (b.steps[0] as { index: number }).index)
          .map((spec) => invertSteps(take(spec), spec.steps.slice(1), target.shape.slice(1)));
        return stackRows(rows);
      }
      const restored = invertSteps(take(first!), first!.steps, target.shape);
      if (size(restored.shape) !== size(target.shape)) throw new Error(`${node.attr}: ${first!.key} does not fit ${target.name}`);
      return { shape: target.shape, data: restored.data };
    });
    out.set(node.nodeId, values);
  }
  return out;
}

/** weights.bin + weights.json as model.py's load_weights reads them. */
export function encodeTorchWeights(tensors: TorchTensor[], source: 'trained' | 'initial'): { manifest: string; bin: Uint8Array } {
  const total = tensors.reduce((n, t) => n + t.tensor.data.length, 0);
  const bin = new Uint8Array(total * 4);
  const view = new DataView(bin.buffer);
  let offset = 0;
  const entries = tensors.map(({ key, tensor }) => {
    const entry = { key, shape: tensor.shape, offset };
    for (let i = 0; i < tensor.data.length; i++, offset += 4) view.setFloat32(offset, tensor.data[i]!, true);
    return entry;
  });
  return { manifest: JSON.stringify({ format: 'nn-designer.torch-weights', version: 1, source, tensors: entries }, null, 1) + '\n', bin };
}

export function decodeTorchWeights(manifestJson: string, bin: Uint8Array): Map<string, HostTensor> {
  const manifest = JSON.parse(manifestJson) as { format?: string; tensors?: { key: string; shape: number[]; offset: number }[] };
  if (manifest.format !== 'nn-designer.torch-weights' || !Array.isArray(manifest.tensors))
    throw new Error('weights.json is not an NN Designer PyTorch weights manifest');
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const out = new Map<string, HostTensor>();
  for (const entry of manifest.tensors) {
    const count = size(entry.shape);
    if (entry.offset + count * 4 > bin.byteLength) throw new Error(`weights.bin is too short for ${entry.key}`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(entry.offset + 4 * i, true);
    out.set(entry.key, { shape: entry.shape, data });
  }
  return out;
}
