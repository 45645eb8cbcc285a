-- GET /t/{code}/qr.png with a different ticket code in every request (so no cache can answer).
--   PERF_CODES  file with one code per line
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

local codes = {}
local next_index

function init(args)
    for line in io.lines(os.getenv("PERF_CODES")) do
        codes[#codes + 1] = line
    end
    next_index = tid
end

function request()
    local code = codes[(next_index % #codes) + 1]
    next_index = next_index + nthreads
    return wrk.format("GET", "/t/" .. code .. "/qr.png")
end
