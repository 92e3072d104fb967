import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import type { LayerFamily } from '../../../shared/layers';
import { catalog } from '../store/catalog';
import { addLayerAt, dropPosition, LAYER_DRAG_TYPE } from '../canvas/add-layer';
import { kindsInPaletteOrder, searchKinds } from './layer-search';
import { LayerTooltip } from './LayerTooltip';
import './palette-labels.css';
import { addBlockAt, BLOCKS } from './blocks';

/**
 * Layer kinds by family. Drag one onto the canvas; or move through the list with the arrow
 * keys and press Enter to drop the chosen kind in the middle of the view.
 */
export function Palette() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<{ type: string; label: string; anchor: DOMRect } | null>(null);

  const items = useMemo(
    () => kindsInPaletteOrder(catalog).map((kind) => ({ kind, label: t(`layers.${kind.type}.label`), doc: t(`layers.${kind.type}.doc`) })),
    [t],
  );
  const matches = useMemo(() => searchKinds(items, query), [items, query]);
  // Filtered results read best by relevance; the full list reads best by family.
  const sections = useMemo(() => {
    if (query.trim()) return [{ family: null as LayerFamily | null, items: matches }];
    const byFamily = new Map<LayerFamily, typeof matches>();
    for (const item of matches) byFamily.set(item.kind.family, [...(byFamily.get(item.kind.family) ?? []), item]);
    return [...byFamily].map(([family, list]) => ({ family: family as LayerFamily | null, items: list }));
  }, [matches, query]);
  const flat = sections.flatMap((s) => s.items);

  useEffect(() => {
    const element = listRef.current?.querySelector('.palette-item.active');
    element?.scrollIntoView({ block: 'nearest' });
    // Moving through the list with the keys shows the chosen layer's doc, as hovering does.
    const item = flat[active];
    if (element && item && document.activeElement === listRef.current)
      setHovered({ type: item.kind.type, label: item.label, anchor: element.getBoundingClientRect() });
    // Only a change of the chosen entry moves the doc; a re-render with the same one leaves it.
  }, [active]);

  const addInView = (type: string) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 0, y: 0 };
    addLayerAt(type, dropPosition(flow.screenToFlowPosition(centre)));
  };

  const blocks = BLOCKS.map((b) => ({ ...b, text: t(b.label), description: t(b.doc) })).filter(
    (b) => !query.trim() || `${b.text} ${b.description}`.toLowerCase().includes(query.trim().toLowerCase()),
  );
  const addBlockInView = (id: (typeof BLOCKS)[number]['id']) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 0, y: 0 };
    addBlockAt(id, dropPosition(flow.screenToFlowPosition(centre)));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, flat.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(flat.length - 1);
    else if (e.key === 'Enter' && flat[Math.max(active, 0)]) addInView(flat[Math.max(active, 0)]!.kind.type);
    else if (e.key === 'Escape' && query) setQuery('');
    else return;
    e.preventDefault();
  };

  return (
    <aside className="panel palette" aria-label={t('palette.title')}>
      <div className="panel-title">{t('palette.title')}</div>
      <div className="palette-filter">
        <input
          className="input"
          type="search"
          placeholder={t('palette.filter')}
          aria-label={t('palette.filter')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(e.target.value ? 0 : -1);
          }}
          onKeyDown={onKeyDown}
          data-testid="palette-filter"
        />
      </div>
      <div className="palette-list" ref={listRef} role="listbox" tabIndex={0} onKeyDown={onKeyDown} onBlur={() => setHovered(null)} aria-label={t('palette.dragHint')}>
        {flat.length === 0 && blocks.length === 0 && <div className="palette-empty">{t('palette.noMatch', { query })}</div>}
        {sections.map((section) => (
          <div key={section.family ?? 'results'} role="group" aria-label={section.family ? t(`families.${section.family}`) : undefined}>
            {section.family && (
              <div className="palette-family">
                <span className="family-swatch" style={{ background: `var(--family-${section.family})` }} />
                {t(`families.${section.family}`)}
              </div>
            )}
            {section.items.map((item) => {
              const index = flat.indexOf(item);
              return (
                <div
                  key={item.kind.type}
                  className={`palette-item${index === active ? ' active' : ''}`}
                  role="option"
                  aria-selected={index === active}
                  draggable
                  onMouseEnter={(e) => setHovered({ type: item.kind.type, label: item.label, anchor: e.currentTarget.getBoundingClientRect() })}
                  onMouseLeave={() => setHovered(null)}
                  data-testid="palette-item"
                  data-layer-type={item.kind.type}
                  onDragStart={(e) => {
                    setHovered(null);
                    e.dataTransfer.setData(LAYER_DRAG_TYPE, item.kind.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => setActive(index)}
                  onDoubleClick={() => addInView(item.kind.type)}
                >
                  <div className="palette-item-label">
                    <span className="family-swatch" style={{ background: `var(--family-${item.kind.family})` }} />
                    <span className="palette-item-name">{item.label}</span>
                    {item.label !== item.kind.type && <span className="palette-item-type">{item.kind.type}</span>}
                  </div>
                  <div className="palette-item-doc">{item.doc}</div>
                </div>
              );
            })}
          </div>
        ))}
        {blocks.length > 0 && (
          <div role="group" aria-label={t('palette.blocksTitle')}>
            <div className="palette-family">
              <span className="family-swatch" style={{ background: 'var(--family-Attention)' }} />
              {t('palette.blocksTitle')}
            </div>
            {blocks.map((block) => (
              <div
                key={block.id}
                className="palette-item"
                role="option"
                aria-selected={false}
                tabIndex={0}
                title={t('palette.blocks.hint')}
                data-testid="palette-block"
                data-block={block.id}
                onDoubleClick={() => addBlockInView(block.id)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.stopPropagation();
                  addBlockInView(block.id);
                }}
              >
                <div className="palette-item-label">
                  <span className="family-swatch" style={{ background: 'var(--family-Attention)' }} />
                  {block.text}
                </div>
                <div className="palette-item-doc">{block.description}</div>
              </div>
            ))}
          </div>
        )}
      </div>
      {hovered && <LayerTooltip {...hovered} />}
    </aside>
  );
}
