import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { formatFigure, ganLossesText, metricShortName, panelTitle, runHeadline, runResult } from './run-figures';

describe('runHeadline', () => {
  it('is the accuracy of a run that has one, validation first', () => {
    expect(runHeadline({ loss: 0.3, acc: 0.9, val_loss: 0.4, val_acc: 0.85 })).toEqual({ key: 'acc', output: null, metric: 'acc', value: 0.85 });
  });

  it('is the first output’s main figure in a run of several outputs', () => {
    const logs = { loss: 2, species_loss: 1, species_acc: 0.8, body_mass_g_loss: 1, body_mass_g_mae: 0.3, val_loss: 2.1, val_species_loss: 1, val_species_acc: 0.75 };
    expect(runHeadline(logs)).toEqual({ key: 'species_acc', output: 'species', metric: 'acc', value: 0.75 });
    expect(runHeadline({ loss: 1, mask_loss: 0.5, mask_iou: 0.6, image_loss: 0.5, image_psnr: 21 })).toMatchObject({ key: 'mask_iou', value: 0.6 });
  });

  it('is the figure of a one-output run without accuracy, else its loss', () => {
    expect(runHeadline({ loss: 0.01, psnr: 24.5 })).toMatchObject({ key: 'psnr', metric: 'psnr', value: 24.5 });
    expect(runHeadline({ loss: 0.5, val_loss: 0.6 })).toEqual({ key: 'loss', output: null, metric: 'loss', value: 0.6 });
    expect(runHeadline({ loss: 2, a_loss: 1, b_loss: 1 })).toMatchObject({ key: 'loss', value: 2 });
    expect(runHeadline({})).toBeNull();
  });
});

describe('figures for a person', () => {
  it('say accuracy as a percentage and PSNR in dB', () => {
    expect(formatFigure('acc', 0.931, 'en')).toBe('93.1%');
    expect(formatFigure('psnr', 24.53, 'en')).toBe('24.5 dB');
    expect(formatFigure('perplexity', 3.14159, 'en')).toBe('3.142');
  });

  it('name each figure of a chart with its output and unit, in English and Chinese', () => {
    const en = i18n.getFixedT('en');
    const zh = i18n.getFixedT('zh-CN');
    expect(panelTitle(en, { output: null, metric: 'acc' })).toBe('Accuracy');
    expect(panelTitle(en, { output: 'image', metric: 'psnr' })).toBe('image · PSNR (dB)');
    expect(panelTitle(zh, { output: 'mask', metric: 'iou' })).toBe('mask：交并比 IoU');
    for (const metric of ['loss', 'acc', 'mae', 'mse', 'iou', 'dice', 'psnr', 'perplexity']) {
      expect(panelTitle(zh, { output: null, metric }), metric).toMatch(/\p{Script=Han}|Dice/u);
      expect(metricShortName(zh, metric)).toBeTruthy();
    }
  });

  it('give the runs table a result for runs without accuracy, named, in English and Chinese', () => {
    const en = i18n.getFixedT('en');
    const zh = i18n.getFixedT('zh-CN');
    expect(runResult(en, { loss: 0.3, acc: 0.9, val_acc: 0.85 }, 'en')).toEqual({ text: '85.0%', title: 'Accuracy' });
    expect(runResult(en, { loss: 0.01, psnr: 24.53 }, 'en')).toEqual({ text: 'PSNR 24.5 dB', title: 'PSNR (dB)' });
    expect(runResult(en, { loss: 1, mask_loss: 0.5, mask_iou: 0.61, val_loss: 1, val_mask_loss: 0.5, val_mask_iou: 0.6 }, 'en')).toEqual({ text: 'IoU 0.600', title: 'mask · IoU (intersection over union)' });
    expect(runResult(zh, { loss: 2.3, perplexity: 9.87 }, 'zh-CN').text).toBe(`${metricShortName(zh, 'perplexity')} 9.870`);
    expect(runResult(en, { loss: 0.5, val_loss: 0.6 }, 'en')).toEqual({ text: '—', title: null });
  });
});

describe('ganLossesText', () => {
  it('says both players’ losses of a GAN run, and nothing for any other run', () => {
    const t = i18n.getFixedT('en');
    expect(ganLossesText(t, { loss: 1.3214, d_loss: 1.3214, g_loss: 0.7071, d_real: 0.5, d_fake: 0.49 }, 'en')).toBe('D 1.321 · G 0.707');
    expect(ganLossesText(t, { loss: 0.5, acc: 0.9 }, 'en')).toBeNull();
    expect(ganLossesText(t, { d_loss: NaN, g_loss: 1 }, 'en')).toBeNull();
  });
});
