import { describe, expect, it } from 'vitest';
import { catalog } from '../layers';
import { addNode } from './actions';
import { analyzeGraph } from './analyze';
import { emptyDocument } from './document';
import { ENGLISH_FACE_WORDS, estimatedNodeBoxes, keyParamsOf, nodeBoxFor, type FaceWords } from './node-face';

const doc = addNode(emptyDocument('faces'), { type: 'Conv2D', params: { filters: 6, kernelSize: [5, 5] }, position: { x: 0, y: 0 } });
const conv = doc.nodes[0]!;

describe('a node face in the interface language', () => {
  it('sizes the box by the words the page writes: a longer parameter label makes a wider node', () => {
    const english = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog)(conv);
    const words: FaceWords = { ...ENGLISH_FACE_WORDS, paramLabel: (name) => (name === 'kernelSize' ? '一个很长很长很长很长很长的卷积核大小' : name) };
    const translated = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog, words)(conv);
    expect(translated.width).toBeGreaterThan(english.width);
    expect(translated.height).toBe(english.height);
  });

  it('counts CJK characters a full em wide and Latin ones about half', () => {
    const face = { name: 'n', kindLabel: 'k', extraLines: [], keyParams: [], inputs: [], outputs: [], shape: '', count: '' };
    const wide = nodeBoxFor({ ...face, keyParams: [{ name: '卷'.repeat(20), value: '6' }] });
    const narrow = nodeBoxFor({ ...face, keyParams: [{ name: 'f'.repeat(20), value: '6' }] });
    expect(wide.width).toBeGreaterThan(narrow.width + 80);
  });

  it('uses the English words by default, as the CLI lays nodes out', () => {
    const seen: string[] = [];
    const words: FaceWords = {
      kindLabel: (type, english) => (seen.push(`kind ${type} ${english}`), english),
      paramLabel: (name) => (seen.push(`param ${name}`), name),
      paramCount: (count) => (seen.push(`count ${count}`), ENGLISH_FACE_WORDS.paramCount(count)),
    };
    const withWords = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog, words)(conv);
    expect(withWords).toEqual(estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog)(conv));
    expect(seen).toContain('param filters');
    expect(seen).toContain('param kernelSize');
    expect(seen.some((s) => s.startsWith('kind Conv2D '))).toBe(true);
  });
});

describe('key parameters on a node face', () => {
  it('show the stride a pool uses for a null stride, and leave off a null that has no figure (an attention’s outputDim)', () => {
    expect(keyParamsOf(new Set(['poolSize', 'strides']), { poolSize: [2, 2], strides: null })).toEqual([
      { name: 'poolSize', value: '[2, 2]' },
      { name: 'strides', value: '[2, 2]' },
    ]);
    expect(keyParamsOf(new Set(['outputDim', 'units']), { outputDim: null, units: 8 }).map((p) => p.name)).toEqual(['units']);
  });
});
