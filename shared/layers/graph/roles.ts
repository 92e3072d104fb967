/**
 * What an Input node stands for in a graph model (the Input kind's optional `role`): the
 * node features [nodes, F], the edge index [edges, 2] (int32, source → target), edge
 * features [edges, F_e], or each node's graph id [nodes, 1] (int32) in a batch of graphs.
 * The trainer feeds each array to the Input of its role; the canvas marks graph inputs.
 */
export const GRAPH_INPUT_ROLES = ['nodeFeatures', 'edgeIndex', 'edgeFeatures', 'graphIds'] as const;
export type GraphInputRole = (typeof GRAPH_INPUT_ROLES)[number];

/** The shape and dtype each role takes, for the editor's hint and the templates. */
export const GRAPH_INPUT_SPECS: Record<GraphInputRole, { dtype: 'float32' | 'int32'; width: number | null }> = {
  nodeFeatures: { dtype: 'float32', width: null },
  edgeIndex: { dtype: 'int32', width: 2 },
  edgeFeatures: { dtype: 'float32', width: null },
  graphIds: { dtype: 'int32', width: 1 },
};

/** Model input name → role, from a document's Input nodes (the compiler names each tf.input after its node). */
export function declaredInputRoles(doc: { nodes: readonly { type: string; name: string; params: Record<string, unknown> }[] }): Record<string, GraphInputRole> {
  const roles: Record<string, GraphInputRole> = {};
  for (const node of doc.nodes) {
    const role = node.type === 'Input' ? node.params.role : undefined;
    if (typeof role === 'string' && (GRAPH_INPUT_ROLES as readonly string[]).includes(role)) roles[node.name] = role as GraphInputRole;
  }
  return roles;
}
