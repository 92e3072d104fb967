import { fillTemplate, helpersInOrder, pyString, type PythonHelper } from '../../codegen/python';
import { isTorchInput, torchShape, type TorchLayerEmitter, type TorchNode, type TorchWeight } from '../../codegen/torch';
import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';
import { ganRoles } from '../../graph/gan';
import type { LayerContext, Shape } from '../../layers/types';
import { torchContext, torchEmitter } from '../common/emitters';
import { className, pythonNames } from '../common/names';
import { ExportRefusedError } from '../common/refused';
import { maskFlow } from './masks';
import { modelPy } from './templates/model.py.generated';

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

const shapeText = (shape: Shape) => `[${shape.map((d) => (d === null ? 'batch' : d)).join(', ')}]`;
const freeText = (shape: Shape) => `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : d)).join(', ')}]`;

/** A layer kind's emitter; undefined for a kind not written to PyTorch (and for Input kinds, which are forward's parameters). */
function layerEmitter(type: string): TorchLayerEmitter | undefined {
  const emitter = torchEmitter(type);
  return emitter && !isTorchInput(emitter) ? emitter : undefined;
}

/** Each node as its emitter sees it. */
function torchNodes(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): (id: string) => TorchNode {
  const attrs = new Map<string, string>();
  pythonNames(doc.nodes.map((n) => n.name)).forEach((name, i) => attrs.set(doc.nodes[i]!.id, name));
  const context = torchContext(ctx);
  return (id) => {
    const a = analysis.nodes.get(id)!;
    return { attr: attrs.get(id)!, params: a.params, inputShapes: a.inputShapes, outputShapes: a.outputShapes, ctx: context };
  };
}

/** Nodes the exporter cannot write, each with the reason; empty when it can write them all. */
export function pytorchProblems(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): { nodeId: string; message: string }[] {
  const nodeOf = torchNodes(doc, analysis, ctx);
  const problems: { nodeId: string; message: string }[] = [...maskFlow(doc, analysis, layerEmitter, nodeOf).problems];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.kind.inputSpec) continue;
    const layer = layerEmitter(a.kind.type);
    if (!layer) {
      problems.push({ nodeId: id, message: `${a.kind.type} layers are not exported to PyTorch yet` });
      continue;
    }
    const why = layer.refuse?.(nodeOf(id));
    if (why) problems.push({ nodeId: id, message: why });
  }
  return problems;
}

/** One nn.Module's parts: its layers, its forward over the nodes given, and the weights they own. */
interface ModuleParts {
  helpers: PythonHelper[];
  init: string[];
  forward: string[];
  weightPlan: NodeWeightPlan[];
  inputs: { name: string; shape: Shape; dtype: 'float32' | 'int32'; rows: string }[];
  outputs: { name: string; shape: Shape }[];
}

/**
 * The layers (`init`) and forward lines of the nodes in `nodeIds` (every node when null), in
 * the graph's order. `owner` names the module within the exported model, so the weight keys
 * of a GAN's generator read `generator.<layer>.weight`.
 */
function moduleParts(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext, nodeIds: ReadonlySet<string> | null, owner = ''): ModuleParts {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodeOf = torchNodes(doc, analysis, ctx);
  const attrOf = (id: string) => nodeOf(id).attr;
  const within = (id: string) => !nodeIds || nodeIds.has(id);
  const helpers: PythonHelper[] = [];
  const init: string[] = [];
  const forward: string[] = [];
  const weightPlan: NodeWeightPlan[] = [];
  const outputVars = new Map<string, string[]>();
  const masks = maskFlow(doc, analysis, layerEmitter, nodeOf);
  const maskVar = (ownerId: string) => `${attrOf(ownerId)}_mask`;

  for (const id of analysis.order.filter(within)) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    const attr = attrOf(id);
    if (a.kind.inputSpec) {
      outputVars.set(id, [attr]);
      continue;
    }
    const layer = layerEmitter(a.kind.type)!;
    const n = nodeOf(id);
    const ownerId = node.sharesWeightsWith ?? id;
    const ownerAttr = attrOf(ownerId);
    helpers.push(...(layer.helpers?.(n) ?? []));
    if (layer.module && ownerId === id) {
      init.push(`        # ${a.kind.type} "${node.name}": ${a.inputShapes.map((s) => freeText(torchShape(s))).join(', ')} → ${a.outputShapes.map((s) => freeText(torchShape(s))).join(', ')}`);
      init.push(`        self.${attr} = ${layer.module(n)}`);
      const weights = layer.weights?.(n) ?? [];
      if (weights.length) weightPlan.push({ nodeId: id, attr: owner + attr, weights });
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
    const call = handed && layer.mask?.forward ? layer.mask.forward(n, args, `self.${ownerAttr}`, maskVar(handed)) : layer.forward(n, args, `self.${ownerAttr}`);
    forward.push(`        ${vars.join(', ')} = ${call}`);
    if (layer.mask?.makes && masks.carried.get(id) === id) forward.push(`        ${maskVar(id)} = ${layer.mask.makes.from(args[0]!)}`);
    for (const line of layer.after?.(n, vars) ?? []) forward.push(`        ${line}`);
  }

  const inputs = analysis.inputs.filter(within).map((id) => {
    const a = analysis.nodes.get(id)!;
    const spec = a.kind.inputSpec!(a.params);
    const emitter = torchEmitter(a.kind.type);
    const rows = emitter && isTorchInput(emitter) ? emitter.rows(a.params) : 'batch';
    return { name: attrOf(id), shape: torchShape([null, ...spec.shape]), dtype: spec.dtype, rows };
  });
  const outputs = analysis.outputs.filter(within).flatMap((id) => outputVars.get(id)!.map((name, i) => ({ name, shape: torchShape(analysis.nodes.get(id)!.outputShapes[i]!) })));
  return { helpers, init, forward, weightPlan, inputs, outputs };
}

const returnLine = (outputs: { name: string }[]) => `        return ${outputs.map((o) => o.name).join(', ')}`;

/** A GAN's player as its own nn.Module: `class Generator(nn.Module)` with its layers and forward. */
function playerClass(cls: string, what: string, parts: ModuleParts): string[] {
  return [
    '',
    '',
    `class ${cls}(nn.Module):`,
    `    """${what}"""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(parts.init.length ? parts.init : ['        pass']),
    '',
    `    def forward(self, ${parts.inputs.map((i) => i.name).join(', ')}):`,
    ...parts.forward,
    returnLine(parts.outputs),
  ];
}

/**
 * model.py for a valid graph: templates/model.py filled in with an nn.Module whose forward
 * mirrors the graph node by node, the helpers it needs and the list of its weights. A GAN
 * document (training.gan with players that resolve) gets a `Generator` and a `Discriminator`
 * module, held by the model as `generator` and `discriminator`; its forward(noise, sample)
 * returns both networks' outputs, in the graph's order, as the tfjs model does.
 * Throws ExportRefusedError naming each node it cannot write.
 */
export function pytorchModelSource(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): TorchModelSource {
  const problems = pytorchProblems(doc, analysis, ctx);
  if (problems.length) throw new ExportRefusedError(problems);

  const gan = doc.training.gan ? ganRoles(doc, analysis, doc.training.gan).roles : null;
  const named = className(doc.name, 'Network');
  // A GAN project named "generator" must not hide the Generator class its model holds.
  const cls = gan && (named === 'Generator' || named === 'Discriminator') ? `${named}Gan` : named;
  const whole = moduleParts(doc, analysis, ctx, null);
  let body: Pick<ModuleParts, 'init' | 'forward' | 'weightPlan'> & { helpers: PythonHelper[]; players: string[] } = { ...whole, players: [] };
  if (gan) {
    const generator = moduleParts(doc, analysis, ctx, new Set(gan.generator.nodeIds), 'generator.');
    const discriminator = moduleParts(doc, analysis, ctx, new Set(gan.discriminator.nodeIds), 'discriminator.');
    const call = (attr: string, parts: ModuleParts) => `        ${parts.outputs.map((o) => o.name).join(', ')} = self.${attr}(${parts.inputs.map((i) => i.name).join(', ')})`;
    body = {
      helpers: [...generator.helpers, ...discriminator.helpers],
      players: [
        ...playerClass('Generator', 'The generator: noise in, one sample out.', generator),
        ...playerClass('Discriminator', 'The discriminator: a sample in, its score "real" out (one logit or probability).', discriminator),
      ],
      init: ['        self.generator = Generator()', '        self.discriminator = Discriminator()'],
      forward: [call('generator', generator), call('discriminator', discriminator)],
      weightPlan: [...generator.weightPlan, ...discriminator.weightPlan],
    };
  }
  const { inputs, outputs } = whole;

  const helperCode = helpersInOrder(body.helpers).flatMap((h) => ['', h.code, '']);
  const weightKeys = body.weightPlan.flatMap((p) => p.weights.map((w) => `${p.attr}.${w.key}`));
  const describe = (io: { name: string; shape: Shape; rows?: string }) => `${io.name} ${shapeText(io.shape).replace(/^\[batch/, `[${io.rows ?? 'batch'}`)}`;
  const graphInputs = inputs.some((i) => i.rows !== 'batch');
  const docstring = [
    `"""${doc.name.replace(/"""/g, "'''")} — a PyTorch model exported from NN Designer.`,
    '',
    ...(doc.description ? [doc.description.replace(/"""/g, "'''"), ''] : []),
    ...(gan ? ['A GAN: model.generator turns noise into samples, model.discriminator scores samples as real.'] : []),
    `forward(${inputs.map((i) => i.name).join(', ')}) takes ${inputs.map(describe).join(', ')}`,
    `and returns ${outputs.map(describe).join(', ')}`,
    '(images are N, C, H, W as PyTorch has them; sequences are batch-first).',
    ...(graphInputs ? ['A graph comes as one row per node or per edge; the edge index holds (source, target) node ids.'] : []),
    'build_model() returns the model with the weights in weights.bin / weights.json beside',
    'this file when they are there.',
    '"""',
  ];
  // torch.nn.functional only when the code calls it: an unused import is a pyflakes warning.
  const usesFunctional = /(?<![\w.])F\./.test([...helperCode, ...body.players, ...body.init, ...body.forward].join('\n'));
  const code = fillTemplate(modelPy, {
    docstring,
    functional_import: usesFunctional ? ['import torch.nn.functional as F'] : [],
    helpers: ['', ...helperCode],
    players: body.players,
    class: [`class ${cls}(nn.Module):`],
    init: body.init.length ? body.init : ['        pass'],
    forward_signature: [`    def forward(self, ${inputs.map((i) => i.name).join(', ')}):`],
    forward: body.forward,
    return: [returnLine(outputs)],
    inputs: [`INPUTS = [${inputs.map((i) => `(${pyString(i.name)}, ${JSON.stringify(i.shape.slice(1))}, ${pyString(i.dtype === 'int32' ? 'int64' : 'float32')})`).join(', ')}]`],
    outputs: [`OUTPUTS = [${outputs.map((o) => pyString(o.name)).join(', ')}]`],
    weight_keys: [`WEIGHT_KEYS = [${weightKeys.map(pyString).join(', ')}]`],
    build_docstring: [`    """The ${cls} network, with the exported weights when weights.json is in weights_dir."""`],
    build: [`    model = ${cls}()`],
  });
  return { code: code.replace(/\n{4,}/g, '\n\n\n'), className: cls, weightPlan: body.weightPlan, inputs, outputs };
}
