import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
// Everything that builds or trains a model, imported and not called: none of it may touch tfjs.
import '../../shared/compile/compile';
import { catalog } from '../../shared/layers';
import { GELU_KERNEL } from '../../shared/layers/custom/gelu';
import { LAYER_NORM_KERNEL } from '../../shared/layers/custom/layer-normalization';
import { layerClassesRegistered, OUR_LAYER_CLASSES, registerLayerClasses, STAND_IN_CLASSES } from '../../shared/layers/custom/register';
import './backend';
import { registerFastPath } from './fast-path';
import { FAST_PATH_DEFAULTS, fastPathSwitches, resetFastPathSwitches, setFastPathSwitches } from './fast-path-switches';

const classNameMap = () => tf.serialization.SerializationMap.getMap().classNameMap;

/** What a registration may change: the classes tfjs resolves by name and the wasm kernels. */
function snapshot(): { classes: Map<string, unknown>; kernels: Map<string, unknown> } {
  const names = [...OUR_LAYER_CLASSES.map((cls) => cls.className), ...STAND_IN_CLASSES.map((cls) => cls.tfjsClassName)];
  const kernels = [tf.BatchMatMul, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.Identity, tf.Slice, tf.Sum, GELU_KERNEL, LAYER_NORM_KERNEL];
  return {
    classes: new Map(names.map((name) => [name, classNameMap()[name]?.[0]])),
    kernels: new Map(kernels.map((name) => [name, tf.getKernel(name, 'wasm')])),
  };
}

describe('the fast path', () => {
  it('is not registered by importing the layer catalog, the compiler or the worker’s backend: tfjs stays stock until the explicit call', async () => {
    expect(catalog.kind('LSTM')).toBeDefined();
    for (const cls of OUR_LAYER_CLASSES) expect(classNameMap()[cls.className], cls.className).toBeUndefined();
    for (const cls of STAND_IN_CLASSES) expect(classNameMap()[cls.tfjsClassName]?.[0], cls.tfjsClassName).not.toBe(cls);
    expect(layerClassesRegistered()).toBe(false);

    // The stock wasm backend's kernels, as importing the package registers them.
    await import('@tensorflow/tfjs-backend-wasm');
    const stockBatchMatMul = tf.getKernel(tf.BatchMatMul, 'wasm');
    expect(stockBatchMatMul).toBeDefined();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeUndefined();

    await registerFastPath();
    expect(layerClassesRegistered()).toBe(true);
    for (const cls of STAND_IN_CLASSES) expect(classNameMap()[cls.tfjsClassName]?.[0], cls.tfjsClassName).toBe(cls);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).not.toBe(stockBatchMatMul);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeDefined();
  });

  it('registers the same classes and kernels however often it is called', async () => {
    await registerFastPath();
    const once = snapshot();
    await registerFastPath();
    registerLayerClasses();
    expect(snapshot()).toEqual(once);
    for (const [name, value] of snapshot().kernels) expect(value, name).toBe(once.kernels.get(name));
  });

  it('follows the switch table: a switch set off puts the stock kernels back, set on again the same fast ones', async () => {
    await registerFastPath();
    const fast = snapshot();
    setFastPathSwitches({ fusedGelu: false, sharingIdentity: false });
    try {
      expect(fastPathSwitches.fusedGelu).toBe(false);
      expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeUndefined();
      expect(tf.getKernel(tf.Identity, 'wasm')).not.toBe(fast.kernels.get(tf.Identity));
      expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBe(fast.kernels.get(tf.BatchMatMul));
    } finally {
      resetFastPathSwitches();
    }
    expect({ ...fastPathSwitches }).toEqual(FAST_PATH_DEFAULTS);
    for (const [name, value] of snapshot().kernels) expect(value, name).toBe(fast.kernels.get(name));
  });
});
