import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../shared/graph/actions';
import { emptyDocument } from '../../../shared/graph/document';
import { catalog } from '../../../shared/layers';
import { checkWire } from './connection-check';

function imageNet() {
  let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
  doc = addNode(doc, { type: 'Conv2D', params: { filters: 8 } });
  doc = addNode(doc, { type: 'Dense' });
  doc = addNode(doc, { type: 'Flatten' });
  doc = connect(doc, { source: 'input_1', target: 'conv2d_1' });
  return doc;
}

describe('checkWire', () => {
  it('refuses a Dense on a 4-D convolution output and says to add a Flatten', () => {
    const verdict = checkWire(imageNet(), catalog, { source: 'conv2d_1', sourceHandle: 'out', target: 'dense_1', targetHandle: 'in' });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/Flatten/);
  });

  it('accepts a Flatten after the convolution and returns the wired document', () => {
    const verdict = checkWire(imageNet(), catalog, { source: 'conv2d_1', sourceHandle: 'out', target: 'flatten_1', targetHandle: 'in' });
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.doc.edges.some((e) => e.source === 'conv2d_1' && e.target === 'flatten_1')).toBe(true);
  });

  it('refuses a wire that closes a loop', () => {
    let doc = connect(imageNet(), { source: 'conv2d_1', target: 'flatten_1' });
    doc = connect(doc, { source: 'flatten_1', target: 'dense_1' });
    const verdict = checkWire(doc, catalog, { source: 'dense_1', sourceHandle: 'out', target: 'conv2d_1', targetHandle: 'in' });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/cycle/);
  });

  it('lets the first wire into a merge through and judges the second against it', () => {
    let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [4] } });
    doc = addNode(doc, { type: 'Input', params: { shape: [5] } });
    doc = addNode(doc, { type: 'Add' });
    const first = checkWire(doc, catalog, { source: 'input_1', sourceHandle: 'out', target: 'add_1', targetHandle: 'in' });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = checkWire(first.doc, catalog, { source: 'input_2', sourceHandle: 'out', target: 'add_1', targetHandle: 'in' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.reason).toMatch(/same shape/);
  });

  it('refuses a layer feeding itself with the edit’s own message', () => {
    const verdict = checkWire(imageNet(), catalog, { source: 'dense_1', sourceHandle: 'out', target: 'dense_1', targetHandle: 'in' });
    expect(verdict).toEqual({ ok: false, reason: 'a layer cannot feed itself' });
  });
});
