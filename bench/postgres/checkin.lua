-- POST /api/checkins with a different ticket code and a nonce of its own in every request, as a
-- kiosk sends them (admin token: no rate limit, so the row measures the server, not the limit).
--   PERF_CODES  file with one code per line; PERF_TOKEN  the admin token
--   PERF_RUN    a prefix for the nonces, different for each wrk process of a run
-- When the codes run out the script starts over, and those repeats answer 200 already_redeemed
-- instead of 201 (PgBench counts only the 201s).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../perf/wrk-common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PERF_TOKEN")

local run = os.getenv("PERF_RUN")
local sent = 0

function init(args)
    load_codes()
end

function request()
    sent = sent + 1
    return wrk.format(nil, nil, nil,
        '{"code":"' .. next_code() .. '","nonce":"' .. run .. "-" .. tid .. "-" .. sent .. '"}')
end
