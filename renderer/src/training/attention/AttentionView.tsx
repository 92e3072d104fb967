import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionMaps, GeneratedText } from '../../../../shared/training/sequence-inspection';
import { getHost } from '../../host/client';
import { cellOpacity, headGrids, keptTokenCount } from './heatmap';
import './attention.css';
import { hostErrorMessage } from '../../i18n/said-text';

function messageOf(err: unknown): string {
  return hostErrorMessage(err);
}

/** One head's weights as a grid: a row per query token, a column per key token. */
function HeadHeatmap({ queries, keys, weights, max, head }: { queries: string[]; keys: string[]; weights: number[][]; max: number; head: number }) {
  const { t } = useTranslation();
  return (
    <figure className="attention-head" data-testid="attention-head">
      <figcaption>{t('training.attention.head', { index: String(head + 1) })}</figcaption>
      <div className="attention-grid" style={{ gridTemplateColumns: `auto repeat(${keys.length}, 1.6em)` }}>
        <span />
        {keys.map((token, k) => (
          <span key={`key-${k}`} className="attention-key" title={token}>
            {token === ' ' ? '␣' : token}
          </span>
        ))}
        {weights.map((row, q) => [
          <span key={`query-${q}`} className="attention-query" title={queries[q]}>
            {queries[q] === ' ' ? '␣' : queries[q]}
          </span>,
          ...row.map((w, k) => (
            <span
              key={`${q}-${k}`}
              className="attention-cell"
              style={{ opacity: cellOpacity(w, max) }}
              title={t('training.attention.cell', { query: queries[q] ?? '', key: keys[k] ?? '', weight: w.toFixed(3) })}
            />
          )),
        ])}
      </div>
    </figure>
  );
}

/**
 * After a run on text: for a text a person types, each attention head's weights over its
 * tokens (which words each word looks at), and — for a model trained to predict the next
 * token — text it writes after a prompt. After an encoder–decoder run on a sequence task
 * (`sourceLength` tokens per source), the person types a source: the view shows the answer
 * the model writes and each layer's attention, the cross-attention's rows the decoder's
 * steps and its columns the source's tokens.
 */
export function AttentionView({ runId, hasAttention, canGenerate, sourceLength }: { runId: string; hasAttention: boolean; canGenerate: boolean; sourceLength?: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [maps, setMaps] = useState<AttentionMaps | null>(null);
  const [layerIndex, setLayerIndex] = useState(0);
  const [prompt, setPrompt] = useState('');
  const [temperature, setTemperature] = useState(0.8);
  const [written, setWritten] = useState<GeneratedText | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = () => {
    setError(null);
    getHost()
      .attentionMaps({ runId, text })
      .then((result) => {
        setMaps(result);
        setLayerIndex(0);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  };
  const generate = () => {
    setError(null);
    getHost()
      .generateText({ runId, prompt, length: 80, temperature, seed: Date.now() % 100_000 })
      .then(setWritten)
      .catch((err: unknown) => setError(messageOf(err)));
  };

  const layer = maps?.layers[layerIndex];
  const queries = layer?.queryTokens ?? maps?.tokens ?? [];
  const keys = layer?.keyTokens ?? maps?.tokens ?? [];
  const kept = keptTokenCount(queries);
  const keptKeys = keptTokenCount(keys);
  // A source is typed character by character (digits, '+'); spaces are ignored.
  const sourceReady = sourceLength === undefined ? text.trim() !== '' : [...text.replace(/\s+/g, '')].length === sourceLength && /^[0-9+\s]+$/.test(text);
  return (
    <div className="eval-block attention-view" data-testid="attention-view">
      {hasAttention && (
        <>
          <div className="eval-head">
            <b>{t('training.attention.title')}</b>
            <span className="muted">{sourceLength === undefined ? t('training.attention.hint') : t('training.attention.sourceHint')}</span>
          </div>
          <div className="attention-input">
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={sourceLength === undefined ? t('training.attention.placeholder') : t('training.attention.sourcePlaceholder', { count: sourceLength })}
              data-testid="attention-text"
            />
            <button className="btn" onClick={show} disabled={!sourceReady} data-testid="attention-show">
              {t('training.attention.show')}
            </button>
          </div>
          {maps && maps.layers.length > 1 && (
            <label className="attention-layer">
              {t('training.attention.layer')}
              <select value={layerIndex} onChange={(e) => setLayerIndex(Number(e.target.value))}>
                {maps.layers.map((l, i) => (
                  <option key={l.layer} value={i}>
                    {l.layer}
                  </option>
                ))}
              </select>
            </label>
          )}
          {maps?.answer && (
            <p className="generated-text" data-testid="attention-answer">
              {t('training.attention.answer', { answer: maps.answer.join(' ') })}
            </p>
          )}
          {maps && layer && (kept === 0 || keptKeys === 0) && <p className="muted">{t('training.attention.noTokens')}</p>}
          {maps && layer && kept > 0 && keptKeys > 0 && (
            <div className="attention-heads">
              {headGrids(layer.heads, kept, keptKeys).map((grid, h) => (
                <HeadHeatmap key={h} head={h} queries={queries.slice(0, kept)} keys={keys.slice(0, keptKeys)} weights={grid.weights} max={grid.max} />
              ))}
            </div>
          )}
        </>
      )}
      {canGenerate && (
        <>
          <div className="eval-head">
            <b>{t('training.generate.title')}</b>
          </div>
          <div className="attention-input">
            <input value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder={t('training.generate.prompt')} data-testid="generate-prompt" />
            <label title={t('training.generate.temperatureHint')}>
              {t('training.generate.temperature')}
              <input type="number" min={0} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} />
            </label>
            <button className="btn" onClick={generate} data-testid="generate-run">
              {t('training.generate.run')}
            </button>
          </div>
          {written && (
            <p className="generated-text" data-testid="generated-text">
              <span className="muted">{written.prompt}</span>
              {written.continuation}
            </p>
          )}
        </>
      )}
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
