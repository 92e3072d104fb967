import type { DatasetReference } from '../../../shared/data/reference';
import { INPUT_FIELD, TARGET_FIELD } from '../../../shared/data/fields';
import type { TargetHint } from '../../../shared/data/targets';
import type { FieldChoices } from './bindings-view';

/**
 * The fields the training panel offers for a dataset: every set has `x` (what the model
 * reads) and `y` (the label). Until the dataset references describe their own fields, that
 * is all it knows before the data is read, so problems that need the fields' shapes wait
 * for training. The one place to switch when they do. `target` is the model's output as the
 * loaders' `auto` label encoding sees it.
 */
export function referenceFieldChoices(_dataset: DatasetReference | null, _target: TargetHint): FieldChoices {
  return { names: [INPUT_FIELD, TARGET_FIELD], descriptions: null };
}
