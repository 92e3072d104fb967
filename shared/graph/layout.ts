import { componentOf } from './gan';
import type { GraphDocument, GraphNode } from './document';
import { withoutRoute } from './actions';
import { groupsOf } from './groups';

/**
 * Layered layout with orthogonal wires (ELK's `layered` algorithm): data flows left to
 * right, branches get their own rows, and a wire that skips layers (a residual) is routed
 * around the nodes in between rather than behind them. The engine is injected so this file
 * stays free of any library: Node passes elkjs directly, the editor loads it on demand.
 */

export interface Point {
  x: number;
  y: number;
}

/** A node as the layout sees it: its box and its ports in order, top to bottom. */
export interface NodeBox {
  width: number;
  height: number;
  inputs: readonly string[];
  outputs: readonly string[];
  /** The width of the shape label on the node's outgoing wire, which the gap to the next layer must hold. */
  wireLabelWidth?: number;
  /** Where each port sits, down from the node's top, when not by portOffset (ports in rows of their own). */
  inputTops?: readonly number[];
  outputTops?: readonly number[];
}

/** The subset of ELK's JSON graph this module writes and reads. */
export interface ElkGraphNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  ports?: { id: string; x?: number; y?: number; width: number; height: number; layoutOptions?: Record<string, string> }[];
  children?: ElkGraphNode[];
  edges?: ElkGraphEdge[];
}
export interface ElkGraphEdge {
  id: string;
  sources: string[];
  targets: string[];
  container?: string;
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}
/** What elkjs's `ELK` instance offers (and all this module needs of it). */
export interface LayoutEngine {
  layout(graph: ElkGraphNode): Promise<ElkGraphNode>;
}

export interface GraphLayout {
  /** Top-left corner of each node. */
  positions: Record<string, Point>;
  /** The bends of each wire between its two ports; absent for a straight wire. */
  routes: Record<string, Point[]>;
}

/** The space a group's box takes around its members (GroupNode draws a header above them). */
export const GROUP_INSET = { top: 42, side: 28 };

/** The space a GAN's region takes around its network's layers (the canvas draws the label above them). */
export const GAN_REGION_INSET = { top: 64, side: 32 };

/** Between layers: at least this, and room for the widest shape label on a wire. */
const MIN_LAYER_GAP = 96;
const LABEL_MARGIN = 28;

/** Spacing, for the whole graph and again inside each group (ELK reads it per compound node). */
const SPACING: Record<string, string> = {
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '16',
};

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  ...SPACING,
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const portId = (nodeId: string, side: 'in' | 'out', port: string) => `${nodeId}\u0000${side}\u0000${port}`;
const groupElkId = (groupId: string) => `\u0000group\u0000${groupId}`;

/** Where a node's port sits on its side: where the box says, else one port in the middle and several spread evenly. */
export function portOffset(box: NodeBox, side: 'in' | 'out', index: number): number {
  const tops = side === 'in' ? box.inputTops : box.outputTops;
  const count = (side === 'in' ? box.inputs : box.outputs).length;
  return tops?.[index] ?? (count <= 1 ? box.height / 2 : ((index + 1) / (count + 1)) * box.height);
}

function elkNode(node: GraphNode, box: NodeBox): ElkGraphNode {
  const ports = [
    ...box.inputs.map((port, i) => ({
      id: portId(node.id, 'in', port),
      x: 0,
      y: portOffset(box, 'in', i),
      width: 0,
      height: 0,
      layoutOptions: { 'elk.port.side': 'WEST' },
    })),
    ...box.outputs.map((port, i) => ({
      id: portId(node.id, 'out', port),
      x: box.width,
      y: portOffset(box, 'out', i),
      width: 0,
      height: 0,
      layoutOptions: { 'elk.port.side': 'EAST' },
    })),
  ];
  return { id: node.id, width: box.width, height: box.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } };
}

/** The ELK graph of a document: groups become compound nodes so their members stay together. */
export function elkGraphOf(doc: GraphDocument, boxOf: (node: GraphNode) => NodeBox): ElkGraphNode {
  const boxes = new Map(doc.nodes.map((n) => [n.id, boxOf(n)]));
  const layerGap = Math.ceil(Math.max(MIN_LAYER_GAP, ...[...boxes.values()].map((b) => (b.wireLabelWidth ?? 0) + LABEL_MARGIN)));
  const spacing = { ...SPACING, 'elk.layered.spacing.nodeNodeBetweenLayers': String(layerGap) };
  const groupOfNode = new Map<string, string>();
  for (const g of groupsOf(doc)) for (const id of g.nodeIds) if (boxes.has(id)) groupOfNode.set(id, g.id);
  const groupChildren = new Map<string, ElkGraphNode[]>();
  const children: ElkGraphNode[] = [];
  for (const n of doc.nodes) {
    const child = elkNode(n, boxes.get(n.id)!);
    const group = groupOfNode.get(n.id);
    if (group) groupChildren.set(group, [...(groupChildren.get(group) ?? []), child]);
    else children.push(child);
  }
  for (const g of groupsOf(doc)) {
    const members = groupChildren.get(g.id);
    if (!members?.length) continue;
    children.push({
      id: groupElkId(g.id),
      children: members,
      layoutOptions: { ...spacing, 'elk.padding': `[top=${GROUP_INSET.top},left=${GROUP_INSET.side},bottom=${GROUP_INSET.side},right=${GROUP_INSET.side}]` },
    });
  }
  const endpoint = (nodeId: string, side: 'in' | 'out', port: string) => {
    const box = boxes.get(nodeId);
    const ports = side === 'in' ? box?.inputs : box?.outputs;
    return ports?.includes(port) ? portId(nodeId, side, port) : nodeId;
  };
  const edges = doc.edges
    .filter((e) => e.source !== e.target && boxes.has(e.source) && boxes.has(e.target))
    .map((e) => ({ id: e.id, sources: [endpoint(e.source, 'out', e.sourceHandle)], targets: [endpoint(e.target, 'in', e.targetHandle)] }));
  return { id: 'root', layoutOptions: { ...LAYOUT_OPTIONS, ...spacing }, children: withGanRegions(doc, children, spacing), edges };
}

const ganElkId = (player: string) => `\u0000gan\u0000${player}`;

/**
 * A GAN's two networks as one compound node each, padded as the canvas draws their regions,
 * so the regions never overlap; a block goes into its network's when all its layers are in it.
 * Any other document's children as they are.
 */
function withGanRegions(doc: GraphDocument, children: ElkGraphNode[], spacing: Record<string, string>): ElkGraphNode[] {
  const gan = doc.training.gan;
  if (!gan) return children;
  const generator = componentOf(doc, gan.generator.input);
  const discriminator = componentOf(doc, gan.discriminator.input);
  if ([...generator].some((id) => discriminator.has(id))) return children;
  const groups = new Map(groupsOf(doc).map((g) => [groupElkId(g.id), g.nodeIds]));
  const within = (members: Set<string>) => (child: ElkGraphNode) => (groups.get(child.id) ?? [child.id]).every((id) => members.has(id));
  const padding = `[top=${GAN_REGION_INSET.top},left=${GAN_REGION_INSET.side},bottom=${GAN_REGION_INSET.side},right=${GAN_REGION_INSET.side}]`;
  const rest = children.filter((c) => !within(generator)(c) && !within(discriminator)(c));
  const regions = (
    [
      ['generator', generator],
      ['discriminator', discriminator],
    ] as const
  )
    .map(([player, members]) => ({ id: ganElkId(player), children: children.filter(within(members)), layoutOptions: { ...spacing, 'elk.padding': padding } }))
    .filter((region) => region.children.length > 0);
  return [...regions, ...rest];
}

const round = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Reads node corners and wire bends out of a laid-out ELK graph, in the document's absolute coordinates. */
export function layoutFromElk(result: ElkGraphNode): GraphLayout {
  const origin = new Map<string, Point>([[result.id, { x: 0, y: 0 }]]);
  const positions: Record<string, Point> = {};
  const edges: ElkGraphEdge[] = [...(result.edges ?? [])];
  const visit = (parent: ElkGraphNode, at: Point) => {
    for (const child of parent.children ?? []) {
      const corner = { x: at.x + (child.x ?? 0), y: at.y + (child.y ?? 0) };
      origin.set(child.id, corner);
      if (child.children?.length) {
        edges.push(...(child.edges ?? []));
        visit(child, corner);
      } else positions[child.id] = round(corner);
    }
  };
  visit(result, { x: 0, y: 0 });
  const routes: Record<string, Point[]> = {};
  for (const edge of edges) {
    const bends = edge.sections?.[0]?.bendPoints;
    if (!bends?.length) continue;
    // ELK gives a wire's points relative to the node that contains the wire.
    const at = origin.get(edge.container ?? result.id) ?? { x: 0, y: 0 };
    routes[edge.id] = bends.map((p) => round({ x: p.x + at.x, y: p.y + at.y }));
  }
  return { positions, routes };
}

/** Lays the document out; it is left as it is when it has no nodes. */
export async function layeredLayout(doc: GraphDocument, boxOf: (node: GraphNode) => NodeBox, engine: LayoutEngine): Promise<GraphLayout> {
  if (doc.nodes.length === 0) return { positions: {}, routes: {} };
  return layoutFromElk(await engine.layout(elkGraphOf(doc, boxOf)));
}

/** The document with the layout's node positions and wire routes; wires it has no route for become plain again. */
export function applyLayout(doc: GraphDocument, layout: GraphLayout): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (layout.positions[n.id] ? { ...n, position: { ...layout.positions[n.id]! } } : n)),
    edges: doc.edges.map((e) => {
      const edge = withoutRoute(e);
      const route = layout.routes[e.id];
      return route ? { ...edge, route: route.map((p): [number, number] => [p.x, p.y]) } : edge;
    }),
  };
}

/** The points a wire passes: its source port, its bends, its target port. */
export function wirePoints(doc: GraphDocument, edgeId: string, boxOf: (node: GraphNode) => NodeBox): Point[] {
  const edge = doc.edges.find((e) => e.id === edgeId);
  const source = doc.nodes.find((n) => n.id === edge?.source);
  const target = doc.nodes.find((n) => n.id === edge?.target);
  if (!edge || !source || !target) return [];
  const from = boxOf(source);
  const to = boxOf(target);
  const out = Math.max(0, from.outputs.indexOf(edge.sourceHandle));
  const into = Math.max(0, to.inputs.indexOf(edge.targetHandle));
  return [
    { x: source.position.x + from.width, y: source.position.y + portOffset(from, 'out', out) },
    ...(edge.route ?? []).map(([x, y]) => ({ x, y })),
    { x: target.position.x, y: target.position.y + portOffset(to, 'in', into) },
  ];
}

/**
 * Wires that run through a node other than their own ends, as `[edge id, node id]`: what
 * a layout must not leave, since a wire behind a node cannot be followed.
 */
export function wiresThroughNodes(doc: GraphDocument, boxOf: (node: GraphNode) => NodeBox): [string, string][] {
  const boxes = doc.nodes.map((n) => ({ id: n.id, left: n.position.x, top: n.position.y, ...boxOf(n) }));
  const found: [string, string][] = [];
  for (const edge of doc.edges) {
    const points = wirePoints(doc, edge.id, boxOf);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      for (const box of boxes) {
        if (box.id === edge.source || box.id === edge.target) continue;
        // Strictly inside, so a wire along a node's border does not count.
        const crossesX = Math.max(a.x, b.x) > box.left + 1 && Math.min(a.x, b.x) < box.left + box.width - 1;
        const crossesY = Math.max(a.y, b.y) > box.top + 1 && Math.min(a.y, b.y) < box.top + box.height - 1;
        if (crossesX && crossesY && !found.some(([e, n]) => e === edge.id && n === box.id)) found.push([edge.id, box.id]);
      }
    }
  }
  return found;
}
