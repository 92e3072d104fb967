import type { InterfaceLanguage } from '../languages';

/**
 * A layer doc that teaches, in one language. Prose may hold inline TeX between `$…$`;
 * `formula` is display TeX.
 */
export interface LayerDocText {
  /** What the layer computes, in a sentence or two. */
  what: string;
  formula?: string;
  /** The parameters that matter most and what turning them does. */
  params?: string;
  /** How the output shape follows from the input shape. */
  shape: string;
  /** When to reach for it (and when not to). */
  use: string;
}

/** The interface languages other than English: the spec's own `label` and `doc` are the English ones. */
export type TranslatedLanguage = Exclude<InterfaceLanguage, 'en'>;

/** The palette's name for a kind and its one-line doc. */
export interface KindName {
  label: string;
  doc: string;
}

/** A kind's docs face (`kinds/<folder>/docs.ts`): everything a person reads about it, in every interface language. */
export interface KindDocs {
  type: string;
  /** The label and one-line doc in each language but English, which the spec carries. */
  palette: Record<TranslatedLanguage, KindName>;
  /** The "About this layer" text. */
  teaching: Record<InterfaceLanguage, LayerDocText>;
}
