import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../store/editor-store';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../palette/Palette';
import { Inspector } from '../inspector/Inspector';
import { SummaryPanel } from '../summary/SummaryPanel';
import { TrainingPanel } from '../training/TrainingPanel';
import { useCanvasUi } from '../canvas/canvas-ui-store';
import { groupSelection, ungroupSelection } from '../canvas/group-commands';
import { useProjectCommands } from '../project/project-commands';
import { trainingShareAt, usePanels } from './panels-store';
import { useTraining } from '../training/training-store';
import { RunVersionBanner } from '../training/RunVersionBanner';

/** Keys typed into a field belong to the field, not to the canvas. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable));
}

/** Space and Tab open the quick-add box only where they mean nothing else: on the canvas or the page itself. */
function overCanvas(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !el || el === document.body || Boolean(el.closest?.('.canvas'));
}

function useEditorShortcuts() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const project = useProjectCommands();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const store = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // Save and open work even from inside a field.
      if (mod && key === 's') {
        e.preventDefault();
        void (e.shiftKey ? project.saveAs() : project.save());
        return;
      }
      if (mod && key === 'o') {
        e.preventDefault();
        void project.openWithDialog();
        return;
      }
      if (isTyping(e.target) || useCanvasUi.getState().quickAdd) return;
      const pointer = useCanvasUi.getState().pointer;
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) store.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) store.redo();
      else if (mod && key === 'c') store.copySelection();
      else if (mod && key === 'x') store.cutSelection();
      else if (mod && key === 'v') store.paste(pointer?.flow);
      else if (mod && key === 'd') store.duplicateSelection();
      else if (mod && key === 'a') store.selectAll();
      else if (mod && key === 'g' && !e.shiftKey) groupSelection(t);
      else if (mod && key === 'g' && e.shiftKey) ungroupSelection();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) store.deleteSelection();
      else if (!mod && (e.key === ' ' || e.key === 'Tab') && overCanvas(e.target)) {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        const screen = pointer?.screen ?? (pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 200, y: 200 });
        useCanvasUi.getState().openQuickAdd(screen, flow.screenToFlowPosition(screen));
      } else if (!mod && e.key === 'Escape') store.select({ nodes: [], edges: [] });
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [t, flow, project]);
}

/** The bar between the canvas and the training view: drag it (or use the arrow keys) to share the height. */
function TrainingSplitter() {
  const { t } = useTranslation();
  const share = usePanels((s) => s.trainingShare);
  const dragTo = (event: React.PointerEvent<HTMLDivElement>) => {
    const editor = event.currentTarget.closest('.editor')?.getBoundingClientRect();
    if (editor) usePanels.getState().setTrainingShare(trainingShareAt(event.clientY, editor.top, editor.height));
  };
  return (
    <div
      className="training-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('training.resize')}
      aria-valuenow={Math.round(share * 100)}
      aria-valuemin={25}
      aria-valuemax={85}
      tabIndex={0}
      data-testid="training-splitter"
      onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
      onPointerMove={(e) => e.currentTarget.hasPointerCapture(e.pointerId) && dragTo(e)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp') usePanels.getState().setTrainingShare(share + 0.05);
        else if (e.key === 'ArrowDown') usePanels.getState().setTrainingShare(share - 0.05);
      }}
    />
  );
}

export function EditorView() {
  const session = useEditor((s) => s.documentSession);
  const { palette, inspector, trainingShare } = usePanels();
  const trainingOpen = useTraining((s) => s.open);
  useEditorShortcuts();
  const columns = `${palette ? '224px' : '0'} minmax(0, 1fr) ${inspector ? '288px' : '0'}`;
  // With the training view open it takes the lower part of the window, under the canvas, not instead of it.
  const layout = trainingOpen
    ? { gridTemplateColumns: columns, gridTemplateRows: `minmax(0, ${1 - trainingShare}fr) 6px minmax(0, ${trainingShare}fr)`, gridTemplateAreas: "'palette canvas inspector' 'split split split' 'training training training'" }
    : { gridTemplateColumns: columns };
  return (
    // View › Toggle Palette / Inspector close their columns; the canvas takes the room.
    <main className={`editor${trainingOpen ? ' with-training' : ''}`} style={layout}>
      {palette && <Palette />}
      <Canvas key={session} />
      <RunVersionBanner />
      {inspector && <Inspector />}
      {!trainingOpen && <SummaryPanel />}
      {trainingOpen && <TrainingSplitter />}
      <TrainingPanel />
    </main>
  );
}
