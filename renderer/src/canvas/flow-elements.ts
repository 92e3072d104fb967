import type { Edge, Node } from '@xyflow/react';
import type { GraphAnalysis, Problem } from '../../../shared/graph/analyze';
import type { GraphDocument, GraphEdge, GraphNode } from '../../../shared/graph/document';
import type { LayerCatalog } from '../../../shared/layers';
import { formatShape } from '../../../shared/layers/shape-utils';
import { groupsOf, hiddenByCollapse, type NodeGroup } from '../../../shared/graph/groups';
import type { GraphInputRole } from '../../../shared/layers/graph/roles';
import { formatParamValue, keyParamsOf, NODE_FACE } from '../../../shared/graph/node-face';
import type { NoiseDistribution } from '../../../shared/graph/training-config';
import { GAN_REGION_INSET } from '../../../shared/graph/layout';
import { ganView, type GanPlayerName, type GanView } from './gan-view';

export { formatParamValue };

export interface PortView {
  name: string;
  many: boolean;
}

/** Everything a layer node draws. Plain data (React Flow's guidance): no callbacks, no class instances. */
export interface LayerNodeData extends Record<string, unknown> {
  name: string;
  type: string;
  family: string;
  label?: string;
  /** Input nodes of a graph model: which graph array they take (node features, edge index, …). */
  graphRole?: GraphInputRole;
  keyParams: { name: string; value: string }[];
  inputs: PortView[];
  outputs: PortView[];
  /** Output shape text, one per output port that has one; empty when it could not be inferred. */
  shapes: string[];
  paramCount: number | null;
  /** Said in the interface language by the node itself (problemText), so a language switch needs no new data. */
  problems: Problem[];
  /** A GAN's Inputs: what each is fed (the generator's noise; the discriminator's real and generated samples). */
  ganTag?: { kind: 'noise'; distribution: NoiseDistribution; size: string } | { kind: 'real'; field: string };
}

export interface GroupNodeData extends Record<string, unknown> {
  groupId: string;
  name: string;
  collapsed: boolean;
  memberCount: number;
  problems: number;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  shape: string | null;
  /** Whether this wire carries the label: one per output port, since its wires all carry the same shape. */
  labelled: boolean;
  /** The bends of the last layout (the document's `route`), while neither end has moved. */
  route: readonly (readonly [number, number])[] | null;
}

/** The tinted region behind one network of a GAN, labelled with the player's name. */
export interface GanRegionData extends Record<string, unknown> {
  player: GanPlayerName;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type GroupFlowNode = Node<GroupNodeData, 'group'>;
export type GanRegionFlowNode = Node<GanRegionData, 'gan-region'>;
export type FlowNode = LayerFlowNode | GroupFlowNode | GanRegionFlowNode;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;
/** The generator's samples on their way into the discriminator: drawn, never edited (the run does it). */
export type FakeSamplesFlowEdge = Edge<Record<string, never>, 'fake-samples'>;
export type FlowEdge = ShapeFlowEdge | FakeSamplesFlowEdge;

/** The target handle of a GAN discriminator's Input, where the fake-samples wire ends (an Input has no input port). */
export const FAKE_SAMPLES_HANDLE = 'gan-fake-samples';

export const DEFAULT_NODE_SIZE = { width: NODE_FACE.minWidth, height: 92 };
const GROUP_PADDING = 28;
const COLLAPSED_GROUP_SIZE = { width: 220, height: 72 };

export interface FlowInput {
  doc: GraphDocument;
  analysis: GraphAnalysis;
  catalog: LayerCatalog;
  selectedNodes: ReadonlySet<string>;
  dragPositions: Record<string, { x: number; y: number }> | null;
  measured: ReadonlyMap<string, { width: number; height: number }>;
}

export function groupNodeId(groupId: string): string {
  return `group:${groupId}`;
}

const nodeDataCache = new WeakMap<GraphNode, { analysis: GraphAnalysis; data: LayerNodeData }>();

/**
 * The node's face, reused while neither the node nor the analysis changed: during a drag
 * only positions change, so memoised node components skip rendering.
 */
function cachedNodeData(node: GraphNode, analysis: GraphAnalysis, catalog: LayerCatalog, problems: ReadonlyMap<string, Problem[]>, gan: GanView | null): LayerNodeData {
  const hit = nodeDataCache.get(node);
  if (hit && hit.analysis === analysis) return hit.data;
  const data = layerNodeData(node, analysis, catalog, problems.get(node.id) ?? [], gan);
  nodeDataCache.set(node, { analysis, data });
  return data;
}

export function layerNodeData(node: GraphNode, analysis: GraphAnalysis, catalog: LayerCatalog, problems: Problem[], gan: GanView | null = null): LayerNodeData {
  const id = node.id;
  const kind = catalog.kind(node.type);
  const a = analysis.nodes.get(id);
  const params = a?.params ?? resolvedOrRaw(catalog, node.type, node.params);
  const keyParams = kind ? keyParamsOf(new Set(Object.keys(kind.params.shape)), params) : [];
  const outputs = (kind?.outputs ?? [{ name: 'out' }])
    // Optional outputs (an LSTM's states) appear only when the settings produce them.
    .filter((p, i) => !p.optional || (a !== undefined && i < a.outputShapes.length))
    .map((p) => ({ name: p.name, many: false }));
  return {
    name: node.name,
    type: node.type,
    family: kind?.family ?? 'Core',
    ...(node.label ? { label: node.label } : {}),
    ...(node.type === 'Input' && typeof params.role === 'string' ? { graphRole: params.role as GraphInputRole } : {}),
    keyParams,
    inputs: (kind?.inputs ?? []).map((p) => ({ name: p.name, many: Boolean(p.multiple) })),
    outputs,
    shapes: a ? a.outputShapes.map(formatShape) : [],
    paramCount: a ? a.paramCount.trainable + a.paramCount.nonTrainable : null,
    problems,
    ...ganTagOf(id, gan),
  };
}

function ganTagOf(id: string, gan: GanView | null): Pick<LayerNodeData, 'ganTag'> {
  if (gan?.noiseInput?.nodeId === id) {
    const { distribution, size } = gan.noiseInput;
    return { ganTag: { kind: 'noise', distribution, size } };
  }
  if (gan?.realInput?.nodeId === id) return { ganTag: { kind: 'real', field: gan.realInput.field } };
  return {};
}

function resolvedOrRaw(catalog: LayerCatalog, type: string, params: Record<string, unknown>): Record<string, unknown> {
  const resolved = catalog.resolveParams(type, params);
  return resolved.success ? resolved.params : params;
}

const previousFlowNodes = new Map<string, LayerFlowNode>();
/** Wires keep their objects while the document and selection stand still (a drag moves only nodes). */
const edgeCache = new WeakMap<GraphEdge, { analysis: GraphAnalysis; edge: ShapeFlowEdge }>();

/**
 * The node object of the previous build when nothing about it changed, so React Flow
 * (which compares node objects) does no work for the 499 nodes a drag does not move.
 */
function reuseUnchanged(next: LayerFlowNode): LayerFlowNode {
  const previous = previousFlowNodes.get(next.id);
  if (
    previous &&
    previous.data === next.data &&
    previous.selected === next.selected &&
    previous.position.x === next.position.x &&
    previous.position.y === next.position.y &&
    previous.measured?.width === next.measured?.width &&
    previous.measured?.height === next.measured?.height
  )
    return previous;
  previousFlowNodes.set(next.id, next);
  return next;
}

/** The nodes React Flow draws, from the document, its analysis and the view state; they change on every frame of a drag. */
export function toFlowNodes(input: FlowInput): FlowNode[] {
  const { doc, analysis, catalog, selectedNodes, dragPositions, measured } = input;
  const hidden = hiddenByCollapse(doc);
  const position = (id: string, fallback: { x: number; y: number }) => dragPositions?.[id] ?? fallback;
  const nodes: FlowNode[] = [];
  const problems = new Map<string, Problem[]>();
  for (const p of analysis.problems) if (p.nodeId) problems.set(p.nodeId, [...(problems.get(p.nodeId) ?? []), p]);
  const gan = ganView(doc, analysis);

  for (const group of groupsOf(doc)) nodes.push(groupFlowNode(group, input, position));

  for (const node of doc.nodes) {
    if (hidden.has(node.id)) continue;
    const flowNode: LayerFlowNode = {
      id: node.id,
      type: 'layer',
      position: position(node.id, node.position),
      data: cachedNodeData(node, analysis, catalog, problems, gan),
      selected: selectedNodes.has(node.id),
      ...(measured.has(node.id) ? { measured: measured.get(node.id)! } : {}),
    };
    nodes.push(reuseUnchanged(flowNode));
  }
  if (previousFlowNodes.size > doc.nodes.length * 2 + 64) {
    const present = new Set(doc.nodes.map((n) => n.id));
    for (const id of previousFlowNodes.keys()) if (!present.has(id)) previousFlowNodes.delete(id);
  }

  // Behind everything else, so they come first.
  return gan ? [...ganRegionNodes(gan, nodes, hidden), ...nodes] : nodes;
}


/**
 * A region per GAN network around what the canvas shows of it: its layers, or the box of a
 * collapsed block that holds some of them. Never selected or dragged: the layers move, the
 * region follows.
 */
function ganRegionNodes(gan: GanView, shown: readonly FlowNode[], hidden: ReadonlyMap<string, NodeGroup>): GanRegionFlowNode[] {
  const byId = new Map(shown.map((n) => [n.id, n]));
  return gan.regions.flatMap(({ player, nodeIds }) => {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const id of nodeIds) {
      const group = hidden.get(id);
      const node = byId.get(group ? groupNodeId(group.id) : id);
      if (!node) continue;
      const size = node.measured ?? (node.width && node.height ? { width: node.width, height: node.height } : DEFAULT_NODE_SIZE);
      left = Math.min(left, node.position.x);
      top = Math.min(top, node.position.y);
      right = Math.max(right, node.position.x + (size.width ?? DEFAULT_NODE_SIZE.width));
      bottom = Math.max(bottom, node.position.y + (size.height ?? DEFAULT_NODE_SIZE.height));
    }
    if (left === Infinity) return [];
    const { top: inset, side } = GAN_REGION_INSET;
    const width = right - left + side * 2;
    const height = bottom - top + inset + side;
    return [
      {
        id: `gan-region:${player}`,
        type: 'gan-region' as const,
        data: { player },
        position: { x: left - side, y: top - inset },
        width,
        height,
        style: { width, height },
        measured: { width, height },
        selectable: false,
        draggable: false,
        connectable: false,
        focusable: false,
        zIndex: -2,
      },
    ];
  });
}

/** The wires: they depend on the document and the selection only, so a drag leaves them alone. */
export function toFlowEdges(doc: GraphDocument, analysis: GraphAnalysis, selectedEdges: ReadonlySet<string>): FlowEdge[] {
  const hidden = hiddenByCollapse(doc);
  const edges: FlowEdge[] = [];
  const fake = ganView(doc, analysis)?.fakeWire;
  if (fake) {
    const sourceGroup = hidden.get(fake.source);
    const targetGroup = hidden.get(fake.target);
    edges.push({
      id: 'gan-fake-samples',
      type: 'fake-samples',
      source: sourceGroup ? groupNodeId(sourceGroup.id) : fake.source,
      sourceHandle: sourceGroup ? 'out' : fake.sourceHandle,
      target: targetGroup ? groupNodeId(targetGroup.id) : fake.target,
      targetHandle: targetGroup ? 'in' : FAKE_SAMPLES_HANDLE,
      data: {},
      selectable: false,
      deletable: false,
      focusable: false,
    });
  }
  const labelledPorts = new Set<string>();
  for (const e of doc.edges) {
    const sourceGroup = hidden.get(e.source);
    const targetGroup = hidden.get(e.target);
    // Wires inside a collapsed block disappear with it; wires crossing its border attach to the box.
    if (sourceGroup && sourceGroup === targetGroup) continue;
    const selected = selectedEdges.has(e.id);
    const source = sourceGroup ? groupNodeId(sourceGroup.id) : e.source;
    const target = targetGroup ? groupNodeId(targetGroup.id) : e.target;
    const port = `${source}\u0000${sourceGroup ? 'out' : e.sourceHandle}`;
    const labelled = !labelledPorts.has(port);
    labelledPorts.add(port);
    const cached = edgeCache.get(e);
    if (
      cached &&
      cached.analysis === analysis &&
      cached.edge.selected === selected &&
      cached.edge.source === source &&
      cached.edge.target === target &&
      cached.edge.data?.labelled === labelled
    ) {
      edges.push(cached.edge);
      continue;
    }
    const upstream = analysis.nodes.get(e.source);
    const index = upstream ? upstream.kind.outputs.findIndex((p) => p.name === e.sourceHandle) : -1;
    const shape = upstream && index >= 0 && upstream.outputShapes[index] ? formatShape(upstream.outputShapes[index]!) : null;
    const edge: ShapeFlowEdge = {
      id: e.id,
      type: 'shape',
      source,
      sourceHandle: sourceGroup ? 'out' : e.sourceHandle,
      target,
      targetHandle: targetGroup ? 'in' : e.targetHandle,
      // A wire to or from a collapsed block ends at the box, not where the layout routed it.
      data: { shape, labelled, route: e.route && !sourceGroup && !targetGroup ? e.route : null },
      selected,
      ...(sourceGroup || targetGroup ? { selectable: false, deletable: false } : {}),
    };
    edgeCache.set(e, { analysis, edge });
    edges.push(edge);
  }
  return edges;
}

function groupFlowNode(
  group: NodeGroup,
  input: FlowInput,
  position: (id: string, fallback: { x: number; y: number }) => { x: number; y: number },
): GroupFlowNode {
  const { doc, analysis, measured } = input;
  const members = doc.nodes.filter((n) => group.nodeIds.includes(n.id));
  const problems = analysis.problems.filter((p) => group.nodeIds.includes(p.nodeId)).length;
  const data: GroupNodeData = { groupId: group.id, name: group.name, collapsed: group.collapsed, memberCount: members.length, problems };
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of members) {
    const p = position(n.id, n.position);
    const size = measured.get(n.id) ?? DEFAULT_NODE_SIZE;
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x + size.width);
    bottom = Math.max(bottom, p.y + size.height);
  }
  const common = {
    id: groupNodeId(group.id),
    type: 'group' as const,
    data,
    selected: false,
    // Behind its members; dragging the block moves its layers (the canvas turns the move into theirs).
    zIndex: -1,
    connectable: group.collapsed,
  };
  if (group.collapsed)
    return {
      ...common,
      // A collapsed block stands for its layers: above any layer it happens to overlap, so its toggle stays reachable.
      zIndex: 1,
      position: { x: left, y: top },
      width: COLLAPSED_GROUP_SIZE.width,
      height: COLLAPSED_GROUP_SIZE.height,
      style: { width: COLLAPSED_GROUP_SIZE.width, height: COLLAPSED_GROUP_SIZE.height },
      // React Flow forgets a node's port places when `measured` is missing; the size is ours anyway.
      measured: COLLAPSED_GROUP_SIZE,
    };
  const width = right - left + GROUP_PADDING * 2;
  const height = bottom - top + GROUP_PADDING * 2 + 14;
  return {
    ...common,
    position: { x: left - GROUP_PADDING, y: top - GROUP_PADDING - 14 },
    width,
    height,
    style: { width, height },
    measured: { width, height },
  };
}
