import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalog } from '../store/catalog';
import { kindsInPaletteOrder, searchKinds } from '../palette/layer-search';
import { useCanvasUi } from './canvas-ui-store';
import { addLayerAt, dropPosition } from './add-layer';

/** The search box that adds a layer at the pointer (double-click, Space, Tab, or a wire dropped in empty space). */
export function QuickAdd() {
  const quickAdd = useCanvasUi((s) => s.quickAdd);
  if (!quickAdd) return null;
  return <QuickAddBox key={`${quickAdd.screen.x},${quickAdd.screen.y}`} />;
}

function QuickAddBox() {
  const { t } = useTranslation();
  const quickAdd = useCanvasUi((s) => s.quickAdd)!;
  const close = useCanvasUi((s) => s.closeQuickAdd);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const items = useMemo(
    () =>
      kindsInPaletteOrder(catalog)
        // An Input takes no wire, so it is no answer to a wire dragged out of an output.
        .filter((kind) => !(quickAdd.wire?.handleType === 'source' && kind.inputs.length === 0))
        .map((kind) => ({ kind, label: t(`layers.${kind.type}.label`), doc: t(`layers.${kind.type}.doc`) })),
    [t, quickAdd.wire],
  );
  const matches = useMemo(() => searchKinds(items, query), [items, query]);

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    listRef.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (type: string) => {
    close();
    addLayerAt(type, dropPosition(quickAdd.flow), quickAdd.wire);
  };

  const left = Math.min(quickAdd.screen.x, window.innerWidth - 340);
  const top = Math.min(quickAdd.screen.y, window.innerHeight - 380);
  return (
    <>
      <div style={{ position: 'fixed', inset: 0, zIndex: 59 }} onMouseDown={close} />
      <div className="quick-add" style={{ left, top }} data-testid="quick-add" role="dialog">
        <input
          ref={inputRef}
          className="input"
          placeholder={t('quickAdd.placeholder')}
          value={query}
          data-testid="quick-add-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter' && matches[active]) choose(matches[active].kind.type);
            else if (e.key === 'Escape') close();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <div className="quick-add-list" ref={listRef} role="listbox">
          {matches.length === 0 && <div className="palette-empty">{t('quickAdd.noMatch', { query })}</div>}
          {matches.map((m, i) => (
            <div
              key={m.kind.type}
              className={`quick-add-item${i === active ? ' active' : ''}`}
              role="option"
              aria-selected={i === active}
              data-testid="quick-add-item"
              data-layer-type={m.kind.type}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(m.kind.type)}
            >
              <span className="family-swatch" style={{ background: `var(--family-${m.kind.family})` }} />
              {m.label}
              <small>{t(`families.${m.kind.family}`)}</small>
            </div>
          ))}
        </div>
        <div className="quick-add-hint">{t('quickAdd.hint')}</div>
      </div>
    </>
  );
}
