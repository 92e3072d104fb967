import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { LayerContext, LayerSpec, Shape } from './types';

/** What a tfjs builder may ask of the catalog: the specs, and the builders of other kinds (wrappers). */
export interface TfjsContext extends LayerContext {
  builder(type: string): AnyTfjsBuilder | undefined;
}

/**
 * How one kind becomes a tfjs layer. Not called for Input nodes (the compiler makes
 * `tf.input` from the spec's `inputSpec`).
 */
export interface TfjsBuilder<S extends z.ZodObject = z.ZodObject> {
  type: string;
  build(params: z.output<S>, name: string, inputs: Shape[], ctx: TfjsContext): tf.layers.Layer;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTfjsBuilder = TfjsBuilder<any>;

/** The builder of `spec`'s kind, with the spec's params type. */
export function tfjsBuilder<S extends z.ZodObject>(spec: LayerSpec<S>, build: TfjsBuilder<S>['build']): TfjsBuilder<S> {
  return { type: spec.type, build };
}

