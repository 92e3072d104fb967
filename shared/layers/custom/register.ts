import * as tf from '@tensorflow/tfjs';
import { EluWithAlpha } from '../kinds/activation/elu-with-alpha';
import { AdditiveAttention } from '../kinds/additive-attention/additive-attention';
import { DotProductAttention } from '../kinds/attention/dot-product-attention';
import { Conv1DWithCausalPadding } from '../kinds/convolution/causal-conv1d';
import { Conv2DWithTrainableDilation } from '../kinds/convolution/conv2d';
import { DepthwiseConv2DWithDilation } from '../kinds/convolution/depthwise-conv2d';
import { SeparableConv2DSavingDepthMultiplier } from '../kinds/convolution/separable-conv2d';
import { graphLayerClasses } from '../kinds/graph/layer-classes';
import { PatchEmbedding } from '../kinds/patch-embedding/patch-embedding';
import { GlobalAveragePooling1DKeepingDims, GlobalAveragePooling2DKeepingDims, GlobalMaxPooling1DKeepingDims, GlobalMaxPooling2DKeepingDims } from '../kinds/pooling/global-pooling';
import { TakeStep } from '../kinds/take-step/take-step';
import { FastGRU, FastLSTM, FastSimpleRNN } from './fast-recurrent';
import { FusedGelu } from './gelu';
import { FastLayerNormalization } from './layer-normalization';
import { MultiHeadAttention } from './multi-head-attention';
import { FastOrthogonal } from './orthogonal';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from './positional';
import { ResetAfterGRU, ResetAfterGRUCell } from './reset-after-gru';

type RegistrableClass = tf.serialization.SerializableConstructor<tf.serialization.Serializable>;
type StandIn = RegistrableClass & { tfjsClassName: string };

/**
 * Our classes that stand in for a tfjs class: the same config and weights, serialized under
 * tfjs's class name (so a model.json we write loads in plain tfjs), faster or fixed here.
 */
export const STAND_IN_CLASSES: readonly StandIn[] = [
  FastOrthogonal,
  FastLSTM,
  FastGRU,
  FastSimpleRNN,
  FusedGelu,
  Conv1DWithCausalPadding,
  Conv2DWithTrainableDilation,
  DepthwiseConv2DWithDilation,
  SeparableConv2DSavingDepthMultiplier,
  GlobalAveragePooling1DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
] as unknown as StandIn[];

/** Every tfjs class of ours, each under its own name (`Nnd…`). */
export const OUR_LAYER_CLASSES: readonly RegistrableClass[] = [
  ...STAND_IN_CLASSES,
  FastLayerNormalization,
  ResetAfterGRUCell,
  ResetAfterGRU,
  EluWithAlpha,
  DotProductAttention,
  ...graphLayerClasses,
  MultiHeadAttention,
  LearnedPositionalEmbedding,
  SinusoidalPositionalEncoding,
  PatchEmbedding,
  TakeStep,
  AdditiveAttention,
] as unknown as RegistrableClass[];

/**
 * Registers our classes with tfjs's serialization under their own names, and points tfjs's
 * name of each stand-in at it. tfjs resolves classes by name when it reads `'orthogonal'` or
 * `'gelu'` in a layer's arguments, when a Bidirectional clones its layer from the layer's
 * config, and when it loads a model.json — so without the stand-ins a Bidirectional LSTM
 * would run tfjs's loop and its kernels would start from tfjs's Orthogonal (another matrix,
 * made by thousands of small ops). A process that builds or loads our models calls this
 * first; importing our classes registers nothing. Idempotent.
 */
export function registerLayerClasses(): void {
  for (const cls of OUR_LAYER_CLASSES) tf.serialization.registerClass(cls);
  const byName = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const cls of STAND_IN_CLASSES) byName[cls.tfjsClassName] = [cls, cls.fromConfig];
}

/** Whether registerLayerClasses() has run in this process. */
export function layerClassesRegistered(): boolean {
  const byName = tf.serialization.SerializationMap.getMap().classNameMap;
  return OUR_LAYER_CLASSES.every((cls) => byName[cls.className]?.[0] === cls) && STAND_IN_CLASSES.every((cls) => byName[cls.tfjsClassName]?.[0] === cls);
}
