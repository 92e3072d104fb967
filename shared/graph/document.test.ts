import { describe, expect, it } from 'vitest';
import { addNode, connect } from './actions';
import { groupNodes, setGroupCollapsed } from './groups';
import { DocumentError, emptyDocument, GRAPH_FORMAT, GRAPH_VERSION, parseDocument, serializeDocument } from './document';

describe('project document', () => {
  it('round-trips through serialize → parse unchanged', () => {
    let doc = emptyDocument('round trip');
    doc = addNode(doc, { type: 'Input', params: { shape: [4] }, position: { x: 1, y: 2 } });
    doc = addNode(doc, { type: 'Dense', params: { units: 3, activation: 'relu' } });
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    const text = serializeDocument(doc);
    expect(parseDocument(JSON.parse(text))).toEqual(doc);
    // Saving twice gives the same bytes: the file diffs only where the user changed something.
    expect(serializeDocument(parseDocument(JSON.parse(text)))).toBe(text);
  });

  it('writes keys in a stable order with params sorted', () => {
    let doc = emptyDocument();
    doc = addNode(doc, { type: 'Dense', params: { units: 3, activation: 'relu' } });
    const text = serializeDocument(doc);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'name', 'nodes', 'edges', 'dataset', 'training']);
    expect(text.indexOf('"activation"')).toBeLessThan(text.indexOf('"units"'));
  });

  it('refuses a newer version with a message that says to update', () => {
    expect(() => parseDocument({ format: GRAPH_FORMAT, version: GRAPH_VERSION + 1, nodes: [], edges: [] })).toThrow(/newer NN Designer/);
  });

  it('names the place of a malformed value', () => {
    const bad = { format: GRAPH_FORMAT, version: 1, nodes: [{ id: 'a', type: 'Dense', name: '9lives' }], edges: [] };
    try {
      parseDocument(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DocumentError);
      expect((err as DocumentError).path).toBe('nodes.0.name');
    }
    expect(() => parseDocument({ format: 'other' })).toThrow(/not an NN Designer project/);
    expect(() => parseDocument([])).toThrow(/JSON object/);
    expect(() =>
      parseDocument({ format: GRAPH_FORMAT, version: 1, nodes: [{ id: 'a', type: 'X', name: 'a' }, { id: 'a', type: 'X', name: 'b' }], edges: [] }),
    ).toThrow(/node id "a" appears twice/);
  });
});

describe('project file layout', () => {
  it('writes shapes and other value lists on one line', () => {
    let doc = emptyDocument();
    doc = addNode(doc, { type: 'Input', params: { shape: [28, 28, null], note: 'a, [b]' } });
    const text = serializeDocument(doc);
    expect(text).toContain('"shape": [28, 28, null]');
    expect(text).toContain('"metrics": ["accuracy"]');
    expect(parseDocument(JSON.parse(text))).toEqual(doc);
  });
});

describe('groups in the project file', () => {
  it('survive save and reopen, and a document without groups has no groups key', () => {
    let doc = emptyDocument();
    doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
    doc = addNode(doc, { type: 'Dense' });
    doc = addNode(doc, { type: 'Dense' });
    expect(serializeDocument(doc)).not.toContain('groups');
    const grouped = groupNodes(doc, ['dense_1', 'dense_2'], 'Block');
    const collapsed = setGroupCollapsed(grouped.doc, grouped.groupId, true);
    const reopened = parseDocument(JSON.parse(serializeDocument(collapsed)));
    expect(reopened).toEqual(collapsed);
    expect(reopened.groups).toEqual([{ id: 'group_1', name: 'Block', nodeIds: ['dense_1', 'dense_2'], collapsed: true }]);
  });

  it('refuses a group naming a node that does not exist', () => {
    const raw = { format: GRAPH_FORMAT, version: 1, nodes: [], edges: [], groups: [{ id: 'g', name: 'G', nodeIds: ['ghost'] }] };
    expect(() => parseDocument(raw)).toThrow(/group "G" lists node "ghost"/);
  });
});
