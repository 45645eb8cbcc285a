-- Shared by the perf scripts (loaded with dofile): counts answers by HTTP status in every wrk
-- thread and, at the end, prints one machine-readable line that PerfRun parses:
--   PERF_WRK requests=.. duration_us=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=.. errors.. s201=.. s429=..
-- Each thread gets "tid" (0-based) and "nthreads" so scripts can share out distinct inputs.

local threads = {}
local nthreads = tonumber(os.getenv("PERF_THREADS") or "1")

function setup(thread)
    thread:set("tid", #threads)
    thread:set("nthreads", nthreads)
    table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local counts = {}
    for _, t in ipairs(threads) do
        local s = t:get("statuses") or {}
        for code, n in pairs(s) do
            counts[code] = (counts[code] or 0) + n
        end
    end
    local e = summary.errors
    io.write(string.format(
        "PERF_WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f"
            .. " connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, latency.mean,
        e.connect, e.read, e.write, e.status, e.timeout))
    for code, n in pairs(counts) do
        io.write(string.format(" s%d=%d", code, n))
    end
    io.write("\n")
end

-- Ticket codes from the file named by PERF_CODES, shared out between threads: call
-- load_codes() from init(), then next_code() gives this thread's next one (wrapping around).
local codes = {}
local next_index

function load_codes()
    for line in io.lines(os.getenv("PERF_CODES")) do
        codes[#codes + 1] = line
    end
    next_index = tid
end

function next_code()
    local code = codes[(next_index % #codes) + 1]
    next_index = next_index + nthreads
    return code
end
