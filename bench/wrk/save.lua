-- POST /api/workshop/save with a text of about BENCH_TEXT_BYTES (1000) characters, different every time,
-- at a random step of 1..BENCH_STEPS (10); with BENCH_SAME_STEP=1 always at step 1 (contention).
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

local steps = tonumber(os.getenv("BENCH_STEPS") or "10")
local same_step = os.getenv("BENCH_SAME_STEP") == "1"
local filler = string.rep("The participant keeps typing into the workshop form. ",
   math.ceil(tonumber(os.getenv("BENCH_TEXT_BYTES") or "1000") / 53)):sub(1, tonumber(os.getenv("BENCH_TEXT_BYTES") or "1000") - 24)
local counter = 0

function init(args)
   math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
   local session = next_session()
   counter = counter + 1
   local step = same_step and 1 or math.random(steps)
   local body = string.format('{"sessionId":"%s","stepNumber":%d,"responseText":"%08d %06d %s"}',
      session.id, step, counter, math.random(999999), filler)
   return wrk.format("POST", "/api/workshop/save",
      { ["Authorization"] = "Bearer " .. session.token, ["Content-Type"] = "application/json" }, body)
end
