import { HARD_SIGMOID_HELPER, isKerasInput, snake, type KerasLayerEmitter } from '../../codegen/keras';
import { fillTemplate, helpersInOrder, pyString, type Params, type PythonHelper } from '../../codegen/python';
import type { CompiledModel } from '../../compile/compile';
import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';
import { ganRoles, type GanPlayer } from '../../graph/gan';
import type { LayerContext } from '../../layers/types';
import { kerasContext, kerasEmitter } from '../common/emitters';
import { layerWeights } from '../common/layer-weights';
import { className, pythonNames } from '../common/names';
import { ExportRefusedError } from '../common/refused';
import { kerasCompile } from './compile';
import type { ExportFile } from '../files';
import { modelPy } from './templates/model.py.generated';

function layerEmitter(type: string): KerasLayerEmitter | undefined {
  const emitter = kerasEmitter(type);
  return emitter && !isKerasInput(emitter) ? emitter : undefined;
}

/** The Keras layer constructor for one node, without its call; null for a kind not written to Keras. */
export function kerasLayer(type: string, p: Params, ctx: LayerContext, name?: string): string | null {
  return layerEmitter(type)?.layer(p, kerasContext(ctx), name) ?? null;
}

export interface KerasModelSource {
  code: string;
}

/**
 * model.py for Keras (3): templates/model.py filled in with the functional API, one layer
 * call per node with the node's name as the layer name, so weights and summaries line up
 * with the tfjs model.
 */
export function kerasModelSource(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): KerasModelSource {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const vars = new Map<string, string>();
  pythonNames(doc.nodes.map((n) => n.name)).forEach((name, i) => vars.set(doc.nodes[i]!.id, name));
  const context = kerasContext(ctx);
  const problems: { nodeId: string; message: string }[] = [];
  const sharedOwners = new Set(doc.nodes.flatMap((n) => (n.sharesWeightsWith ? [n.sharesWeightsWith] : [])));
  const body: string[] = [];
  const outputsOf = new Map<string, string[]>();
  const helpers: PythonHelper[] = [];

  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    const v = vars.get(id)!;
    if (a.kind.inputSpec) {
      const emitter = kerasEmitter(a.kind.type);
      if (!emitter || !isKerasInput(emitter)) {
        problems.push({ nodeId: id, message: `${a.kind.type} inputs are not exported to Keras yet` });
        continue;
      }
      body.push(`    ${v} = ${emitter.input(a.params, node.name)}`);
      outputsOf.set(id, [v]);
      continue;
    }
    const ownerId = node.sharesWeightsWith ?? id;
    const owner = byId.get(ownerId)!;
    const emitter = layerEmitter(a.kind.type);
    const layer = emitter?.layer(a.params, context, owner.name) ?? null;
    if (!emitter || !layer) {
      problems.push({ nodeId: id, message: `${a.kind.type} layers are not exported to Keras yet` });
      continue;
    }
    if (layer.includes('tfjs_hard_sigmoid')) helpers.push(HARD_SIGMOID_HELPER);
    helpers.push(...(emitter.helpers?.(a.params, context) ?? []));
    const args: string[] = [];
    for (const edges of incomingByPort(a.kind, doc.edges.filter((e) => e.target === id)).values())
      for (const e of edges) {
        const source = analysis.nodes.get(e.source)!;
        args.push(outputsOf.get(e.source)![source.kind.outputs.findIndex((p) => p.name === e.sourceHandle)]!);
      }
    const outs = a.outputShapes.length === 1 ? [v] : a.kind.outputs.slice(0, a.outputShapes.length).map((p, i) => (i === 0 ? v : `${v}_${snake(p.name)}`));
    outputsOf.set(id, outs);
    const call = emitter.call
      ? emitter.call(a.params, args)
      : args.length === 1 && a.kind.inputs.length === 1 && !a.kind.inputs[0]!.multiple
        ? args[0]!
        : `[${args.join(', ')}]`;
    const shapes = a.outputShapes.map((s) => `[${s.map((d) => d ?? 'batch').join(', ')}]`).join(', ');
    body.push(`    # ${a.kind.type} → ${shapes}`);
    if (sharedOwners.has(id)) {
      body.push(`    ${v}_layer = ${layer}`);
      body.push(`    ${outs.join(', ')} = ${v}_layer(${call})`);
    } else if (ownerId !== id) {
      body.push(`    ${outs.join(', ')} = ${vars.get(ownerId)}_layer(${call})  # the layer of "${owner.name}", shared`);
    } else body.push(`    ${outs.join(', ')} = ${layer}(${call})`);
  }
  if (problems.length) throw new ExportRefusedError(problems);

  const inputs = analysis.inputs.map((id) => vars.get(id)!);
  const outputs = analysis.outputs.flatMap((id) => outputsOf.get(id)!);
  const modelName = doc.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model';
  const gan = doc.training.gan ? ganRoles(doc, analysis, doc.training.gan).roles : null;
  const compile = gan
    ? {
        lines: [
          '    # A GAN does not learn with fit(): its generator and discriminator train against each other, each with',
          "    # its own optimizer (the project's loop is train.py of the PyTorch export). build_generator() and",
          "    # build_discriminator() below give the two networks, sharing this model's layers and weights.",
        ],
        helpers: [],
      }
    : kerasCompile(doc, analysis, (id) => byId.get(byId.get(id)!.sharesWeightsWith ?? id)!.name);
  helpers.push(...compile.helpers);
  const helperCode = helpersInOrder(helpers).flatMap((h) => ['', h.code, '']);
  // Only the parts of keras the code calls: an unused import is a pyflakes warning.
  const used = [...helperCode, ...body].join('\n');
  const fromKeras = ['layers', 'ops'].filter((name) => new RegExp(`(?<![\\w.])${name}\\.`).test(used));
  const code = fillTemplate(modelPy, {
    docstring: [
      `"""${doc.name.replace(/"""/g, "'''")} — a Keras model exported from NN Designer.`,
      '',
      ...(doc.description ? [doc.description.replace(/"""/g, "'''"), ''] : []),
      'build_model() returns the functional model with the layer names of the NN Designer graph',
      'and, when weights.bin / weights.json are beside this file, its weights; compile_model(model)',
      "compiles it with the project's optimizer and each output's loss, loss weight and metrics.",
      'Written for Keras 3 (pip install keras); images are channels-last (N, H, W, C) as in NN Designer.',
      '"""',
    ],
    keras_import: fromKeras.length ? [`from keras import ${fromKeras.join(', ')}`] : [],
    helpers: ['', ...helperCode],
    build_docstring: [`    """The ${className(doc.name, 'network')} graph as a Keras functional model."""`],
    body,
    compile: compile.lines,
    model: [`    model = keras.Model(inputs=[${inputs.join(', ')}], outputs=[${outputs.join(', ')}], name=${pyString(modelName)})`],
    players: gan ? [...playerFunction('generator', 'noise in, one sample out', analysis, gan.generator), ...playerFunction('discriminator', 'a sample in, its score "real" out', analysis, gan.discriminator)] : [],
  });
  return { code: code.replace(/\n{4,}/g, '\n\n\n') };
}

/** build_generator() / build_discriminator(): one player of a GAN as its own Keras model over build_model()'s layers. */
function playerFunction(player: 'generator' | 'discriminator', what: string, analysis: GraphAnalysis, ends: GanPlayer): string[] {
  return [
    '',
    '',
    `def build_${player}(model=None):`,
    `    """The ${player} alone (${what}): a Keras model over the layers of model (build_model()'s by default), sharing their weights."""`,
    '    model = model or build_model()',
    `    return keras.Model(inputs=model.inputs[${analysis.inputs.indexOf(ends.input)}], outputs=model.outputs[${analysis.outputs.indexOf(ends.output)}], name=${pyString(player)})`,
  ];
}

/** model.py + weights.bin + weights.json (each layer's weights in Keras's own order and layout, which tfjs shares). */
export function kerasExport(doc: GraphDocument, compiled: CompiledModel, ctx: LayerContext, weightsFrom: 'trained' | 'initial'): ExportFile[] {
  const { code } = kerasModelSource(doc, compiled.analysis, ctx);
  const chunks: Float32Array[] = [];
  let offset = 0;
  const entries: { name: string; weights: { shape: number[]; offset: number }[] }[] = [];
  for (const node of doc.nodes) {
    if (node.sharesWeightsWith) continue;
    const layer = compiled.layers.get(node.id);
    if (!layer || !layer.weights.length) continue;
    const order = layerEmitter(node.type)?.weightOrder;
    const rank = (name: string) => (order ? order.findIndex((suffix) => name.endsWith(`/${suffix}`)) : 0);
    const weights = [...layerWeights(layer)].sort((a, b) => rank(a.name) - rank(b.name)).map((w) => {
      const entry = { shape: w.tensor.shape, offset };
      chunks.push(w.tensor.data);
      offset += w.tensor.data.length * 4;
      return entry;
    });
    entries.push({ name: node.name, weights });
  }
  const bin = new Uint8Array(offset);
  const view = new DataView(bin.buffer);
  let at = 0;
  for (const chunk of chunks) for (const v of chunk) view.setFloat32((at += 4) - 4, v, true);
  return [
    { path: 'model.py', contents: code },
    { path: 'weights.json', contents: JSON.stringify({ format: 'nn-designer.keras-weights', version: 1, source: weightsFrom, layers: entries }, null, 1) + '\n' },
    { path: 'weights.bin', contents: bin },
  ];
}
