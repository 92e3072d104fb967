import { beforeEach, describe, expect, it } from 'vitest';
import { addNode, connect, setParams } from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { createEditorStore } from './editor-store';
import { groupNodes, groupsOf, setGroupCollapsed } from '../../../shared/graph/groups';

/** localStorage for the clipboard, as the page has it. */
class MemoryStorage {
  private data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  clear() {
    this.data.clear();
  }
}

const clone = (doc: GraphDocument) => JSON.parse(JSON.stringify(doc)) as GraphDocument;

function mlp(): GraphDocument {
  let doc = addNode(emptyDocument('mlp'), { type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 8 }, position: { x: 240, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 3 }, position: { x: 480, y: 0 } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return connect(doc, { source: 'dense_1', target: 'dense_2' });
}

beforeEach(() => {
  (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
});

describe('editor store: undo and redo', () => {
  it('restores the exact document after each undo and redo', () => {
    const store = createEditorStore(mlp());
    const snapshots = [clone(store.getState().history.present)];
    store.getState().edit((d) => setParams(d, 'dense_1', { units: 16 }));
    snapshots.push(clone(store.getState().history.present));
    store.getState().edit((d) => addNode(d, { type: 'Dropout', position: { x: 100, y: 200 } }));
    snapshots.push(clone(store.getState().history.present));
    store.getState().edit((d) => connect(d, { source: 'dense_2', target: 'dropout_1' }));
    snapshots.push(clone(store.getState().history.present));

    for (let i = snapshots.length - 2; i >= 0; i--) {
      store.getState().undo();
      expect(store.getState().history.present).toEqual(snapshots[i]);
    }
    for (let i = 1; i < snapshots.length; i++) {
      store.getState().redo();
      expect(store.getState().history.present).toEqual(snapshots[i]);
    }
  });

  it('drops the redo branch when a new edit is made after undo', () => {
    const store = createEditorStore(mlp());
    store.getState().edit((d) => setParams(d, 'dense_1', { units: 16 }));
    store.getState().undo();
    store.getState().edit((d) => setParams(d, 'dense_1', { units: 64 }));
    store.getState().redo();
    expect(store.getState().history.present.nodes.find((n) => n.id === 'dense_1')!.params.units).toBe(64);
  });

  it('keeps the document and shows the reason when an edit is refused', () => {
    const store = createEditorStore(mlp());
    const before = store.getState().history.present;
    const applied = store.getState().edit((d) => connect(d, { source: 'dense_1', target: 'dense_1' }));
    expect(applied).toBe(false);
    expect(store.getState().history.present).toBe(before);
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().notice).toEqual({ kind: 'error', key: 'errors.edit', values: { message: 'a layer cannot feed itself' } });
  });

  it('does not undo into the previous project after another is loaded', () => {
    const store = createEditorStore(mlp());
    store.getState().edit((d) => setParams(d, 'dense_1', { units: 16 }));
    const other = emptyDocument('other');
    store.getState().loadDocument(other, '/tmp/other.nnd.json');
    store.getState().undo();
    expect(store.getState().history.present).toBe(other);
  });
});

describe('editor store: a drag is one undo step', () => {
  it('shows the drag in view state and commits one move at drag end', () => {
    const store = createEditorStore(mlp());
    const start = clone(store.getState().history.present);
    for (let step = 1; step <= 10; step++) store.getState().dragNodes({ dense_1: { x: 240 + step * 10, y: step * 5 }, dense_2: { x: 480 + step * 10, y: step * 5 } });
    expect(store.getState().history.present).toEqual(start);
    expect(store.getState().dragPositions).toEqual({ dense_1: { x: 340, y: 50 }, dense_2: { x: 580, y: 50 } });

    store.getState().endDrag();
    expect(store.getState().dragPositions).toBeNull();
    expect(store.getState().history.past).toHaveLength(1);
    const moved = store.getState().history.present;
    expect(moved.nodes.find((n) => n.id === 'dense_1')!.position).toEqual({ x: 340, y: 50 });

    store.getState().undo();
    expect(store.getState().history.present).toEqual(start);
  });

  it('adds no history for a drag that ends where it started', () => {
    const store = createEditorStore(mlp());
    store.getState().dragNodes({ dense_1: { x: 300, y: 0 } });
    store.getState().dragNodes({ dense_1: { x: 240, y: 0 } });
    store.getState().endDrag();
    expect(store.getState().history.past).toHaveLength(0);
  });
});

describe('editor store: clipboard', () => {
  it('pastes copied layers with their internal wires, into another project too', () => {
    const source = createEditorStore(mlp());
    source.getState().select({ nodes: ['input_1', 'dense_1', 'dense_2'], edges: [] });
    source.getState().copySelection();

    const target = createEditorStore(mlp());
    target.getState().paste({ x: 0, y: 400 });
    const doc = target.getState().history.present;
    expect(doc.nodes).toHaveLength(6);
    const pasted = target.getState().selection.nodes;
    expect(pasted).toHaveLength(3);
    const internal = doc.edges.filter((e) => pasted.includes(e.source) && pasted.includes(e.target));
    expect(internal).toHaveLength(2);
    expect(doc.nodes.filter((n) => pasted.includes(n.id)).map((n) => n.position.y)).toEqual([400, 400, 400]);
  });

  it('cut removes the layers and paste brings them back as one undo step each', () => {
    const store = createEditorStore(mlp());
    store.getState().select({ nodes: ['dense_1', 'dense_2'], edges: [] });
    store.getState().cutSelection();
    expect(store.getState().history.present.nodes.map((n) => n.id)).toEqual(['input_1']);
    store.getState().paste();
    expect(store.getState().history.present.nodes).toHaveLength(3);
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('duplicate copies the selection beside it and selects the copies', () => {
    const store = createEditorStore(mlp());
    store.getState().select({ nodes: ['dense_1'], edges: [] });
    store.getState().duplicateSelection();
    const copy = store.getState().selection.nodes[0]!;
    expect(copy).not.toBe('dense_1');
    expect(store.getState().history.present.nodes.find((n) => n.id === copy)!.position).toEqual({ x: 280, y: 40 });
  });
});

describe('editor store: groups', () => {
  it('groups, collapses and undoes like any other edit; deleting members dissolves the group', () => {
    const store = createEditorStore(mlp());
    store.getState().edit((d) => groupNodes(d, ['dense_1', 'dense_2'], 'Head').doc);
    const [group] = groupsOf(store.getState().history.present);
    expect(group).toMatchObject({ name: 'Head', nodeIds: ['dense_1', 'dense_2'], collapsed: false });
    store.getState().edit((d) => setGroupCollapsed(d, group!.id, true));
    expect(groupsOf(store.getState().history.present)[0]!.collapsed).toBe(true);
    store.getState().undo();
    expect(groupsOf(store.getState().history.present)[0]!.collapsed).toBe(false);

    store.getState().select({ nodes: ['dense_2'], edges: [] });
    store.getState().deleteSelection();
    expect(groupsOf(store.getState().history.present)).toEqual([]);
  });
});
