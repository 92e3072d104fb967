import type { DatasetReference } from '../../../shared/data/reference';
import { INPUT_FIELD, TARGET_FIELD } from '../../../shared/data/fields';
import type { FieldChoices } from './bindings-view';

/**
 * The fields the training panel offers for a dataset: every set has `x` (what the model
 * reads) and `y` (the label). Until the dataset references describe their own fields, that
 * is all it knows before the data is read, so problems that need the fields' shapes wait
 * for training. The one place to switch when they do.
 */
export function referenceFieldChoices(_dataset: DatasetReference | null): FieldChoices {
  return { names: [INPUT_FIELD, TARGET_FIELD], descriptions: null };
}
