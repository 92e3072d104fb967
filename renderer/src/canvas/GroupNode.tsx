import { memo, useEffect, useState } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../store/editor-store';
import { Icon } from '../shell/icons';
import type { GroupFlowNode } from './flow-elements';
import { renameGroup, setGroupCollapsed } from '../../../shared/graph/groups';

function GroupNodeView({ id, data }: NodeProps<GroupFlowNode>) {
  const { t } = useTranslation();
  const updateNodeInternals = useUpdateNodeInternals();
  // The box changes size and its ports move when it collapses: wires must find them again.
  useEffect(() => updateNodeInternals(id), [id, data.collapsed, updateNodeInternals]);
  const [name, setName] = useState(data.name);
  useEffect(() => setName(data.name), [data.name]);
  const edit = useEditor((s) => s.edit);
  const commitName = () => {
    if (name.trim() && name !== data.name) edit((doc) => renameGroup(doc, data.groupId, name));
    else setName(data.name);
  };
  return (
    <div className={`group-node${data.collapsed ? ' collapsed' : ''}`} data-testid="group-node" data-group={data.groupId}>
      {/* Always present so their places are known; only a collapsed block shows them and carries wires. */}
      <Handle id="in" type="target" position={Position.Left} className="layer-handle" isConnectable={false} style={data.collapsed ? undefined : { visibility: 'hidden' }} />
      <div className="group-node-header">
        <button
          className="btn ghost icon nodrag"
          onClick={() => edit((doc) => setGroupCollapsed(doc, data.groupId, !data.collapsed))}
          title={data.collapsed ? t('canvas.expand') : t('canvas.collapse')}
          aria-label={data.collapsed ? t('canvas.expand') : t('canvas.collapse')}
          data-testid="group-toggle"
        >
          <Icon name={data.collapsed ? 'chevronRight' : 'chevronDown'} />
        </button>
        <input
          className="nodrag"
          value={name}
          aria-label={t('topbar.projectName')}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            if (e.key === 'Escape') setName(data.name);
          }}
        />
        {data.problems > 0 && (
          <span className="kind-chip" style={{ ['--family-color' as string]: 'var(--danger)' }}>
            {t('node.problems', { count: data.problems })}
          </span>
        )}
      </div>
      {data.collapsed && (
        <div className="muted" style={{ padding: '0 12px 8px 44px' }}>
          {t('canvas.groupMembers', { count: data.memberCount })}
        </div>
      )}
      <Handle id="out" type="source" position={Position.Right} className="layer-handle" isConnectable={false} style={data.collapsed ? undefined : { visibility: 'hidden' }} />
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
