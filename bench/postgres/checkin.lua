-- POST /api/checkins with a different ticket code and a nonce of its own in every request, as a
-- kiosk sends them (admin token: no rate limit, so the row measures the server, not the limit).
--   PERF_CODES  file with one code per line; PERF_TOKEN  the admin token
--   PERF_RUN    seeds the nonces, different for each wrk process of a run
-- The nonce is random like the kiosk's crypto.randomUUID(): a counter would put every new nonce at
-- the end of the index scans_nonce, on one page, which under SERIALIZABLE is a conflict of its own.
-- When the codes run out the script starts over, and those repeats answer 200 already_redeemed
-- instead of 201 (PgBench counts only the 201s).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../perf/wrk-common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PERF_TOKEN")

local run = os.getenv("PERF_RUN")

function init(args)
    load_codes()
    local seed = tid * 7919
    for i = 1, #run do
        seed = (seed * 31 + run:byte(i)) % 2147483647
    end
    math.randomseed(seed)
end

local function uuid()
    return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
        local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
        return string.format("%x", v)
    end))
end

function request()
    return wrk.format(nil, nil, nil, '{"code":"' .. next_code() .. '","nonce":"' .. uuid() .. '"}')
end
