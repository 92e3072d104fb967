import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { connect } from '../../../shared/graph/actions';
import { analysisOf, catalog } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { useTheme } from '../shell/theme';
import { LayerNode } from './LayerNode';
import { GroupNode } from './GroupNode';
import { ShapeEdge } from './ShapeEdge';
import { GanRegionNode } from './GanRegionNode';
import { FakeSamplesEdge } from './FakeSamplesEdge';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './flow-elements';
import { createWireChecker, targetTakesMany } from './connection-check';
import { i18n } from '../i18n';
import { problemText } from '../i18n/problem-text';
import { useCanvasUi } from './canvas-ui-store';
import { addLayerAt, dropPosition, GRID, LAYER_DRAG_TYPE } from './add-layer';
import { groupsOf } from '../../../shared/graph/groups';
import { QuickAdd } from './QuickAdd';
import { DotGrid } from './DotGrid';
import { OverviewMap } from './OverviewMap';
import { fitReadable, SMALL_GRAPH } from './fit-view';
import './canvas.css';

/** Defined once at module level, as React Flow asks, so nodes are not remounted on render. */
const nodeTypes = { layer: LayerNode, group: GroupNode, 'gan-region': GanRegionNode };
const edgeTypes = { shape: ShapeEdge, 'fake-samples': FakeSamplesEdge };

const checkWire = createWireChecker(catalog);

type Size = { width: number; height: number };

export function Canvas() {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const selection = useEditor((s) => s.selection);
  const dragPositions = useEditor((s) => s.dragPositions);
  const viewport = useEditor((s) => s.viewport);
  const theme = useTheme();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const analysis = analysisOf(doc);

  const nodes = useMemo(
    () => toFlowNodes({ doc, analysis, catalog, selectedNodes, dragPositions, measured }),
    [doc, analysis, selectedNodes, dragPositions, measured],
  );
  const edges = useMemo(() => toFlowEdges(doc, analysis, selectedEdges), [doc, analysis, selectedEdges]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const store = useEditor.getState();
    const moved: Record<string, { x: number; y: number }> = {};
    let selectionChanged = false;
    const selected = new Set(store.selection.nodes);
    const sizes: [string, Size][] = [];
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        const group = change.id.startsWith('group:') ? groupsOf(store.history.present).find((g) => `group:${g.id}` === change.id) : undefined;
        if (group) {
          // Dragging a block moves its layers by the same amount.
          const current = nodesRef.current.find((n) => n.id === change.id);
          if (!current) continue;
          const dx = change.position.x - current.position.x;
          const dy = change.position.y - current.position.y;
          for (const id of group.nodeIds) {
            const node = store.history.present.nodes.find((n) => n.id === id);
            const from = store.dragPositions?.[id] ?? node?.position;
            if (from) moved[id] = { x: from.x + dx, y: from.y + dy };
          }
        } else moved[change.id] = change.position;
      } else if (change.type === 'select' && !change.id.startsWith('group:')) {
        selectionChanged = true;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      } else if (change.type === 'dimensions' && change.dimensions) sizes.push([change.id, change.dimensions]);
    }
    if (Object.keys(moved).length) store.dragNodes(moved);
    if (selectionChanged) store.select({ nodes: [...selected], edges: store.selection.edges });
    if (sizes.length)
      setMeasured((prev) => {
        const next = new Map(prev);
        for (const [id, size] of sizes) next.set(id, size);
        return next;
      });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const store = useEditor.getState();
    const selected = new Set(store.selection.edges);
    let changed = false;
    for (const change of changes)
      if (change.type === 'select') {
        changed = true;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
    if (changed) store.select({ nodes: store.selection.nodes, edges: [...selected] });
  }, []);

  const isValidConnection = useCallback((connection: Edge | Connection) => {
    const { source, target, sourceHandle, targetHandle } = connection;
    if (source.startsWith('group:') || target.startsWith('group:')) return false;
    const verdict = checkWire(useEditor.getState().history.present, {
      source,
      target,
      sourceHandle: sourceHandle ?? 'out',
      targetHandle: targetHandle ?? 'in',
    });
    const pointer = useCanvasUi.getState().pointer;
    // i18n.t rather than a captured t: this callback lives for the canvas's lifetime, across language switches.
    const reason = verdict.ok ? '' : verdict.problem ? problemText(i18n.t, verdict.problem) : verdict.reason;
    useCanvasUi.getState().setRefusal(verdict.ok ? null : { reason, screen: pointer?.screen ?? { x: 0, y: 0 } });
    return verdict.ok;
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    useCanvasUi.getState().setRefusal(null);
    const sourceHandle = connection.sourceHandle ?? 'out';
    const targetHandle = connection.targetHandle ?? 'in';
    useEditor.getState().edit((d) =>
      connect(d, {
        source: connection.source,
        sourceHandle,
        target: connection.target,
        targetHandle,
        targetTakesMany: targetTakesMany(d, catalog, connection.target, targetHandle),
      }),
    );
  }, []);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const ui = useCanvasUi.getState();
      const refusal = ui.refusal;
      ui.setRefusal(null);
      if (state.isValid) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const screen = { x: point.clientX, y: point.clientY };
      if (state.toHandle) {
        if (refusal) useEditor.getState().showNotice({ kind: 'error', key: 'canvas.refused', values: { reason: refusal.reason } });
        return;
      }
      const target = event.target as Element | null;
      if (!state.fromNode || !state.fromHandle?.id || !target?.classList.contains('react-flow__pane')) return;
      if (state.fromNode.id.startsWith('group:')) return;
      ui.openQuickAdd(screen, flow.screenToFlowPosition(screen), {
        nodeId: state.fromNode.id,
        handleId: state.fromHandle.id,
        handleType: state.fromHandle.type,
      });
    },
    [flow],
  );

  const trackPointer = useCallback(
    (event: { clientX: number; clientY: number }) => {
      const screen = { x: event.clientX, y: event.clientY };
      useCanvasUi.getState().setPointer({ screen, flow: flow.screenToFlowPosition(screen) });
      const refusal = useCanvasUi.getState().refusal;
      if (refusal) useCanvasUi.getState().setRefusal({ ...refusal, screen });
    },
    [flow],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!type || !catalog.kind(type)) return;
      event.preventDefault();
      addLayerAt(type, dropPosition(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })));
    },
    [flow],
  );

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (!(event.target as Element).classList.contains('react-flow__pane')) return;
      const screen = { x: event.clientX, y: event.clientY };
      useCanvasUi.getState().openQuickAdd(screen, flow.screenToFlowPosition(screen));
    },
    [flow],
  );

  const wrapper = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback(() => wrapper.current?.classList.add('moving'), []);
  const onMoveEnd = useCallback((_event: unknown, next: Viewport) => {
    wrapper.current?.classList.remove('moving');
    useEditor.getState().setViewport(next);
  }, []);

  return (
    <div className="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick} onMouseMove={trackPointer} data-testid="canvas">
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={() => useEditor.getState().endDrag()}
        onSelectionDragStop={() => useEditor.getState().endDrag()}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onMoveStart={onMoveStart}
        onMoveEnd={onMoveEnd}
        {...(viewport ? { defaultViewport: viewport } : { onInit: (instance: typeof flow) => void fitReadable(instance) })}
        snapToGrid
        onlyRenderVisibleElements={doc.nodes.length > SMALL_GRAPH}
        snapGrid={[GRID, GRID]}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.1}
        maxZoom={2.5}
        colorMode={theme}
        proOptions={{ hideAttribution: true }}
      >
        <DotGrid gap={GRID} size={1.4} />
        <OverviewMap ariaLabel={t('canvas.minimap')} theme={theme} />
        <Controls showInteractive={false} />
      </ReactFlow>
      {doc.nodes.length === 0 && (
        <div className="canvas-empty">
          <div className="canvas-empty-card">
            <h2>{t('canvas.emptyTitle')}</h2>
            <p>{t('canvas.emptyBody')}</p>
          </div>
        </div>
      )}
      <ConnectRefusal />
      <QuickAdd />
    </div>
  );
}

function ConnectRefusal() {
  const { t } = useTranslation();
  const refusal = useCanvasUi((s) => s.refusal);
  if (!refusal) return null;
  return (
    <div className="connect-refusal" style={{ left: refusal.screen.x + 16, top: refusal.screen.y + 16 }} data-testid="connect-refusal" role="alert">
      {t('canvas.refused', { reason: refusal.reason })}
    </div>
  );
}
