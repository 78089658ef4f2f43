/**
 * A sample's signal plotted with uPlot (one series per sensor against time), sized to its container
 * and redrawn at the new width when the window changes. The charts on the page are kept in
 * {@link charts} so that tests (and a curious person in the console) can read the data that was drawn.
 * @module
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from './sample-decode.js';

/** Colours distinguishable with the common colour-vision deficiencies (Okabe & Ito, 2008). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** The uPlot instances currently on the page. */
export const charts: uPlot[] = [];

export function plot(container: HTMLElement, timeMs: number[], series: Series[]): uPlot {
  charts.splice(0).forEach((c) => c.destroy());
  const width = () => Math.max(280, container.clientWidth);
  const u = new uPlot(
    {
      width: width(),
      height: 320,
      scales: { x: { time: false } },
      axes: [{ label: 'time (ms)' }, {}],
      series: [{ label: 'time (ms)' }, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    },
    [timeMs, ...series.map((s) => s.values)],
    container,
  );
  charts.push(u);
  const onResize = () => {
    if (!container.isConnected) {
      window.removeEventListener('resize', onResize);
      return;
    }
    u.setSize({ width: width(), height: 320 });
  };
  window.addEventListener('resize', onResize);
  return u;
}
