import { describe, expect, it } from 'vitest';
import { catalog } from '../../layers';
import { kindKerasEmitters, kindPytorchEmitters } from '../../layers/kinds-export.generated';
import { kerasEmitter, torchEmitter } from './emitters';

describe('the kinds’ code emitters', () => {
  const types = catalog.all().map((k) => k.type);

  it('every kind of the catalog has a PyTorch and a Keras emitter (its folder’s pytorch.ts and keras.ts)', () => {
    expect(types.filter((type) => !torchEmitter(type))).toEqual([]);
    expect(types.filter((type) => !kerasEmitter(type))).toEqual([]);
  });

  it('each emitter belongs to one kind of the catalog, and no kind has two', () => {
    for (const emitters of [kindPytorchEmitters, kindKerasEmitters]) {
      const emitted = emitters.map((e) => e.type);
      expect(emitted.filter((type) => !types.includes(type))).toEqual([]);
      expect(emitted.filter((type, i) => emitted.indexOf(type) !== i)).toEqual([]);
    }
  });
});
