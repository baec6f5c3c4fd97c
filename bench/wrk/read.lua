-- GET /api/workshop/{sessionId} of the thread's session (or each in turn with BENCH_CYCLE=1).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function request()
   local session = next_session()
   return wrk.format("GET", "/api/workshop/" .. session.id, { ["Authorization"] = "Bearer " .. session.token })
end
