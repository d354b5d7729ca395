// A time-series chart on uPlot (from its WebJar) that keeps the last `points` samples.
import uPlot from '/ui/lib/uplot/dist/uPlot.esm.js';

const COLOURS = ['#1a7f37', '#cf222e', '#3b5bdb', '#9a6700'];

export function liveChart(title, seriesNames, colours = COLOURS, points = 150) {
  const data = [[], ...seriesNames.map(() => [])];
  const node = document.createElement('div');
  node.className = 'card chart';
  const plot = new uPlot({
    title, width: 560, height: 220,
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [{}, ...seriesNames.map((label, i) => ({ label, stroke: colours[i % colours.length], width: 2 }))],
  }, data, node);
  return {
    node,
    add(seconds, values) {
      data[0].push(seconds);
      values.forEach((v, i) => data[i + 1].push(v));
      if (data[0].length > points) data.forEach(column => column.shift());
      plot.setData(data);
    },
  };
}
