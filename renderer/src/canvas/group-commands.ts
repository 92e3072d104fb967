import type { TFunction } from 'i18next';
import { useEditor, type EditorState } from '../store/editor-store';
import { groupNodes, groupsOf, ungroup } from '../../../shared/graph/groups';

/** The group whose members are exactly (or include all of) the selection, if any. */
export function selectedGroupId(state: EditorState): string | null {
  const selected = state.selection.nodes;
  if (selected.length === 0) return null;
  const group = groupsOf(state.history.present).find((g) => selected.every((id) => g.nodeIds.includes(id)));
  return group?.id ?? null;
}

export function groupSelection(t: TFunction): void {
  const { selection, edit, history } = useEditor.getState();
  if (selection.nodes.length < 2) return;
  const name = t('canvas.groupDefaultName', { n: groupsOf(history.present).length + 1 });
  edit((doc) => groupNodes(doc, selection.nodes, name).doc);
}

export function ungroupSelection(): void {
  const state = useEditor.getState();
  const id = selectedGroupId(state);
  if (id) state.edit((doc) => ungroup(doc, id));
}
