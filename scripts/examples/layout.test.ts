import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze';
import { parseDocument } from '../../shared/graph/document';
import { wiresThroughNodes } from '../../shared/graph/layout';
import { estimatedNodeBoxes } from '../../shared/graph/node-face';
import { catalog } from '../../shared/layers';
import { EXAMPLES_DIR } from './builder';

/** The templates as make-examples laid them out: no wire runs behind a layer (the Transformer's residuals go around). */
describe('template layouts', () => {
  const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.nnd.json'));
  for (const file of files)
    it(`${file}: every wire clear of the layers it passes`, () => {
      const doc = parseDocument(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
      expect(wiresThroughNodes(doc, estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog))).toEqual([]);
    });

  it('the Transformer templates route their residual wires in a lane of their own', () => {
    for (const file of ['transformer-spam.nnd.json', 'char-decoder.nnd.json']) {
      const doc = parseDocument(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
      const residuals = doc.edges.filter((e) => doc.nodes.find((n) => n.id === e.target)?.type === 'Add' && e.route);
      expect(residuals.length, file).toBeGreaterThanOrEqual(2);
    }
  });
});
