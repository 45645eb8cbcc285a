// The arrivals chart: main-door entries per minute as SVG bars, with the agenda as labelled
// vertical lines and a "now" marker. Drawn at the element's real pixel size (so text stays
// crisp); the page redraws it when the element is resized.
//
// The time axis is the event's time of day (see event-clock.js): it runs from the earlier of
// (doors - 30 min, first arrival) to the later of (last agenda item + 30 min, last arrival).
import {formatMinute} from '/js/event-clock.js';

const SVG = 'http://www.w3.org/2000/svg';
const PAD = {top: 44, right: 16, bottom: 26, left: 40};
/** Bucket sizes in minutes: the smallest that keeps bars at least a few pixels wide. */
const BUCKETS = [1, 2, 5, 10, 15, 30, 60];
const TICKS = [15, 30, 60, 120, 180, 240];
const CHAR_PX = 7.2; // average width of a (bold) label character at the chart's font size

/**
 * @param svg      the <svg> element to draw into (its children are replaced)
 * @param clock    from createEventClock
 * @param arrivals [{minute: ISO instant, count}]
 * @param agenda   [{time: "18:30", title}]
 * @param now      the current instant (ms), for the "now" marker
 */
export function drawArrivals(svg, {clock, arrivals, agenda, now}) {
    const width = Math.max(280, Math.round(svg.clientWidth || svg.parentElement?.clientWidth || 600));
    const height = Math.max(180, Math.round(svg.clientHeight || 240));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));

    const points = arrivals.map((a) => ({at: clock.minuteOf(a.minute), count: a.count}));
    const marks = clock.placeAgenda(agenda);

    const anchors = marks.length ? marks.map((m) => m.at) : [clock.doors];
    let from = Math.min(clock.doors, anchors[0]) - 30;
    let to = anchors[anchors.length - 1] + 30;
    for (const p of points) {
        from = Math.min(from, Math.floor(p.at));
        to = Math.max(to, Math.floor(p.at) + 1);
    }
    // Whole quarter hours at both ends read better than 11:04.
    from = Math.floor(from / 15) * 15;
    to = Math.ceil(to / 15) * 15;

    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const span = to - from;
    const bucket = BUCKETS.find((b) => (plotW / (span / b)) >= 3) || 60;
    const x = (minute) => PAD.left + ((minute - from) / span) * plotW;

    // Bars: arrivals summed per bucket of the time of day.
    const bins = new Map();
    for (const p of points) {
        const start = Math.floor(p.at / bucket) * bucket;
        bins.set(start, (bins.get(start) || 0) + p.count);
    }
    const peak = Math.max(0, ...bins.values());
    const top = niceCeiling(Math.max(peak, 4));
    const y = (count) => PAD.top + plotH - (count / top) * plotH;

    const nodes = [];
    // Horizontal grid with counts.
    for (const value of [0, top / 2, top]) {
        nodes.push(el('line', {class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value)}));
        nodes.push(el('text', {class: 'axis-label', x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end'}, formatCount(value)));
    }
    // Time ticks along the bottom.
    const tick = TICKS.find((t) => (plotW / (span / t)) >= 56) || 360;
    for (let t = Math.ceil(from / tick) * tick; t <= to; t += tick) {
        nodes.push(el('line', {class: 'tick', x1: x(t), x2: x(t), y1: PAD.top + plotH, y2: PAD.top + plotH + 4}));
        nodes.push(el('text', {class: 'axis-label', x: x(t), y: height - 8, 'text-anchor': 'middle'}, formatMinute(t)));
    }
    // Bars.
    const barW = Math.max(1, (bucket / span) * plotW - (bucket / span * plotW > 4 ? 1 : 0));
    for (const [start, count] of [...bins.entries()].sort((a, b) => a[0] - b[0])) {
        const bar = el('rect', {
            class: 'bar', x: x(start), y: y(count), width: barW, height: Math.max(1, PAD.top + plotH - y(count)),
            'data-minute': formatMinute(start), 'data-count': count,
        });
        bar.append(el('title', {}, `${formatMinute(start)}${bucket > 1 ? `–${formatMinute(start + bucket)}` : ''}: ${count} ${count === 1 ? 'arrival' : 'arrivals'}`));
        nodes.push(bar);
    }
    // Agenda: a line per item; labels alternate between two rows so neighbours do not collide,
    // and shrink to the bare time when items sit close together (the legend below has the titles).
    marks.forEach((m, i) => {
        const mx = x(m.at);
        const limit = marks[i + 2] ? x(marks[i + 2].at) : width;
        const room = Math.max(0, limit - mx - 8);
        const row = i % 2;
        const full = `${m.time} ${m.title}`;
        const label = room >= 12 * CHAR_PX ? fit(full, room) : m.time;
        const line = el('line', {class: 'agenda-line', x1: mx, x2: mx, y1: PAD.top - 30 + row * 15 + 4, y2: PAD.top + plotH});
        const text = el('text', {class: 'agenda-label', x: mx + 4, y: PAD.top - 30 + row * 15 + 10, 'data-time': m.time}, label);
        text.append(el('title', {}, full));
        nodes.push(line, text);
    });
    // Now, if it is on the axis.
    if (now !== undefined) {
        const n = clock.minuteOf(now);
        if (n >= from && n <= to) {
            nodes.push(el('line', {class: 'now-line', x1: x(n), x2: x(n), y1: PAD.top, y2: PAD.top + plotH}));
            const right = x(n) > width - PAD.right - 40;
            nodes.push(el('text', {class: 'now-label', x: x(n) + (right ? -4 : 4), y: PAD.top + 12,
                'text-anchor': right ? 'end' : 'start'}, 'now'));
        }
    }
    if (points.length === 0) {
        nodes.push(el('text', {class: 'empty-label', x: PAD.left + plotW / 2, y: PAD.top + plotH / 2, 'text-anchor': 'middle'},
            'No arrivals yet'));
    }
    const total = points.reduce((sum, p) => sum + p.count, 0);
    svg.setAttribute('aria-label', `Arrivals at the main door ${bucket === 1 ? 'per minute' : `per ${bucket} minutes`}, `
        + `${formatMinute(from)} to ${formatMinute(to)}: ${total} in all${peak ? `, at most ${peak} in one bar` : ''}.`);
    svg.dataset.bucket = String(bucket);
    svg.dataset.from = formatMinute(from);
    svg.dataset.to = formatMinute(to);
    svg.replaceChildren(...nodes);
    return {bucket, from, to};
}

function el(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
        node.setAttribute(key, typeof value === 'number' ? String(Math.round(value * 10) / 10) : value);
    }
    if (text !== undefined) {
        node.textContent = text;
    }
    return node;
}

function fit(text, px) {
    const max = Math.floor(px / CHAR_PX);
    return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function niceCeiling(value) {
    for (const step of [4, 6, 8, 10, 12, 16, 20, 24, 30, 40, 50, 60, 80, 100, 120, 160, 200, 240, 300, 400, 500, 600, 800, 1000]) {
        if (value <= step) {
            return step;
        }
    }
    return Math.ceil(value / 1000) * 1000;
}

function formatCount(value) {
    return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
