import { EditError } from './actions';
import type { GraphDocument, NodeGroup } from './document';

/**
 * Named blocks of layers (a residual block, a Transformer block) that the canvas can
 * collapse to one box. Groups are plain data on the document, so grouping, renaming and
 * collapsing are pure edits like any other and undo covers them. A document without groups
 * has no `groups` key at all, so it saves exactly as before groups existed.
 */
export type { NodeGroup } from './document';

/** Kept for callers written before groups were part of the document type. */
export type GroupedDocument = GraphDocument;

export function groupsOf(doc: GraphDocument): NodeGroup[] {
  return doc.groups ?? [];
}

function withGroups(doc: GraphDocument, groups: NodeGroup[]): GroupedDocument {
  if (groups.length === 0) {
    const { groups: _dropped, ...rest } = doc;
    return rest;
  }
  return { ...doc, groups };
}

/**
 * Puts the nodes into a new group. A node belongs to at most one group, so the nodes leave
 * the groups they were in (a group left with fewer than two nodes dissolves).
 */
export function groupNodes(doc: GraphDocument, nodeIds: readonly string[], name: string): { doc: GroupedDocument; groupId: string } {
  const existing = new Set(doc.nodes.map((n) => n.id));
  const members = [...new Set(nodeIds)].filter((id) => existing.has(id));
  if (members.length < 2) throw new EditError('a group needs at least two layers');
  const taken = new Set(groupsOf(doc).map((g) => g.id));
  let k = 1;
  while (taken.has(`group_${k}`)) k++;
  const groupId = `group_${k}`;
  const chosen = new Set(members);
  const kept = groupsOf(doc)
    .map((g) => ({ ...g, nodeIds: g.nodeIds.filter((id) => !chosen.has(id)) }))
    .filter((g) => g.nodeIds.length >= 2);
  const group: NodeGroup = { id: groupId, name: name.trim() || groupId, nodeIds: members, collapsed: false };
  return { doc: withGroups(doc, [...kept, group]), groupId };
}

export function ungroup(doc: GraphDocument, groupId: string): GroupedDocument {
  return withGroups(
    doc,
    groupsOf(doc).filter((g) => g.id !== groupId),
  );
}

export function setGroupCollapsed(doc: GraphDocument, groupId: string, collapsed: boolean): GroupedDocument {
  return withGroups(
    doc,
    groupsOf(doc).map((g) => (g.id === groupId ? { ...g, collapsed } : g)),
  );
}

export function renameGroup(doc: GraphDocument, groupId: string, name: string): GroupedDocument {
  const trimmed = name.trim();
  if (!trimmed) return doc;
  return withGroups(
    doc,
    groupsOf(doc).map((g) => (g.id === groupId ? { ...g, name: trimmed } : g)),
  );
}

/**
 * Groups that still make sense after an edit removed nodes: members that are gone are
 * dropped, and a group with fewer than two members left dissolves.
 */
export function pruneGroups(doc: GraphDocument): GraphDocument {
  const groups = groupsOf(doc);
  if (groups.length === 0) return doc;
  const existing = new Set(doc.nodes.map((n) => n.id));
  const pruned = groups
    .map((g) => ({ ...g, nodeIds: g.nodeIds.filter((id) => existing.has(id)) }))
    .filter((g) => g.nodeIds.length >= 2);
  const unchanged = pruned.length === groups.length && pruned.every((g, i) => g.nodeIds.length === groups[i]!.nodeIds.length);
  return unchanged ? doc : withGroups(doc, pruned);
}

/** The node ids hidden because their group is collapsed, mapped to that group. */
export function hiddenByCollapse(doc: GraphDocument): Map<string, NodeGroup> {
  const hidden = new Map<string, NodeGroup>();
  for (const g of groupsOf(doc)) if (g.collapsed) for (const id of g.nodeIds) hidden.set(id, g);
  return hidden;
}
