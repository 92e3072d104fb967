import { lazyChart } from '../charts/lazy-chart';

// The training panel's charts, loaded with the first one shown (recharts stays out of the editor's start).
export const TrainingCharts = lazyChart(() => import('./TrainingCharts').then((m) => m.TrainingCharts));
export const GanCharts = lazyChart(() => import('./GanCharts').then((m) => m.GanCharts));
export const GanViews = lazyChart(() => import('./GanViews').then((m) => m.GanViews));
export const RunsList = lazyChart(() => import('./RunsList').then((m) => m.RunsList));
export const RegressionPlot = lazyChart(() => import('./RegressionPlot').then((m) => m.RegressionPlot));
export const EmbeddingsView = lazyChart(() => import('./embeddings/EmbeddingsView').then((m) => m.EmbeddingsView));
