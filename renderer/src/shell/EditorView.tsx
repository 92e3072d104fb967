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
import { usePanels } from './panels-store';

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

export function EditorView() {
  const session = useEditor((s) => s.documentSession);
  const { palette, inspector } = usePanels();
  useEditorShortcuts();
  return (
    // View › Toggle Palette / Inspector close their columns; the canvas takes the room.
    <main className="editor" style={palette && inspector ? undefined : { gridTemplateColumns: `${palette ? '224px' : '0'} 1fr ${inspector ? '288px' : '0'}` }}>
      {palette && <Palette />}
      <Canvas key={session} />
      {inspector && <Inspector />}
      <SummaryPanel />
      <TrainingPanel />
    </main>
  );
}
