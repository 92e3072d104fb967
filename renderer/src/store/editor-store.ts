import { create } from 'zustand';
import {
  EditError,
  extractSubgraph,
  moveNodes,
  pasteSubgraph,
  removeNodes,
  disconnect,
  type Subgraph,
} from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { pushHistory, redoHistory, startHistory, undoHistory, type History } from './history';
import { readClipboard, writeClipboard } from './clipboard';
import { pruneGroups } from '../../../shared/graph/groups';

export interface Selection {
  nodes: string[];
  edges: string[];
}

/** A message for the person, as an i18n key and its values so it follows the language. */
export interface Notice {
  kind: 'error' | 'info';
  key: string;
  values?: Record<string, string>;
}

export type Page = 'start' | 'editor';

type Position = { x: number; y: number };

export interface EditorState {
  /** Document state: the present is the document; past and future are undo/redo. */
  history: History<GraphDocument>;
  /** The document as last saved or opened, to tell whether there are unsaved changes. */
  savedDocument: GraphDocument;
  /** Where the project lives on disk; null until first saved. */
  filePath: string | null;

  /** View state: never part of the document or of undo. */
  page: Page;
  selection: Selection;
  /** Positions of nodes being dragged; committed to the document when the drag ends. */
  dragPositions: Record<string, Position> | null;
  /** Pan and zoom of the canvas; null until the person moves it (the canvas then fits the graph). */
  viewport: { x: number; y: number; zoom: number } | null;
  notice: Notice | null;
  clipboard: Subgraph | null;
  /** Counts documents loaded, so the canvas starts afresh (and fits the view) for each. */
  documentSession: number;

  /** Applies a pure edit; an EditError becomes a notice and the document stays as it was. */
  edit(action: (doc: GraphDocument) => GraphDocument): boolean;
  undo(): void;
  redo(): void;
  /** A document opened, created or loaded: a fresh history that cannot undo into the previous project. */
  loadDocument(doc: GraphDocument, filePath: string | null): void;
  markSaved(doc: GraphDocument, filePath: string | null): void;
  setPage(page: Page): void;
  select(selection: Selection): void;
  selectAll(): void;
  dragNodes(positions: Record<string, Position>): void;
  endDrag(): void;
  deleteSelection(): void;
  copySelection(): void;
  cutSelection(): void;
  /** Pastes the clipboard; `at` places its top-left corner, otherwise it lands offset from the original. */
  paste(at?: Position): void;
  duplicateSelection(): void;
  showNotice(notice: Notice | null): void;
  setViewport(viewport: { x: number; y: number; zoom: number }): void;
}

function initialDocument(): GraphDocument {
  return emptyDocument();
}

export function createEditorStore(doc: GraphDocument = initialDocument()) {
  return create<EditorState>()((set, get) => ({
    history: startHistory(doc),
    savedDocument: doc,
    filePath: null,
    page: 'start',
    selection: { nodes: [], edges: [] },
    dragPositions: null,
    viewport: null,
    notice: null,
    clipboard: null,
    documentSession: 0,

    edit(action) {
      const { history } = get();
      try {
        const next = pruneGroups(action(history.present));
        if (next !== history.present) set({ history: pushHistory(history, next), notice: null });
        return true;
      } catch (err) {
        if (!(err instanceof EditError)) throw err;
        set({ notice: { kind: 'error', key: 'errors.edit', values: { message: err.message } } });
        return false;
      }
    },
    undo() {
      const history = undoHistory(get().history);
      set({ history, selection: keepExisting(get().selection, history.present), dragPositions: null });
    },
    redo() {
      const history = redoHistory(get().history);
      set({ history, selection: keepExisting(get().selection, history.present), dragPositions: null });
    },
    loadDocument(doc, filePath) {
      set({
        history: startHistory(doc),
        savedDocument: doc,
        filePath,
        page: 'editor',
        selection: { nodes: [], edges: [] },
        dragPositions: null,
        viewport: null,
        notice: null,
        documentSession: get().documentSession + 1,
      });
    },
    markSaved(doc, filePath) {
      set({ savedDocument: doc, filePath });
    },
    setPage(page) {
      set({ page });
    },
    select(selection) {
      const current = get().selection;
      if (sameIds(current.nodes, selection.nodes) && sameIds(current.edges, selection.edges)) return;
      set({ selection });
    },
    selectAll() {
      const doc = get().history.present;
      set({ selection: { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) } });
    },
    dragNodes(positions) {
      set({ dragPositions: { ...(get().dragPositions ?? {}), ...positions } });
    },
    endDrag() {
      const positions = get().dragPositions;
      if (!positions) return;
      set({ dragPositions: null });
      const doc = get().history.present;
      const moved = Object.entries(positions).some(([id, p]) => {
        const node = doc.nodes.find((n) => n.id === id);
        return node && (node.position.x !== p.x || node.position.y !== p.y);
      });
      if (moved) get().edit((d) => moveNodes(d, positions));
    },
    deleteSelection() {
      const { selection } = get();
      if (selection.nodes.length === 0 && selection.edges.length === 0) return;
      get().edit((doc) => removeNodes(disconnect(doc, selection.edges), selection.nodes));
      set({ selection: { nodes: [], edges: [] } });
    },
    copySelection() {
      const { selection, history } = get();
      if (selection.nodes.length === 0) return;
      const sub = extractSubgraph(history.present, selection.nodes);
      writeClipboard(sub);
      set({ clipboard: sub });
    },
    cutSelection() {
      const { selection } = get();
      if (selection.nodes.length === 0) return;
      get().copySelection();
      get().deleteSelection();
    },
    paste(at) {
      // Another window may have copied since: the shared clipboard wins over our own copy.
      const sub = readClipboard() ?? get().clipboard;
      if (!sub || sub.nodes.length === 0) {
        get().showNotice({ kind: 'info', key: 'errors.pasteEmpty' });
        return;
      }
      let offset = { x: 40, y: 40 };
      if (at) {
        const left = Math.min(...sub.nodes.map((n) => n.position.x));
        const top = Math.min(...sub.nodes.map((n) => n.position.y));
        offset = { x: at.x - left, y: at.y - top };
      }
      let pasted: string[] = [];
      const applied = get().edit((doc) => {
        const result = pasteSubgraph(doc, sub, offset);
        pasted = result.nodeIds;
        return result.doc;
      });
      if (applied) set({ selection: { nodes: pasted, edges: [] } });
    },
    duplicateSelection() {
      const { selection } = get();
      if (selection.nodes.length === 0) return;
      let copies: string[] = [];
      const applied = get().edit((doc) => {
        const result = pasteSubgraph(doc, extractSubgraph(doc, selection.nodes));
        copies = result.nodeIds;
        return result.doc;
      });
      if (applied) set({ selection: { nodes: copies, edges: [] } });
    },
    showNotice(notice) {
      set({ notice });
    },
    setViewport(viewport) {
      set({ viewport });
    },
  }));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function keepExisting(selection: Selection, doc: GraphDocument): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  return { nodes: selection.nodes.filter((id) => nodes.has(id)), edges: selection.edges.filter((id) => edges.has(id)) };
}

export type EditorStore = ReturnType<typeof createEditorStore>;

/** The app's one editor. Tests make their own with createEditorStore. */
export const useEditor = createEditorStore();

export const selectDocument = (s: EditorState) => s.history.present;
export const selectIsDirty = (s: EditorState) => s.history.present !== s.savedDocument;
