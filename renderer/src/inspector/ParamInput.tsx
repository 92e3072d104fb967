import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatList, parseList, parseNumber, type ParamField, type Parsed } from './param-fields';
import { firstJsonErrorOffset, linePosition } from '../../../shared/json-position';
import { formatNumber } from '../i18n';

interface Props {
  field: ParamField;
  /** The stored value, or undefined when the param is at its default. */
  value: unknown;
  /** The value in effect (the default filled in). */
  effective: unknown;
  onCommit(value: unknown): void;
}

type FieldProblem = { key: string; values?: Record<string, string> };

function FieldError({ error }: { error: FieldProblem | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <div className="field-error" role="alert">{t(error.key, error.values)}</div>;
}

/**
 * A text-like field keeps what the person typed until it parses; only a valid value is
 * committed (on blur or Enter), so a half-typed number never reaches the document.
 */
function useDraft(display: string, parse: (text: string) => Parsed, onCommit: (value: unknown) => void) {
  const [draft, setDraft] = useState(display);
  const [error, setError] = useState<FieldProblem | null>(null);
  useEffect(() => {
    setDraft(display);
    setError(null);
  }, [display]);
  const check = (text: string) => {
    setDraft(text);
    const parsed = parse(text);
    setError(parsed.ok ? null : parsed.error);
  };
  const commit = () => {
    if (draft === display) return;
    const parsed = parse(draft);
    if (parsed.ok) onCommit(parsed.value);
  };
  return { draft, error, check, commit };
}

export function ParamInput({ field, value, effective, onCommit }: Props) {
  const { t } = useTranslation();
  const testId = `param-${field.name}`;
  const onEnter = (commit: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
  };

  switch (field.kind) {
    case 'boolean':
      return (
        <label className="checkbox">
          <input type="checkbox" checked={Boolean(effective)} onChange={(e) => onCommit(e.target.checked)} data-testid={testId} />
          {field.name}
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
      return <NumberInput field={field} effective={effective} onCommit={onCommit} testId={testId} onEnter={onEnter} />;
    case 'tuple':
      return <TupleInput field={field} effective={effective} onCommit={onCommit} testId={testId} />;
    case 'list':
      return <ListInput field={field} effective={effective} onCommit={onCommit} testId={testId} onEnter={onEnter} />;
    case 'json':
      return <JsonInput effective={effective ?? value} onCommit={onCommit} testId={testId} />;
  }
}

type EnterHandler = (commit: () => void) => (e: KeyboardEvent<HTMLInputElement>) => void;

function NumberInput({ field, effective, onCommit, testId, onEnter }: { field: Extract<ParamField, { kind: 'number' }>; effective: unknown; onCommit(v: unknown): void; testId: string; onEnter: EnterHandler }) {
  const display = effective === undefined || effective === null ? '' : String(effective);
  const { draft, error, check, commit } = useDraft(
    display,
    (text) => (text.trim() === '' && (field.optional || field.nullable) ? { ok: true, value: field.nullable ? null : undefined } : parseNumber(text, field)),
    onCommit,
  );
  return (
    <>
      <input className={`input${error ? ' invalid' : ''}`} inputMode="decimal" value={draft} onChange={(e) => check(e.target.value)} onBlur={commit} onKeyDown={onEnter(commit)} data-testid={testId} />
      <FieldError error={error} />
    </>
  );
}

function ListInput({ field, effective, onCommit, testId, onEnter }: { field: Extract<ParamField, { kind: 'list' }>; effective: unknown; onCommit(v: unknown): void; testId: string; onEnter: EnterHandler }) {
  const { t } = useTranslation();
  const { draft, error, check, commit } = useDraft(formatList(effective), (text) => parseList(text, field), onCommit);
  return (
    <>
      <input className={`input${error ? ' invalid' : ''}`} value={draft} onChange={(e) => check(e.target.value)} onBlur={commit} onKeyDown={onEnter(commit)} data-testid={testId} style={{ fontFamily: 'var(--mono)' }} />
      <FieldError error={error} />
      {field.nullableItems && <div className="field-hint">{t('inspector.nullableDim')}</div>}
    </>
  );
}

function TupleInput({ field, effective, onCommit, testId }: { field: Extract<ParamField, { kind: 'tuple' }>; effective: unknown; onCommit(v: unknown): void; testId: string }) {
  const values = Array.isArray(effective) ? (effective as number[]) : Array.from({ length: field.length }, () => 1);
  const [drafts, setDrafts] = useState(values.map(String));
  const [error, setError] = useState<FieldProblem | null>(null);
  const key = values.join(',');
  useEffect(() => {
    setDrafts(key.split(','));
    setError(null);
  }, [key]);
  const commit = (next: string[]) => {
    const parsed = next.map((text) => parseNumber(text, field));
    const bad = parsed.find((p) => !p.ok);
    if (bad && !bad.ok) return setError(bad.error);
    setError(null);
    const tuple = parsed.map((p) => (p.ok ? (p.value as number) : 0));
    if (tuple.join(',') !== key) onCommit(tuple);
  };
  return (
    <>
      <div className="field-row" data-testid={testId}>
        {drafts.map((d, i) => (
          <input
            key={i}
            className={`input${error ? ' invalid' : ''}`}
            inputMode="numeric"
            value={d}
            aria-label={`${field.name}[${i}]`}
            data-testid={`${testId}-${i}`}
            onChange={(e) => {
              const next = drafts.map((x, j) => (j === i ? e.target.value : x));
              setDrafts(next);
              const parsed = parseNumber(e.target.value, field);
              setError(parsed.ok ? null : parsed.error);
            }}
            onBlur={() => commit(drafts)}
            onKeyDown={(e) => e.key === 'Enter' && commit(drafts)}
          />
        ))}
      </div>
      <FieldError error={error} />
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
