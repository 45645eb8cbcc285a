// "Arriving now": main-door arrivals per minute over the last few whole minutes.

const RATE_MINUTES = 5;

/**
 * @param arrivals  the snapshot's arrivalsPerMinute [{minute: ISO instant, count}]
 * @param now       the server's time (ms)
 * @returns {count, minutes, rate}: the arrivals in the last `minutes` minutes (this one
 *          included), and the rate per minute as shown ("0", "1.4", "12")
 */
export function arrivalRate(arrivals, now) {
    const since = Math.floor(now / 60000) * 60000 - (RATE_MINUTES - 1) * 60000;
    const count = arrivals.filter((m) => Date.parse(m.minute) >= since).reduce((sum, m) => sum + m.count, 0);
    const perMinute = count / RATE_MINUTES;
    const rate = perMinute === 0 ? '0' : perMinute < 10 ? perMinute.toFixed(1) : String(Math.round(perMinute));
    return {count, minutes: RATE_MINUTES, rate};
}
