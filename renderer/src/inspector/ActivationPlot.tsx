import { lazyChart } from '../charts/lazy-chart';

/** The activation function's plot, loaded with the first one shown (recharts stays out of the editor's start). */
export const ActivationPlot = lazyChart(() => import('./activation-plot-chart').then((m) => m.ActivationPlot));
