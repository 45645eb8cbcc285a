// "Arrivals at the main door": the chart (chart.js), redrawn on every snapshot, when its box is
// resized, and twice a minute so its "now" line moves.
import {byId} from '/js/dom.js';
import {drawArrivals} from '/dashboard/chart.js';

const NOW_MOVES_MS = 30000;

/** state() => {clock, arrivals, agenda, now}, or null while there is nothing to draw. */
export function mountChart(state) {
    const svg = byId('arrivals-chart');

    function draw() {
        const s = state();
        if (s && !byId('board').hidden) {
            drawArrivals(svg, s);
        }
    }

    new ResizeObserver(() => requestAnimationFrame(draw)).observe(svg.parentElement);
    setInterval(draw, NOW_MOVES_MS);
    return {draw};
}
