import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';
import type { GraphInputRole } from '../../layers/graph/roles';
import type { LayerContext, Shape } from '../../layers/types';
import { HELPER_DEPENDENCIES, PYTHON_HELPERS } from './python-helpers';
import { TORCH_LAYERS, UNSUPPORTED_TORCH_KINDS, torchShape, type TorchNode, type TorchWeight } from './layers';
import { maskFlow } from './masks';
import { className, pythonNames, pyString } from './names';

export class ExportRefusedError extends Error {
  constructor(readonly problems: { nodeId: string; message: string }[]) {
    super(problems.map((p) => `${p.nodeId}: ${p.message}`).join('\n'));
    this.name = 'ExportRefusedError';
  }
}

/** The PyTorch weights of one node that owns weights, and what tfjs layer they come from. */
export interface NodeWeightPlan {
  nodeId: string;
  attr: string;
  weights: TorchWeight[];
}

export interface TorchModelSource {
  /** model.py */
  code: string;
  className: string;
  weightPlan: NodeWeightPlan[];
  inputs: { name: string; shape: Shape; dtype: 'float32' | 'int32' }[];
  outputs: { name: string; shape: Shape }[];
}

const shapeText = (shape: Shape) => `[${shape.map((d) => (d === null ? 'batch' : d)).join(', ')}]`.replace(/^\[batch/, '[batch');
const freeText = (shape: Shape) => `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : d)).join(', ')}]`;

/** Nodes the exporter cannot write, each with the reason; empty when it can write them all. */
export function pytorchProblems(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): { nodeId: string; message: string }[] {
  const problems: { nodeId: string; message: string }[] = [...maskFlow(doc, analysis).problems];
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.kind.inputSpec) continue;
    const layer = TORCH_LAYERS[a.kind.type];
    if (!layer) {
      problems.push({ nodeId: id, message: UNSUPPORTED_TORCH_KINDS[a.kind.type] ?? `${a.kind.type} layers are not exported to PyTorch yet` });
      continue;
    }
    const why = layer.refuse?.({ attr: names.get(id)!, params: a.params, inputShapes: a.inputShapes, outputShapes: a.outputShapes, ctx });
    if (why) problems.push({ nodeId: id, message: why });
  }
  return problems;
}

/**
 * model.py for a valid graph: an nn.Module whose forward mirrors the graph node by node,
 * with the helpers it needs and the code that loads the exported weights.
 * Throws ExportRefusedError naming each node it cannot write.
 */
export function pytorchModelSource(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): TorchModelSource {
  const problems = pytorchProblems(doc, analysis, ctx);
  if (problems.length) throw new ExportRefusedError(problems);

  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const attrs = new Map<string, string>();
  pythonNames(doc.nodes.map((n) => n.name)).forEach((name, i) => attrs.set(doc.nodes[i]!.id, name));
  const cls = className(doc.name, 'Network');

  const helpers = new Set<string>();
  const init: string[] = [];
  const forward: string[] = [];
  const weightPlan: NodeWeightPlan[] = [];
  const outputVars = new Map<string, string[]>();
  const masks = maskFlow(doc, analysis);
  const maskVar = (embeddingId: string) => `${attrs.get(embeddingId)!}_mask`;

  const nodeFor = (id: string): TorchNode => {
    const a = analysis.nodes.get(id)!;
    return { attr: attrs.get(id)!, params: a.params, inputShapes: a.inputShapes, outputShapes: a.outputShapes, ctx };
  };

  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    const attr = attrs.get(id)!;
    if (a.kind.inputSpec) {
      outputVars.set(id, [attr]);
      continue;
    }
    const layer = TORCH_LAYERS[a.kind.type]!;
    const n = nodeFor(id);
    const ownerId = node.sharesWeightsWith ?? id;
    const ownerAttr = attrs.get(ownerId)!;
    for (const h of layer.helpers?.(n) ?? []) helpers.add(h);
    if (layer.module && ownerId === id) {
      init.push(`        # ${a.kind.type} "${node.name}": ${a.inputShapes.map((s) => freeText(torchShape(s))).join(', ')} → ${a.outputShapes.map((s) => freeText(torchShape(s))).join(', ')}`);
      init.push(`        self.${attr} = ${layer.module(n)}`);
      const weights = layer.weights?.(n) ?? [];
      if (weights.length) weightPlan.push({ nodeId: id, attr, weights });
    }

    const incoming = doc.edges.filter((e) => e.target === id);
    const args: string[] = [];
    for (const edges of incomingByPort(a.kind, incoming).values())
      for (const e of edges) {
        const source = analysis.nodes.get(e.source)!;
        const port = source.kind.outputs.findIndex((p) => p.name === e.sourceHandle);
        args.push(outputVars.get(e.source)![port]!);
      }
    const vars = a.outputShapes.length === 1 ? [attr] : a.kind.outputs.slice(0, a.outputShapes.length).map((p, i) => (i === 0 ? attr : `${attr}_${p.name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}`));
    outputVars.set(id, vars);
    const shared = ownerId === id ? '' : ` (weights of "${byId.get(ownerId)!.name}")`;
    forward.push(`        # ${a.kind.type}${shared} → ${a.outputShapes.map((s) => freeText(torchShape(s))).join(', ')}`);
    const handed = masks.handed.get(id);
    const call = handed && layer.maskedForward ? layer.maskedForward(n, args, `self.${ownerAttr}`, maskVar(handed)) : layer.forward(n, args, `self.${ownerAttr}`);
    forward.push(`        ${vars.join(', ')} = ${call}`);
    if (a.kind.type === 'Embedding' && masks.carried.get(id) === id)
      forward.push(`        ${maskVar(id)} = ${args[0]} != 0  # padding (id 0); the layers that read it skip those steps, as in tfjs`);
    for (const line of layer.after?.(n, vars) ?? []) forward.push(`        ${line}`);
  }

  const inputs = analysis.inputs.map((id) => {
    const a = analysis.nodes.get(id)!;
    const spec = a.kind.inputSpec!(a.params);
    const role = a.params.role as GraphInputRole | undefined;
    const rows = role === 'edgeIndex' || role === 'edgeFeatures' ? 'edges' : role ? 'nodes' : 'batch';
    return { name: attrs.get(id)!, shape: torchShape([null, ...spec.shape]), dtype: spec.dtype, rows };
  });
  const outputs = analysis.outputs.flatMap((id) => outputVars.get(id)!.map((name, i) => ({ name, shape: torchShape(analysis.nodes.get(id)!.outputShapes[i]!) })));
  const returned = outputs.length === 1 ? outputs[0]!.name : outputs.map((o) => o.name).join(', ');

  const helperOrder = Object.keys(PYTHON_HELPERS);
  const needed = new Set<string>();
  const need = (h: string) => {
    if (needed.has(h)) return;
    for (const dep of HELPER_DEPENDENCIES[h] ?? []) need(dep);
    needed.add(h);
  };
  for (const h of helpers) need(h);
  const helperCode = helperOrder.filter((h) => needed.has(h)).map((h) => PYTHON_HELPERS[h]!.trim());

  const weightKeys = weightPlan.flatMap((p) => p.weights.map((w) => `${p.attr}.${w.key}`));
  const describe = (io: { name: string; shape: Shape; rows?: string }) => `${io.name} ${shapeText(io.shape).replace(/^\[batch/, `[${io.rows ?? 'batch'}`)}`;
  const graphInputs = inputs.some((i) => i.rows !== 'batch');
  const code = [
    `"""${doc.name.replace(/"""/g, "'''")} — a PyTorch model exported from NN Designer.`,
    '',
    ...(doc.description ? [doc.description.replace(/"""/g, "'''"), ''] : []),
    `forward(${inputs.map((i) => i.name).join(', ')}) takes ${inputs.map(describe).join(', ')}`,
    `and returns ${outputs.map(describe).join(', ')}`,
    '(images are N, C, H, W as PyTorch has them; sequences are batch-first).',
    ...(graphInputs ? ['A graph comes as one row per node or per edge; the edge index holds (source, target) node ids.'] : []),
    'build_model() returns the model with the weights in weights.bin / weights.json beside',
    'this file when they are there.',
    '"""',
    'import json',
    'import math',
    'import os',
    '',
    'import torch',
    'from torch import nn',
    'import torch.nn.functional as F',
    '',
    "HERE = os.path.dirname(os.path.abspath(__file__))",
    '',
    ...helperCode.flatMap((h) => ['', h, '']),
    '',
    `class ${cls}(nn.Module):`,
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length ? init : ['        pass']),
    '',
    `    def forward(self, ${inputs.map((i) => i.name).join(', ')}):`,
    ...forward,
    `        return ${returned}`,
    '',
    '',
    `INPUTS = [${inputs.map((i) => `(${pyString(i.name)}, ${JSON.stringify(i.shape.slice(1))}, ${pyString(i.dtype === 'int32' ? 'int64' : 'float32')})`).join(', ')}]`,
    `OUTPUTS = [${outputs.map((o) => pyString(o.name)).join(', ')}]`,
    '# The weights load_weights and save_weights read and write, in file order.',
    `WEIGHT_KEYS = [${weightKeys.map(pyString).join(', ')}]`,
    '',
    '',
    TORCH_WEIGHTS_IO.trim(),
    '',
    '',
    'def build_model(weights_dir=HERE):',
    `    """The ${cls} network, with the exported weights when weights.json is in weights_dir."""`,
    `    model = ${cls}()`,
    "    if weights_dir and os.path.exists(os.path.join(weights_dir, 'weights.json')):",
    '        load_weights(model, weights_dir)',
    '    return model',
    '',
  ].join('\n');
  return { code: code.replace(/\n{4,}/g, '\n\n\n'), className: cls, weightPlan, inputs, outputs };
}

const TORCH_WEIGHTS_IO = String.raw`
def load_weights(model, directory=HERE):
    """Copies weights.bin (float32, little-endian; weights.json says where each tensor lies) into model."""
    with open(os.path.join(directory, 'weights.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    with open(os.path.join(directory, 'weights.bin'), 'rb') as f:
        data = bytearray(f.read())
    state = model.state_dict()
    with torch.no_grad():
        for entry in manifest['tensors']:
            count = math.prod(entry['shape'])
            values = torch.frombuffer(data, dtype=torch.float32, count=count, offset=entry['offset'])
            state[entry['key']].copy_(values.reshape(entry['shape']))
    return manifest


def save_weights(model, directory, source='trained'):
    """Writes model's weights as load_weights reads them."""
    os.makedirs(directory, exist_ok=True)
    state = model.state_dict()
    tensors, chunks, offset = [], [], 0
    for key in WEIGHT_KEYS:
        flat = state[key].detach().to('cpu', torch.float32).contiguous().reshape(-1)
        try:
            raw = flat.numpy().tobytes()
        except (ImportError, RuntimeError):  # a torch built without numpy
            raw = bytes(flat.view(torch.uint8).tolist())
        tensors.append({'key': key, 'shape': list(state[key].shape), 'offset': offset})
        chunks.append(raw)
        offset += len(raw)
    with open(os.path.join(directory, 'weights.bin'), 'wb') as f:
        f.write(b''.join(chunks))
    with open(os.path.join(directory, 'weights.json'), 'w', encoding='utf-8') as f:
        json.dump({'format': 'nn-designer.torch-weights', 'version': 1, 'source': source, 'tensors': tensors}, f, indent=1)
`;
