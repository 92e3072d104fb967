import type { TFunction } from 'i18next';
import type { Problem } from '../../../shared/graph/analyze';
import { shapeErrorText } from './shape-error-text';
import { zodIssueText } from './zod-locale';

/**
 * A validation problem in the interface language, from its code and params. The keys are
 * spelled out (not built from the code) so the locale test sees each one used. A problem
 * this table does not know yet keeps the validator's English message.
 */
export function problemText(t: TFunction, problem: Pick<Problem, 'code' | 'params' | 'message' | 'shapeError' | 'issue'>): string {
  const p = problem.params ?? {};
  switch (problem.code) {
    case 'duplicate-name':
      return t('problems.duplicateName', p);
    case 'unknown-type':
      return t('problems.unknownType', p);
    case 'invalid-param':
      return t('problems.invalidParam', problem.issue ? { ...p, detail: zodIssueText(problem.issue) } : p);
    case 'cycle':
      return t('problems.cycle', p);
    case 'unconnected-input':
      return p.reason === 'port' ? t('problems.unconnectedPort', p) : t('problems.unconnectedInput', p);
    case 'too-many-inputs':
      return t('problems.tooManyInputs', p);
    case 'no-input':
      return t('problems.noInput');
    case 'no-output':
      return t('problems.noOutput');
    case 'bad-edge':
      switch (p.reason) {
        case 'missing-layer':
          return t('problems.missingLayer', p);
        case 'no-such-output':
          return t('problems.noSuchOutput', p);
        case 'no-such-input':
          return t('problems.noSuchInput', p);
        case 'not-produced':
          return t('problems.notProduced', p);
      }
      break;
    case 'shared-weights':
      switch (p.reason) {
        case 'missing-owner':
          return t('problems.missingOwner', p);
        case 'different-type':
          return t('problems.differentType', p);
        case 'owner-shares':
          return t('problems.ownerShares', p);
      }
      break;
    case 'too-large':
      return p.reason === 'activations' ? t('problems.tooLargeActivations', p) : t('problems.tooLargeParameters', p);
    case 'dtype-mismatch':
      return p.reason === 'needs-ids' ? t('problems.dtypeNeedsIds', p) : t('problems.dtypeNeedsFloat', p);
    case 'shape-mismatch':
      if (p.reason === 'shared-input') return t('problems.sharedInput', p);
      if (p.reason === 'layer') return t('problems.shapeMismatch', problem.shapeError ? { ...p, detail: shapeErrorText(t, problem.shapeError) } : p);
      break;
    case 'objective-missing':
      return p.reason === 'no-dataset' ? t('problems.objectiveMissingNoDataset', p) : t('problems.objectiveMissing', p);
    case 'input-unbound':
      switch (p.reason) {
        case 'unbound':
          return t('problems.inputUnbound', p);
        case 'no-dataset':
          return t('problems.inputUnboundNoDataset', p);
        case 'field-missing':
          return t('problems.inputFieldMissing', p);
      }
      break;
    case 'target-missing':
      return t('problems.targetMissing', p);
    case 'target-shape':
      return targetShapeText(t, p);
    case 'loss-misfit':
      switch (p.reason) {
        case 'softmax-one-unit':
          return t('problems.lossSoftmaxOneUnit', p);
        case 'categorical-one-unit':
          return t('problems.lossCategoricalOneUnit', p);
        case 'crossentropy-unbounded':
          return t('problems.lossCrossentropyUnbounded', p);
        case 'crossentropy-numbers':
          return t('problems.lossCrossentropyNumbers', p);
      }
      break;
    case 'gan-role':
      return ganRoleText(t, p) ?? problem.message;
    case 'gan-shape':
      if (p.against === 'discriminator') return t('problems.ganShapeDiscriminator', p);
      if (p.against === 'data') return p.actual === undefined ? t('problems.ganShapeNoField', p) : t('problems.ganShapeData', p);
      break;
    case 'gan-discriminator-output':
      switch (p.reason) {
        case 'units':
          return t('problems.ganDiscriminatorUnits', p);
        case 'activation':
          return t('problems.ganDiscriminatorActivation', p);
        case 'hinge-probability':
          return t('problems.ganDiscriminatorHinge', p);
      }
      break;
  }
  return problem.message;
}

/** The end of a GAN player a mark names, as the sentences about it say it. */
function ganRoleWords(t: TFunction, role: unknown): string | null {
  switch (role) {
    case 'generator-input':
      return t('problems.ganRoleWords.generatorInput');
    case 'generator-output':
      return t('problems.ganRoleWords.generatorOutput');
    case 'discriminator-input':
      return t('problems.ganRoleWords.discriminatorInput');
    case 'discriminator-output':
      return t('problems.ganRoleWords.discriminatorOutput');
  }
  return null;
}

/** A GAN mark that names no node, the wrong kind of node, or networks drawn wrong; null for a reason this table does not know. */
function ganRoleText(t: TFunction, p: Problem['params']): string | null {
  const role = ganRoleWords(t, p.role);
  switch (p.reason) {
    case 'missing':
      return role && t('problems.ganRoleMissing', { ...p, role });
    case 'not-input':
      return role && t('problems.ganRoleNotInput', { ...p, role });
    case 'not-output':
      return role && t('problems.ganRoleNotOutput', { ...p, role });
    case 'apart': {
      const input = ganRoleWords(t, p.role === 'generator-output' ? 'generator-input' : 'discriminator-input');
      return t('problems.ganRoleApart', { ...p, input });
    }
    case 'joined':
      return t('problems.ganRoleJoined', p);
    case 'outside':
      return t('problems.ganRoleOutside', p);
  }
  return null;
}

/** A target of the wrong shape: the sentence names the field unless it is the label (`params.field` absent), the hint says what to change. */
function targetShapeText(t: TFunction, p: Problem['params']): string {
  const named = p.field !== undefined;
  if (p.hint === 'classes') return named ? t('problems.targetClassesOf', p) : t('problems.targetClasses', p);
  if (p.hint === 'one-hot') return named ? t('problems.targetOneHotOf', p) : t('problems.targetOneHot', p);
  const hint = p.hint === 'valid-padding' ? t('problems.targetHintValidPadding', p) : p.hint === 'indices' ? t('problems.targetHintIndices') : '';
  return named ? t('problems.targetShapeOf', { ...p, hint }) : t('problems.targetShape', { ...p, hint });
}
