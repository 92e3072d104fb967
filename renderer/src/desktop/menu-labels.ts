import type { TFunction } from 'i18next';
import type { MenuLabels } from '../../../shared/desktop-menu';

/**
 * The native menus' labels in the page's language. The desktop host has no translations of
 * its own: the page sends these with its window state. Each key is written out (not built
 * from the id) so the locale test sees it used.
 */
export function menuLabels(t: TFunction): MenuLabels {
  return {
    file: t('menu.file'),
    edit: t('menu.edit'),
    view: t('menu.view'),
    train: t('menu.train'),
    window: t('menu.window'),
    help: t('menu.help'),
    new: t('menu.new'),
    open: t('menu.open'),
    openRecent: t('menu.openRecent'),
    save: t('menu.save'),
    saveAs: t('menu.saveAs'),
    importDataset: t('menu.importDataset'),
    importModel: t('menu.importModel'),
    exportModel: t('menu.exportModel'),
    undo: t('menu.undo'),
    redo: t('menu.redo'),
    cut: t('menu.cut'),
    copy: t('menu.copy'),
    paste: t('menu.paste'),
    duplicate: t('menu.duplicate'),
    delete: t('menu.delete'),
    selectAll: t('menu.selectAll'),
    zoomIn: t('menu.zoomIn'),
    zoomOut: t('menu.zoomOut'),
    fitView: t('menu.fitView'),
    toggleTheme: t('menu.toggleTheme'),
    togglePalette: t('menu.togglePalette'),
    toggleInspector: t('menu.toggleInspector'),
    toggleTraining: t('menu.toggleTraining'),
    language: t('menu.language'),
    trainStart: t('menu.trainStart'),
    trainPause: t('menu.trainPause'),
    trainStep: t('menu.trainStep'),
    trainStop: t('menu.trainStop'),
    noRecent: t('menu.noRecent'),
    quit: t('menu.quit'),
    about: t('menu.about'),
    documentation: t('menu.documentation'),
    hide: t('menu.hide'),
    hideOthers: t('menu.hideOthers'),
    showAll: t('menu.showAll'),
    services: t('menu.services'),
    minimize: t('menu.minimize'),
    zoomWindow: t('menu.zoomWindow'),
    bringAllToFront: t('menu.bringAllToFront'),
    close: t('menu.close'),
    unsavedTitle: t('menu.unsavedTitle'),
    unsavedDetail: t('menu.unsavedDetail'),
    dontSave: t('menu.dontSave'),
    cancel: t('menu.cancel'),
    crashedTitle: t('menu.crashedTitle'),
    crashedDetail: t('menu.crashedDetail'),
  };
}
