import { analyzeGraph, type GraphAnalysis } from './analyze';
import type { GraphDocument, GraphNode } from './document';
import { applyLayout, layeredLayout, type LayoutEngine, type NodeBox } from './layout';
import type { LayerCatalog } from '../layers/catalog';
import { formatShape } from '../layers/shape-utils';
import { effectiveParamValue } from '../layers/null-defaults';

/**
 * What a layer node shows on its face (name, kind, key parameters, ports, output shape) and
 * the box that takes without cutting any of it. The editor draws the face; the layout, which
 * may run where there is no page to measure (`nnd import`), sizes nodes by the estimate.
 */

/** The params a node shows on its face, in this order of preference (at most three). */
const KEY_PARAMS = [
  'shape',
  'units',
  'filters',
  'kernelSize',
  'poolSize',
  'strides',
  'activation',
  'rate',
  'targetShape',
  'dims',
  'n',
  'size',
  'padding',
  'inputDim',
  'outputDim',
  'axis',
  'returnSequences',
  'mergeMode',
  'layer',
] as const;
const MAX_KEY_PARAMS = 3;

export function formatParamValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === null ? '?' : String(v))).join(', ')}]`;
  if (value && typeof value === 'object' && 'type' in value) return String((value as { type: unknown }).type);
  return String(value);
}

/** The key params of a layer with these (resolved) params, as name and display value. */
export function keyParamsOf(paramNames: ReadonlySet<string>, params: Record<string, unknown>): { name: string; value: string }[] {
  const shown: { name: string; value: string }[] = [];
  for (const name of KEY_PARAMS) {
    if (shown.length === MAX_KEY_PARAMS) break;
    if (!paramNames.has(name) || params[name] === undefined) continue;
    // A null that stands for another param (a pool's strides) shows the value in effect; one
    // that means "as the input" (an attention's outputDim) has no figure to show, so it is left off.
    const value = effectiveParamValue(name, params);
    if (value === null) continue;
    shown.push({ name, value: formatParamValue(value) });
  }
  return shown;
}

/** The node's geometry in CSS pixels; LayerNode and styles.css follow the same figures. */
export const NODE_FACE = {
  minWidth: 180,
  paddingX: 26,
  /** Name and kind lines with their padding, and the node's top and bottom border. */
  headerHeight: 45,
  lineHeight: 17,
  paramsPadding: 6,
  portRowHeight: 20,
  portsPadding: 2,
  /** A graph Input's role tag. */
  tagHeight: 19,
  footerHeight: 28,
} as const;

/** A rough width of text: CJK characters are square, Latin ones about half an em (0.6 em in monospace). */
export function textWidth(text: string, fontSize: number, mono = false): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\uffff]/.test(ch) ? fontSize : fontSize * (mono ? 0.6 : 0.54);
  return width;
}

export interface NodeFaceText {
  name: string;
  kindLabel: string;
  extraLines: string[];
  /** A tag under the kind (a graph Input's role). */
  tag?: string;
  keyParams: { name: string; value: string }[];
  inputs: readonly string[];
  outputs: readonly string[];
  /** The footer: the output shape (monospace) and the parameter count. */
  shape: string;
  count: string;
  /** The shape label on an outgoing wire (one output's shape). */
  wireLabel?: string;
}

/** The box a face with this text needs, never narrower than NODE_FACE.minWidth. */
export function nodeBoxFor(face: NodeFaceText): NodeBox {
  const portRows = face.inputs.length > 1 || face.outputs.length > 1 ? Math.max(face.inputs.length, face.outputs.length) : 0;
  const portWidths = Array.from({ length: portRows }, (_, i) => textWidth(face.inputs[i] ?? '', 10.5) + textWidth(face.outputs[i] ?? '', 10.5) + 24);
  const width = Math.max(
    NODE_FACE.minWidth,
    textWidth(face.name, 13) + NODE_FACE.paddingX,
    textWidth(face.kindLabel, 11) + 16 + NODE_FACE.paddingX,
    ...face.extraLines.map((l) => textWidth(l, 11.5) + NODE_FACE.paddingX),
    textWidth(face.tag ?? '', 10.5) + 14 + NODE_FACE.paddingX,
    ...face.keyParams.map((p) => textWidth(`${p.name} ${p.value}`, 11.5) + NODE_FACE.paddingX),
    ...portWidths.map((w) => w + NODE_FACE.paddingX),
    textWidth(face.shape, 11, true) + (face.count ? 10 + textWidth(face.count, 11) : 0) + NODE_FACE.paddingX,
  );
  const rowsTop = NODE_FACE.headerHeight + (face.tag ? NODE_FACE.tagHeight : 0) + face.extraLines.length * NODE_FACE.lineHeight;
  const rowTops = (ports: readonly string[]) => ports.map((_, i) => rowsTop + (i + 0.5) * NODE_FACE.portRowHeight);
  const height =
    NODE_FACE.headerHeight +
    (face.tag ? NODE_FACE.tagHeight : 0) +
    face.extraLines.length * NODE_FACE.lineHeight +
    (portRows ? portRows * NODE_FACE.portRowHeight + NODE_FACE.portsPadding : 0) +
    (face.keyParams.length ? face.keyParams.length * NODE_FACE.lineHeight + NODE_FACE.paramsPadding : 0) +
    NODE_FACE.footerHeight;
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    inputs: face.inputs,
    outputs: face.outputs,
    // A side with several ports has them in rows (LayerNode's PortRows); a lone port sits mid-side.
    ...(face.inputs.length > 1 ? { inputTops: rowTops(face.inputs) } : {}),
    ...(face.outputs.length > 1 ? { outputTops: rowTops(face.outputs) } : {}),
    // The wire's label: the shape at 10 px monospace in a padded, bordered tag (.edge-shape).
    wireLabelWidth: face.wireLabel ? Math.ceil(textWidth(face.wireLabel, 10, true) + 10) : 0,
  };
}

/** The words on a node's face in one interface language: the kind's label, each key parameter's label, the parameter count. */
export interface FaceWords {
  kindLabel(type: string, englishLabel: string): string;
  paramLabel(name: string): string;
  paramCount(count: number): string;
}

/** English, as the CLI and an import (no page, no interface language) lay nodes out. */
export const ENGLISH_FACE_WORDS: FaceWords = {
  kindLabel: (_type, englishLabel) => englishLabel,
  paramLabel: (name) => name,
  paramCount: (count) => `${count.toLocaleString('en')} params`,
};

/**
 * Estimated boxes for the nodes of a document, for a layout made before a page has measured
 * them (the CLI, a model import, a template opening): each node's face in `words`' language,
 * from the document's analysis.
 */
export function estimatedNodeBoxes(doc: GraphDocument, analysis: GraphAnalysis, catalog: LayerCatalog, words: FaceWords = ENGLISH_FACE_WORDS): (node: GraphNode) => NodeBox {
  return (node) => {
    const kind = catalog.kind(node.type);
    const a = analysis.nodes.get(node.id);
    const params = a?.params ?? node.params;
    const shapes = a ? a.outputShapes.map(formatShape).join(' ') : '?';
    const count = a ? a.paramCount.trainable + a.paramCount.nonTrainable : 0;
    const outputs = (kind?.outputs ?? [{ name: 'out', optional: false }]).filter((p, i) => !p.optional || (a !== undefined && i < a.outputShapes.length));
    return nodeBoxFor({
      name: node.name,
      kindLabel: words.kindLabel(node.type, kind?.label ?? node.type),
      extraLines: node.label ? [node.label] : [],
      ...(node.type === 'Input' && typeof params.role === 'string' ? { tag: params.role } : {}),
      keyParams: kind ? keyParamsOf(new Set(Object.keys(kind.params.shape)), params).map((p) => ({ name: words.paramLabel(p.name), value: p.value })) : [],
      inputs: (kind?.inputs ?? []).map((p) => p.name),
      outputs: outputs.map((p) => p.name),
      shape: shapes,
      ...(a?.outputShapes[0] ? { wireLabel: formatShape(a.outputShapes[0]) } : {}),
      count: count > 0 ? words.paramCount(count) : '',
    });
  };
}

/** The document laid out with estimated node boxes: what an import or a script writes before any page has measured a node. */
export async function layOutEstimated(doc: GraphDocument, catalog: LayerCatalog, engine: LayoutEngine): Promise<GraphDocument> {
  const boxes = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog);
  return applyLayout(doc, await layeredLayout(doc, boxes, engine));
}
