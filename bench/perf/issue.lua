-- POST /api/tickets (staff issue) with a new email in every request (admin token: no rate limit).
--   PERF_TOKEN  the admin token; PERF_RUN  a word that makes the emails unique to this run
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PERF_TOKEN")

local run = os.getenv("PERF_RUN")
local n = 0

function request()
    n = n + 1
    local who = tid .. "-" .. n
    return wrk.format(nil, nil, nil,
        '{"name":"Perf Guest ' .. who .. '","email":"perf-' .. run .. '-' .. who .. '@example.com"}')
end
