-- GET the URL given to wrk, counting answers by status (the in-run reference: GET /api/event).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")
