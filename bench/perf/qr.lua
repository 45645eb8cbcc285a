-- GET /t/{code}/qr.png with a different ticket code in every request (so no cache can answer).
--   PERF_CODES  file with one code per line
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

function init(args)
    load_codes()
end

function request()
    return wrk.format("GET", "/t/" .. next_code() .. "/qr.png")
end
