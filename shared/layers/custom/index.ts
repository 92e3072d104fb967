import * as tf from '@tensorflow/tfjs';
import { EluWithAlpha } from './elu-with-alpha';
import { FusedGelu } from './gelu';
import { FastLayerNormalization } from './layer-normalization';
import { FastOrthogonal } from './orthogonal';
import { FastGRU, FastLSTM, FastSimpleRNN } from './fast-recurrent';
import { ResetAfterGRU, ResetAfterGRUCell } from './reset-after-gru';
import { SeparableConv2DSavingDepthMultiplier } from './separable-conv2d';
import { Conv1DWithCausalPadding } from './causal-conv1d';
import { Conv2DWithTrainableDilation } from './conv2d';
import { DepthwiseConv2DWithDilation } from './depthwise-conv2d';
import { DotProductAttention } from './dot-product-attention';
import { graphLayerClasses } from '../graph';
import { MultiHeadAttention } from './multi-head-attention';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from './positional';
import { PatchEmbedding } from './patch-embedding';
import { TakeStep } from './take-step';
import { AdditiveAttention } from './additive-attention';
import {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
} from './global-pooling';

/**
 * Our own tfjs layer classes, registered with tfjs's serialization so a model.json that
 * names them loads with tf.loadLayersModel. Import this one module, once, anywhere a model
 * is built or loaded; every custom class is registered here and nowhere else.
 */
tf.serialization.registerClass(FastLayerNormalization);
// Replaces tfjs's own Orthogonal (same class name, same config) with a fast one.
tf.serialization.registerClass(FastOrthogonal);
// Replace tfjs's own recurrent layers (same class names, configs and weights) with fused ones.
tf.serialization.registerClass(FastLSTM);
tf.serialization.registerClass(FastGRU);
tf.serialization.registerClass(FastSimpleRNN);
tf.serialization.registerClass(ResetAfterGRUCell);
tf.serialization.registerClass(ResetAfterGRU);
tf.serialization.registerClass(EluWithAlpha);
// Replaces tfjs's 'gelu' activation (same name and config) with the one-kernel GELU where a backend has it.
tf.serialization.registerClass(FusedGelu);
tf.serialization.registerClass(SeparableConv2DSavingDepthMultiplier);
tf.serialization.registerClass(Conv1DWithCausalPadding);
tf.serialization.registerClass(Conv2DWithTrainableDilation);
tf.serialization.registerClass(DepthwiseConv2DWithDilation);
tf.serialization.registerClass(DotProductAttention);
for (const graphLayerClass of graphLayerClasses) tf.serialization.registerClass(graphLayerClass);
tf.serialization.registerClass(MultiHeadAttention);
tf.serialization.registerClass(LearnedPositionalEmbedding);
tf.serialization.registerClass(SinusoidalPositionalEncoding);
tf.serialization.registerClass(PatchEmbedding);
tf.serialization.registerClass(TakeStep);
tf.serialization.registerClass(AdditiveAttention);
tf.serialization.registerClass(GlobalAveragePooling1DKeepingDims);
tf.serialization.registerClass(GlobalMaxPooling1DKeepingDims);
tf.serialization.registerClass(GlobalAveragePooling2DKeepingDims);
tf.serialization.registerClass(GlobalMaxPooling2DKeepingDims);

export {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
};
export { FastGRU, FastLSTM, FastSimpleRNN };
export { Conv1DWithCausalPadding, Conv2DWithTrainableDilation, DepthwiseConv2DWithDilation, DotProductAttention, EluWithAlpha, FastLayerNormalization, FastOrthogonal, ResetAfterGRU, ResetAfterGRUCell, SeparableConv2DSavingDepthMultiplier };
export { AdditiveAttention, LearnedPositionalEmbedding, MultiHeadAttention, PatchEmbedding, SinusoidalPositionalEncoding, TakeStep };
