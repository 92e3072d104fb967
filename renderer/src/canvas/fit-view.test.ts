import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { documentViewport, READABLE_ZOOM, readableViewport } from './fit-view';

const pane = { width: 720, height: 600 };

describe('the readable view of a graph', () => {
  it('shows a graph that fits whole and centred, never above 100 %', () => {
    const view = readableViewport({ x: 0, y: 0, width: 400, height: 100 }, { x: 0, y: 0, width: 180, height: 100 }, pane);
    expect(view).toEqual({ x: 160, y: 250, zoom: 1 });
  });

  it('shrinks a graph to fit as far as it stays readable, with no jump at any size', () => {
    const zooms = [900, 1500, 2000, 3000, 6000, 12000].map((width) => readableViewport({ x: 0, y: 0, width, height: 100 }, { x: 0, y: 0, width: 180, height: 100 }, pane).zoom);
    for (let i = 1; i < zooms.length; i++) expect(zooms[i]).toBeLessThanOrEqual(zooms[i - 1]!);
    expect(zooms[0]).toBeCloseTo(656 / 900);
    expect(Math.min(...zooms)).toBe(READABLE_ZOOM);
  });

  it('shows a graph too big to read whole from its start, the Inputs at the top left', () => {
    const graph = { x: -200, y: -300, width: 5000, height: 2000 };
    const inputs = { x: -200, y: 100, width: 180, height: 80 };
    const view = readableViewport(graph, inputs, pane);
    expect(view.zoom).toBe(READABLE_ZOOM);
    // The graph's left edge and the Inputs' top sit 32 px inside the pane.
    expect(view.x + graph.x * view.zoom).toBe(32);
    expect(view.y + inputs.y * view.zoom).toBe(32);
  });

  it('keeps the selected layers in view', () => {
    const graph = { x: 0, y: 0, width: 5000, height: 100 };
    const view = readableViewport(graph, { x: 0, y: 0, width: 180, height: 100 }, pane, { x: 3000, y: 0, width: 180, height: 100 });
    const right = (3000 + 180) * view.zoom + view.x;
    expect(right).toBeLessThanOrEqual(pane.width - 32);
    expect(3000 * view.zoom + view.x).toBeGreaterThanOrEqual(32);
  });

  it('starts from the Inputs of a document', () => {
    const doc: GraphDocument = {
      ...emptyDocument(),
      nodes: [
        { id: 'a', type: 'Dense', name: 'a', params: {}, position: { x: 0, y: 0 } },
        { id: 'in', type: 'Input', name: 'in', params: {}, position: { x: 0, y: 900 } },
      ],
    };
    const rects = doc.nodes.map((n) => ({ ...n.position, width: 4000, height: 100 }));
    const view = documentViewport(doc, rects, pane)!;
    expect(view.y + 900 * view.zoom).toBe(32);
    expect(documentViewport(emptyDocument(), [], pane)).toBeNull();
  });
});

describe('the readable view of a GAN document', () => {
  it('keeps the regions drawn around the layers in view, their labels above the Inputs included', () => {
    const doc: GraphDocument = {
      ...emptyDocument(),
      nodes: [
        { id: 'noise', type: 'Input', name: 'noise', params: {}, position: { x: 0, y: 0 } },
        { id: 'fake', type: 'Dense', name: 'fake', params: {}, position: { x: 4000, y: 0 } },
      ],
    };
    const rects = [
      { x: 0, y: 0, width: 180, height: 90 },
      { x: 4000, y: 0, width: 180, height: 90 },
    ];
    const region = { x: -32, y: -64, width: 4244, height: 186 };
    const plain = documentViewport(doc, rects, pane)!;
    const withRegion = documentViewport(doc, rects, pane, new Set(), [region])!;
    expect(plain.x + rects[0]!.x * plain.zoom).toBe(32);
    // Too wide to read whole: shown from its start, the region's left edge and label at the margin.
    expect(withRegion.zoom).toBe(READABLE_ZOOM);
    expect(withRegion.x + region.x * withRegion.zoom).toBeCloseTo(32, 0);
    expect(withRegion.y + region.y * withRegion.zoom).toBeGreaterThanOrEqual(0);
  });
});
