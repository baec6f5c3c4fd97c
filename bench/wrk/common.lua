-- Shared by the wrk scripts of bench/run.sh. Every wrk thread drives one connection (run wrk with -t equal
-- to -c), so that thread n can stand for client n: it takes line n of the file BENCH_SESSIONS
-- ("sessionId token" per line), or every line in turn with BENCH_CYCLE=1.
-- done() appends one JSON line about the run, named BENCH_LABEL, to BENCH_RESULTS.

local function read_sessions(path)
   local sessions = {}
   for line in io.lines(path) do
      local id, token = line:match("^(%S+)%s+(%S+)")
      if id then
         sessions[#sessions + 1] = { id = id, token = token }
      end
   end
   return sessions
end

local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("thread_number", threads)
end

sessions = read_sessions(os.getenv("BENCH_SESSIONS"))
cycle = os.getenv("BENCH_CYCLE") == "1"

function own_session()
   return sessions[((thread_number or 1) - 1) % #sessions + 1]
end

local turn = 0

function next_session()
   if cycle then
      turn = turn % #sessions + 1
      return sessions[turn]
   end
   return own_session()
end

function done(summary, latency, requests)
   local errors = summary.errors
   local line = string.format(
      '{"label":"%s","connections":%s,"requests":%d,"seconds":%.3f,"rps":%.2f,' ..
      '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
      '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
      os.getenv("BENCH_LABEL") or "run", os.getenv("BENCH_CONNECTIONS") or "null",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, latency.mean / 1000,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout)
   local results = os.getenv("BENCH_RESULTS")
   if results then
      local file = assert(io.open(results, "a"))
      file:write(line)
      file:close()
   end
   io.write(line)
end
