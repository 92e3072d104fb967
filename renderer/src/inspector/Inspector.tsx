import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renameNode, setLabel, setParams } from '../../../shared/graph/actions';
import { LAYER_NAME_PATTERN } from '../../../shared/graph/document';
import { formatShape } from '../../../shared/layers/shape-utils';
import { formatNumber } from '../i18n';
import { problemText } from '../i18n/problem-text';
import { paramHint } from '../i18n/docs/param-hints';
import { analysisOf, catalog } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { groupSelection } from '../canvas/group-commands';
import { ActivationPlot } from './ActivationPlot';
import { ActivationDoc, LayerDoc } from './LayerDoc';
import { ParamInput } from './ParamInput';
import { paramFields } from './param-fields';
import { paramLabel } from '../i18n/param-label';
import { nullStandsFor } from '../../../shared/layers/null-defaults';
import { formatParamValue } from '../canvas/flow-elements';

export function Inspector() {
  const { t } = useTranslation();
  const selected = useEditor((s) => s.selection.nodes);
  return (
    <aside className="panel inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <div className="panel-title">{t('inspector.title')}</div>
      {selected.length === 0 && <p className="inspector-empty">{t('inspector.nothingSelected')}</p>}
      {selected.length > 1 && (
        <div className="inspector-body">
          <p className="inspector-doc">{t('inspector.manySelected', { count: selected.length })}</p>
          <button className="btn" onClick={() => groupSelection(t)}>
            {t('inspector.groupSelected', { count: selected.length })}
          </button>
        </div>
      )}
      {selected.length === 1 && <NodeInspector key={selected[0]} nodeId={selected[0]!} />}
    </aside>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const { t, i18n } = useTranslation();
  const doc = useEditor(selectDocument);
  const edit = useEditor((s) => s.edit);
  const node = doc.nodes.find((n) => n.id === nodeId);
  const kind = node ? catalog.kind(node.type) : undefined;
  const fields = useMemo(() => (kind ? paramFields(kind) : []), [kind]);
  if (!node) return null;
  const analysis = analysisOf(doc);
  const a = analysis.nodes.get(nodeId);
  const problems = analysis.problems.filter((p) => p.nodeId === nodeId);
  const resolved = catalog.resolveParams(node.type, node.params);
  const effective = resolved.success ? resolved.params : node.params;
  const activation = node.type === 'Activation' ? String(effective.activation) : typeof effective.activation === 'string' ? effective.activation : null;

  return (
    <div className="inspector-body">
      <div className="inspector-heading">
        <span className="kind-chip" style={{ ['--family-color' as string]: `var(--family-${kind?.family ?? 'Core'})` }}>
          {t(`layers.${node.type}.label`, { defaultValue: node.type })}
        </span>
        {t(`layers.${node.type}.label`, { defaultValue: node.type }) !== node.type && <code className="muted">{node.type}</code>}
      </div>
      {kind && <p className="inspector-doc" data-testid="inspector-doc">{t(`layers.${node.type}.doc`, { defaultValue: kind.doc })}</p>}

      <NameField nodeId={nodeId} name={node.name} />
      <div className="field">
        <label className="field-label" htmlFor="layer-note">
          {t('inspector.label')}
        </label>
        <TextCommit id="layer-note" value={node.label ?? ''} placeholder={t('inspector.labelPlaceholder')} onCommit={(v) => edit((d) => setLabel(d, nodeId, v.trim() || undefined))} />
      </div>

      {problems.length > 0 && (
        <div className="field">
          <div className="section-title">{t('inspector.problems')}</div>
          <ul className="problem-list" data-testid="inspector-problems">
            {problems.map((p, i) => (
              <li key={i}>{problemText(t, p)}</li>
            ))}
          </ul>
        </div>
      )}

      <dl className="stat-grid">
        <dt>{t('inspector.outputShape')}</dt>
        <dd data-testid="inspector-shape">{a ? a.outputShapes.map(formatShape).join(' ') : '—'}</dd>
        <dt>{t('inspector.paramCount')}</dt>
        <dd>
          {a
            ? `${formatNumber(a.paramCount.trainable + a.paramCount.nonTrainable)}${a.paramCount.nonTrainable ? ` (${formatNumber(a.paramCount.nonTrainable)} ${t('inspector.nonTrainable')})` : ''}`
            : '—'}
        </dd>
      </dl>

      {fields.length > 0 && <div className="section-title">{t('inspector.parameters')}</div>}
      {fields.map((field) => {
        // An empty stride is the pool size: the field shows that value, marked as the default.
        const standsFor = effective[field.name] === null ? nullStandsFor(field.name, effective) : null;
        return (
          <div className="field" key={field.name}>
            {field.kind !== 'boolean' && (
              <div className="field-label" data-testid={`param-label-${field.name}`}>
                <ParamName name={field.name} />
                {standsFor ? (
                  <code data-testid={`param-${field.name}-default`}>{t('inspector.defaultStandsFor', { param: standsFor, value: formatParamValue(effective[standsFor]) })}</code>
                ) : (
                  field.default !== undefined && <code>{t('inspector.defaultValue', { value: JSON.stringify(field.default) })}</code>
                )}
              </div>
            )}
            <ParamInput
              field={field}
              value={node.params[field.name]}
              effective={effective[field.name]}
              {...(standsFor ? { standIn: effective[standsFor] } : {})}
              onCommit={(value) => edit((d) => setParams(d, nodeId, { [field.name]: value }))}
            />
            {field.description && <div className="field-hint">{paramHint(i18n.language, field.description)}</div>}
            {field.name === 'activation' && activation && (
              <ActivationPlot name={activation} {...(typeof effective.alpha === 'number' ? { alpha: effective.alpha } : {})} />
            )}
            {field.name === 'activation' && activation && <ActivationDoc activation={activation} />}
          </div>
        );
      })}

      {kind && <LayerDoc type={node.type} />}
    </div>
  );
}

/** A parameter's label: translated, with its Keras identifier beside it where the two differ. */
function ParamName({ name }: { name: string }) {
  const { t } = useTranslation();
  const { label, identifier } = paramLabel(t, name);
  return (
    <>
      {label}
      {identifier && <code className="param-identifier">{identifier}</code>}
    </>
  );
}

function NameField({ nodeId, name }: { nodeId: string; name: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(name);
    setError(null);
  }, [name]);
  const commit = () => {
    if (draft === name) return;
    // A name the model cannot take is refused: the field shows the name the layer keeps, and the error stays.
    if (!LAYER_NAME_PATTERN.test(draft)) return setDraft(name);
    const applied = useEditor.getState().edit((d) => renameNode(d, nodeId, draft));
    if (!applied) setDraft(name);
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor="layer-name">
        {t('inspector.name')}
      </label>
      <input
        id="layer-name"
        className={`input${error ? ' invalid' : ''}`}
        value={draft}
        data-testid="layer-name"
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(LAYER_NAME_PATTERN.test(e.target.value) ? null : 'pattern');
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <div className="field-error">{t('inspector.namePattern')}</div>}
    </div>
  );
}

function TextCommit({ id, value, placeholder, onCommit }: { id: string; value: string; placeholder: string; onCommit(value: string): void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => draft !== value && onCommit(draft);
  return <input id={id} className="input" value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />;
}
