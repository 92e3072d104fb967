/**
 * Our own tfjs layer classes. Importing them registers nothing with tfjs: a process that
 * builds or loads models with them calls registerLayerClasses() (register.ts) once.
 */
import { FastLayerNormalization } from './layer-normalization';
import { FastOrthogonal } from './orthogonal';
import { FastGRU, FastLSTM, FastSimpleRNN } from './fast-recurrent';
import { ResetAfterGRU, ResetAfterGRUCell } from './reset-after-gru';
import { MultiHeadAttention } from './multi-head-attention';
import { LearnedPositionalEmbedding, SinusoidalPositionalEncoding } from './positional';

export { FastGRU, FastLSTM, FastSimpleRNN };
export { FastLayerNormalization, FastOrthogonal, ResetAfterGRU, ResetAfterGRUCell };
export { LearnedPositionalEmbedding, MultiHeadAttention, SinusoidalPositionalEncoding };
export { layerClassesRegistered, OUR_LAYER_CLASSES, registerLayerClasses, STAND_IN_CLASSES } from './register';
