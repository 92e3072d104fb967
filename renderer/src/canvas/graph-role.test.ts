import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/graph/analyze';
import { parseDocument } from '../../../shared/graph/document';
import { catalog } from '../../../shared/layers';
import { layerNodeData } from './flow-elements';

describe('graph Inputs on the canvas', () => {
  it('carry their role (node features, edge index, graph ids) onto the node face; other nodes carry none', () => {
    const doc = parseDocument(JSON.parse(readFileSync(new URL('../../../examples/gnn-cycles-trees.nnd.json', import.meta.url), 'utf8')));
    const analysis = analyzeGraph(doc, catalog);
    const roles = Object.fromEntries(doc.nodes.map((n) => [n.name, layerNodeData(n, analysis, catalog, []).graphRole]));
    expect(roles).toEqual({
      nodes: 'nodeFeatures',
      edges: 'edgeIndex',
      graph: 'graphIds',
      message_1: undefined,
      message_2: undefined,
      readout: undefined,
      classifier: undefined,
    });
    // The message-passing node shows both of its graph ports.
    expect(layerNodeData(doc.nodes.find((n) => n.name === 'message_1')!, analysis, catalog, []).inputs.map((p) => p.name)).toEqual(['nodes', 'edges', 'edgeFeatures']);
  });
});
