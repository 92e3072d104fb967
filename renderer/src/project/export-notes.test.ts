import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/graph/analyze';
import { i18n } from '../i18n';
import { ganNetworksNote, trainScriptNote } from './export-notes';

const objectiveMissing = { nodeId: 'dense_9', code: 'objective-missing', severity: 'error', message: 'dense_9 has no training objective', params: { output: 'dense_9', count: 2, fields: '"x", "y"' } } as unknown as Problem;

describe('trainScriptNote', () => {
  it('says nothing when train.py was written, or for a format without one', () => {
    const en = i18n.getFixedT('en');
    expect(trainScriptNote(en, { format: 'pytorch', trainScript: true, trainScriptMissing: null, trainingProblems: [] })).toBeNull();
    expect(trainScriptNote(en, { format: 'keras', trainScript: false, trainScriptMissing: null, trainingProblems: [objectiveMissing] })).toBeNull();
  });

  it('gives the document’s training problems, each in the interface language', () => {
    for (const language of ['en', 'zh-CN']) {
      const t = i18n.getFixedT(language);
      const note = trainScriptNote(t, { format: 'pytorch', trainScript: false, trainScriptMissing: 'training-problems', trainingProblems: [objectiveMissing] })!;
      expect(note.summary).toBe(t('exportDialog.noTrainScriptProblems', { count: 1 }));
      expect(note.problems).toHaveLength(1);
      expect(note.problems[0]).toContain('dense_9');
      expect(note.problems[0]).not.toBe(objectiveMissing.message);
    }
    expect(trainScriptNote(i18n.getFixedT('zh-CN'), { format: 'pytorch', trainScript: false, trainScriptMissing: 'training-problems', trainingProblems: [objectiveMissing] })!.problems[0]).toMatch(/\p{Script=Han}/u);
  });

  it('says when the project has no dataset, or a graph dataset train.py does not read', () => {
    const en = i18n.getFixedT('en');
    expect(trainScriptNote(en, { format: 'pytorch', trainScript: false, trainScriptMissing: 'no-dataset', trainingProblems: [] })!.summary).toMatch(/no dataset/);
    expect(trainScriptNote(en, { format: 'pytorch', trainScript: false, trainScriptMissing: 'graph-dataset', trainingProblems: [] })!.summary).toMatch(/graph dataset/);
  });
});

describe('ganNetworksNote', () => {
  it('says where each format puts a GAN’s two networks, in both languages, and nothing for another model', () => {
    for (const language of ['en', 'zh-CN']) {
      const t = i18n.getFixedT(language);
      expect(ganNetworksNote(t, { format: 'tfjs', ganNetworks: true })).toMatch(/generator\/.*discriminator\//);
      expect(ganNetworksNote(t, { format: 'pytorch', ganNetworks: true })).toMatch(/Generator.*Discriminator/);
      expect(ganNetworksNote(t, { format: 'keras', ganNetworks: true })).toMatch(/build_generator\(\).*build_discriminator\(\)/);
      expect(ganNetworksNote(t, { format: 'tfjs', ganNetworks: false })).toBeNull();
    }
  });
});
