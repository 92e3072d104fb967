/**
 * Our own tfjs layer classes. Importing them registers nothing with tfjs: a process that
 * builds or loads models with them calls registerLayerClasses() (register.ts) once.
 */
import { EluWithAlpha } from './elu-with-alpha';
import { FastLayerNormalization } from './layer-normalization';
import { FastOrthogonal } from './orthogonal';
import { FastGRU, FastLSTM, FastSimpleRNN } from './fast-recurrent';
import { ResetAfterGRU, ResetAfterGRUCell } from './reset-after-gru';
import { SeparableConv2DSavingDepthMultiplier } from './separable-conv2d';
import { Conv1DWithCausalPadding } from './causal-conv1d';
import { Conv2DWithTrainableDilation } from './conv2d';
import { DepthwiseConv2DWithDilation } from './depthwise-conv2d';
import { DotProductAttention } from './dot-product-attention';
import { MultiHeadAttention } from './multi-head-attention';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from './positional';
import { PatchEmbedding } from './patch-embedding';
import { TakeStep } from './take-step';
import { AdditiveAttention } from './additive-attention';
import { FixedBatchNormalization } from './batch-normalization';
import {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
} from './global-pooling';

export {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
};
export { FastGRU, FastLSTM, FastSimpleRNN };
export { Conv1DWithCausalPadding, Conv2DWithTrainableDilation, DepthwiseConv2DWithDilation, DotProductAttention, EluWithAlpha, FastLayerNormalization, FastOrthogonal, ResetAfterGRU, ResetAfterGRUCell, SeparableConv2DSavingDepthMultiplier };
export { AdditiveAttention, FixedBatchNormalization, LearnedPositionalEmbedding, MultiHeadAttention, PatchEmbedding, SinusoidalPositionalEncoding, TakeStep };
export { layerClassesRegistered, OUR_LAYER_CLASSES, registerLayerClasses, STAND_IN_CLASSES } from './register';
