-- POST /api/checkins with a different ticket code in every request (admin token: no rate limit).
--   PERF_CODES  file with one code per line; PERF_TOKEN  the admin token
-- Codes are shared out between wrk threads; when they run out the script starts over, and those
-- repeats answer 200 already_redeemed instead of 201 (PerfRun counts only the 201s).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PERF_TOKEN")

function init(args)
    load_codes()
end

function request()
    return wrk.format(nil, nil, nil, '{"code":"' .. next_code() .. '"}')
end
