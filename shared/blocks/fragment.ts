import { z } from 'zod';
import { addNode, connect } from '../graph/actions';
import type { GraphDocument } from '../graph/document';
import { groupNodes } from '../graph/groups';

/** Where a block's input comes in, and (for a decoder's cross-attention) the encoder's output. */
const BLOCK_INPUT = '$input';
const BLOCK_MEMORY = '$memory';

/**
 * A block of layers as data: its nodes (kind, params) and edges, written once in a JSON file
 * beside the code that offers it. A param value `"$name"` takes the block option `name`; a
 * node with `when` is left out unless every option it names is true, and a node left out
 * passes its input through (edges out of it start where its first incoming edge starts), so
 * an optional Dropout or a pre-norm LayerNormalization needs no second copy of the block.
 */
export const BlockFragmentSchema = z.object({
  nodes: z.array(
    z.object({
      key: z.string().min(1),
      type: z.string().min(1),
      params: z.record(z.string(), z.unknown()).default({}),
      when: z.union([z.string(), z.array(z.string())]).optional(),
      /** Drawn this many rows below the block's first row. */
      row: z.number().int().min(0).default(0),
    }),
  ),
  /** In the order they are wired. `from` may be `$input` (the block's entry) or `$memory`. */
  edges: z.array(z.object({ from: z.string().min(1), to: z.string().min(1), port: z.string().min(1).default('in') })),
  /** The node whose output is the block's output. */
  exit: z.string().min(1),
});
export type BlockFragment = z.infer<typeof BlockFragmentSchema>;

export type BlockOptionValues = Record<string, string | number | boolean>;

export interface Placement {
  position: { x: number; y: number };
  /** Wired into the block's entry ports. */
  from?: string;
  /** Wired into the port that takes `$memory`. */
  memory?: string;
}

export interface InsertedBlock {
  doc: GraphDocument;
  groupId: string;
  /** The block's nodes in data-flow order. */
  nodeIds: string[];
  /** Where the block's input enters: wire the previous layer into these ports. */
  entry: { nodeId: string; port: string }[];
  /** The node and port that take `$memory` (a decoder's cross-attention), when the block has one. */
  memoryEntry?: { nodeId: string; port: string };
  /** The node whose output is the block's output. */
  exitId: string;
}

/** Wide enough for a layer box and the shape label on the wire to the next one. */
const STEP_X = 280;
const STEP_Y = 110;

/**
 * Adds `fragment` to the document as a new group named `name`, laid out left to right from
 * `placement.position`, with `options` filling its params and choosing its optional nodes.
 */
export function insertFragment(doc: GraphDocument, fragment: BlockFragment, options: BlockOptionValues, placement: Placement, name: string): InsertedBlock {
  const included = (when: string | string[] | undefined) => (when === undefined ? true : [when].flat().every((option) => options[option] === true));
  const paramValue = (value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith('$')) return value;
    const option = value.slice(1);
    if (!(option in options)) throw new Error(`the block's data names the option "${option}", which the block does not have`);
    return options[option];
  };

  const idOf = new Map<string, string>();
  fragment.nodes.filter((node) => included(node.when)).forEach((node, column) => {
    const params = Object.fromEntries(Object.entries(node.params).map(([key, value]) => [key, paramValue(value)]));
    doc = addNode(doc, { type: node.type, params, position: { x: placement.position.x + column * STEP_X, y: placement.position.y + node.row * STEP_Y } });
    idOf.set(node.key, doc.nodes[doc.nodes.length - 1]!.id);
  });

  /** A node left out stands for whatever feeds it. */
  const sourceOf = (key: string, seen = new Set<string>()): string => {
    if (key === BLOCK_INPUT || key === BLOCK_MEMORY || idOf.has(key)) return key;
    if (seen.has(key)) throw new Error(`the block's data passes "${key}" through itself`);
    const feeding = fragment.edges.find((edge) => edge.to === key);
    if (!feeding) throw new Error(`the block's data leaves out "${key}", which nothing feeds`);
    return sourceOf(feeding.from, seen.add(key));
  };

  const entry: InsertedBlock['entry'] = [];
  let memoryEntry: InsertedBlock['memoryEntry'];
  for (const edge of fragment.edges) {
    const target = idOf.get(edge.to);
    if (!target) continue;
    const source = sourceOf(edge.from);
    if (source === BLOCK_INPUT) entry.push({ nodeId: target, port: edge.port });
    else if (source === BLOCK_MEMORY) memoryEntry = { nodeId: target, port: edge.port };
    else doc = connect(doc, { source: idOf.get(source)!, target, targetHandle: edge.port, targetTakesMany: edge.port === 'in' });
  }
  if (placement.from) for (const e of entry) doc = connect(doc, { source: placement.from, target: e.nodeId, targetHandle: e.port, targetTakesMany: e.port === 'in' });
  if (placement.memory && memoryEntry) doc = connect(doc, { source: placement.memory, target: memoryEntry.nodeId, targetHandle: memoryEntry.port, targetTakesMany: false });

  const nodeIds = [...idOf.values()];
  const grouped = groupNodes(doc, nodeIds, name);
  const exit = sourceOf(fragment.exit);
  if (exit === BLOCK_INPUT || exit === BLOCK_MEMORY) throw new Error(`the block's data makes its input its output`);
  return { doc: grouped.doc, groupId: grouped.groupId, nodeIds, entry, ...(memoryEntry ? { memoryEntry } : {}), exitId: idOf.get(exit)! };
}
