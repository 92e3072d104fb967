import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatList, parseList, parseNumber, type ParamField, type Parsed } from './param-fields';
import { leftDraft, shownDraft, typedDraft, type FieldDraft } from './field-draft';
import { firstJsonErrorOffset, linePosition } from '../../../shared/json-position';
import { formatNumber } from '../i18n';
import { paramLabel } from '../i18n/param-label';

interface Props {
  field: ParamField;
  /** The stored value, or undefined when the param is at its default. */
  value: unknown;
  /** The value in effect (the default filled in). */
  effective: unknown;
  /** For a null that stands for another param's value (strides → the pool size): that value, shown greyed in the empty field. */
  standIn?: unknown;
  onCommit(value: unknown): void;
}

function FieldError({ draft, shown }: { draft: FieldDraft; shown: string }) {
  const { t } = useTranslation();
  if (!draft.error) return null;
  return (
    <div className="field-error" role="alert" data-testid="field-error">
      {t(draft.error.key, draft.error.values)}
      {draft.refused !== null && ` ${t('inspector.refused', { typed: draft.refused, value: shown === '' ? t('inspector.notSet') : shown })}`}
    </div>
  );
}

/**
 * A text-like field keeps what the person typed while they type; on leaving it (blur or
 * Enter) a valid value is committed and a bad one refused, the field showing the model's
 * value again beside the error (field-draft.ts).
 */
function useDraft(display: readonly string[], parse: (texts: string[]) => Parsed, onCommit: (value: unknown) => void) {
  const key = display.join('\u0000');
  const [draft, setDraft] = useState(() => shownDraft(display));
  useEffect(() => setDraft(shownDraft(key.split('\u0000'))), [key]);
  const type = (index: number, text: string) => setDraft((d) => typedDraft(d, index, text, parse));
  const leave = () => {
    const { draft: next, commit } = leftDraft(draft, display, parse);
    setDraft(next);
    if (commit) onCommit(commit.value);
  };
  return { draft, type, leave };
}

const showValue = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function ParamInput({ field, value, effective, standIn, onCommit }: Props) {
  const { t } = useTranslation();
  const testId = `param-${field.name}`;

  switch (field.kind) {
    case 'boolean':
      return (
        <label className="checkbox">
          <input type="checkbox" checked={Boolean(effective)} onChange={(e) => onCommit(e.target.checked)} data-testid={testId} />
          {paramLabel(t, field.name).label}
          {paramLabel(t, field.name).identifier && <code className="param-identifier">{field.name}</code>}
        </label>
      );
    case 'enum':
      return (
        <select className="input" value={effective === undefined ? '' : String(effective)} onChange={(e) => onCommit(e.target.value === '' ? undefined : e.target.value)} data-testid={testId}>
          {field.optional && <option value="">{t('inspector.notSet')}</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'number':
      return <NumberInput field={field} effective={effective} standIn={standIn} onCommit={onCommit} testId={testId} />;
    case 'tuple':
      return <TupleInput field={field} effective={effective} standIn={standIn} onCommit={onCommit} testId={testId} />;
    case 'list':
      return <ListInput field={field} effective={effective} onCommit={onCommit} testId={testId} />;
    case 'json':
      return <JsonInput effective={effective ?? value} onCommit={onCommit} testId={testId} />;
  }
}

const onEnter = (leave: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter') leave();
};

function NumberInput({ field, effective, standIn, onCommit, testId }: { field: Extract<ParamField, { kind: 'number' }>; effective: unknown; standIn: unknown; onCommit(v: unknown): void; testId: string }) {
  const display = showValue(effective);
  const { draft, type, leave } = useDraft(
    [display],
    ([text]) => (text!.trim() === '' && (field.optional || field.nullable) ? { ok: true, value: field.nullable ? null : undefined } : parseNumber(text!, field)),
    onCommit,
  );
  return (
    <>
      <input
        className={`input${draft.error ? ' invalid' : ''}`}
        inputMode="decimal"
        value={draft.texts[0]}
        placeholder={standIn === undefined ? undefined : showValue(standIn)}
        onChange={(e) => type(0, e.target.value)}
        onBlur={leave}
        onKeyDown={onEnter(leave)}
        data-testid={testId}
      />
      <FieldError draft={draft} shown={display} />
    </>
  );
}

function ListInput({ field, effective, onCommit, testId }: { field: Extract<ParamField, { kind: 'list' }>; effective: unknown; onCommit(v: unknown): void; testId: string }) {
  const { t } = useTranslation();
  const display = formatList(effective);
  const { draft, type, leave } = useDraft([display], ([text]) => parseList(text!, field), onCommit);
  return (
    <>
      <input
        className={`input${draft.error ? ' invalid' : ''}`}
        value={draft.texts[0]}
        onChange={(e) => type(0, e.target.value)}
        onBlur={leave}
        onKeyDown={onEnter(leave)}
        data-testid={testId}
        style={{ fontFamily: 'var(--mono)' }}
      />
      <FieldError draft={draft} shown={display} />
      {field.nullableItems && <div className="field-hint">{t('inspector.nullableDim')}</div>}
    </>
  );
}

/** Boxes of a tuple all empty: the param's null default (a pooling stride of the pool size). */
function parseTuple(texts: string[], field: Extract<ParamField, { kind: 'tuple' }>): Parsed {
  if (field.nullable && texts.every((text) => text.trim() === '')) return { ok: true, value: null };
  const parsed = texts.map((text) => parseNumber(text, field));
  const bad = parsed.find((p) => !p.ok);
  if (bad) return bad;
  return { ok: true, value: parsed.map((p) => (p.ok ? (p.value as number) : 0)) };
}

function TupleInput({ field, effective, standIn, onCommit, testId }: { field: Extract<ParamField, { kind: 'tuple' }>; effective: unknown; standIn: unknown; onCommit(v: unknown): void; testId: string }) {
  const display = Array.isArray(effective) ? (effective as number[]).map(String) : Array.from({ length: field.length }, () => '');
  const placeholders = Array.isArray(standIn) ? (standIn as unknown[]).map(showValue) : [];
  const { draft, type, leave } = useDraft(display, (texts) => parseTuple(texts, field), onCommit);
  return (
    <>
      <div className="field-row" data-testid={testId}>
        {draft.texts.map((text, i) => (
          <input
            key={i}
            className={`input${draft.error ? ' invalid' : ''}`}
            inputMode="numeric"
            value={text}
            placeholder={placeholders[i]}
            aria-label={`${field.name}[${i}]`}
            data-testid={`${testId}-${i}`}
            onChange={(e) => type(i, e.target.value)}
            onBlur={leave}
            onKeyDown={onEnter(leave)}
          />
        ))}
      </div>
      <FieldError draft={draft} shown={display.join(', ')} />
    </>
  );
}

function JsonInput({ effective, onCommit, testId }: { effective: unknown; onCommit(v: unknown): void; testId: string }) {
  const { t } = useTranslation();
  const display = effective === undefined ? '' : JSON.stringify(effective, null, 1);
  const [draft, setDraft] = useState(display);
  // Where the text stops being JSON, said in the interface language rather than as the JS engine's English SyntaxError.
  const [error, setError] = useState<{ line: number; column: number } | 'end' | null>(null);
  useEffect(() => {
    setDraft(display);
    setError(null);
  }, [display]);
  const commit = () => {
    if (draft === display) return;
    let value: unknown;
    try {
      value = draft.trim() === '' ? undefined : JSON.parse(draft);
    } catch {
      const offset = firstJsonErrorOffset(draft);
      setError(offset === null || offset >= draft.trimEnd().length ? 'end' : linePosition(draft, offset));
      return;
    }
    setError(null);
    onCommit(value);
  };
  return (
    <>
      <textarea className={`input${error ? ' invalid' : ''}`} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} data-testid={testId} spellCheck={false} />
      {error ? (
        <div className="field-error" data-testid={`${testId}-error`}>
          {error === 'end' ? t('inspector.invalidJsonEnd') : t('inspector.invalidJsonAt', { line: formatNumber(error.line), column: formatNumber(error.column) })}
        </div>
      ) : (
        <div className="field-hint">{t('inspector.jsonHint')}</div>
      )}
    </>
  );
}
