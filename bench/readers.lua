-- wrk script: readers arriving at a fixed rate (an open loop), not as fast as the server
-- answers. Run it with one connection a thread (-tN -cN): wrk's delay(), request() and
-- response() know their thread, not their connection, so one connection a thread keeps
-- each answer paired with its request.
--
-- Each thread sends on a schedule of its own, BENCH_RATE / BENCH_WRK_THREADS requests a
-- second, the threads staggered. A request whose slot came while the connection still
-- waited for the previous answer goes at once, and its latency counts from its slot, not
-- from when it went (a stalled server is not excused by the requests it kept from being
-- sent: "coordinated omission"); the others count from when they went, so that the
-- timer's millisecond does not add to every figure. BENCH_PATHS (comma-separated) are
-- asked in turn. done() writes every latency, in microseconds, one a line, to the file
-- named by BENCH_LATENCIES, and prints how many requests went late and the seconds the
-- answers took at the rate achieved: each thread's answers over the time from its first
-- request to its last answer, plus one interval (wrk's own time runs to its next tick).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

function init(args)
  local rate = tonumber(os.getenv("BENCH_RATE"))
  interval = 1e6 * tonumber(os.getenv("BENCH_WRK_THREADS")) / rate
  stagger = 1e6 * (index - 1) / rate
  paths = {}
  for path in os.getenv("BENCH_PATHS"):gmatch("[^,]+") do table.insert(paths, path) end
  latencies = {}
  late = 0
  asked = 0
end

-- Called when the connection is free to send again: just after an answer, or connected.
function delay()
  free_at = now_us()
  slot = slot and slot + interval or free_at + stagger
  return math.max(0, math.floor((slot - free_at) / 1000))
end

-- Also called once before the run starts, by wrk itself, to check the request.
function request()
  if slot and free_at > slot then
    start = slot
    late = late + 1
  else
    start = now_us()
  end
  asked = asked + 1
  first_sent = first_sent or start
  return wrk.format(nil, paths[asked % #paths + 1])
end

function response(status, headers, body)
  last_answer = now_us()
  table.insert(latencies, last_answer - start)
end

function done(summary, latency, requests)
  local output = io.open(os.getenv("BENCH_LATENCIES"), "w")
  local answered, late, rate = 0, 0, 0
  for _, thread in ipairs(threads) do
    local values = thread:get("latencies")
    for _, value in ipairs(values) do
      output:write(string.format("%d\n", value))
    end
    if #values > 0 then
      local span = thread:get("last_answer") - thread:get("first_sent") + thread:get("interval")
      rate = rate + #values / span * 1e6
    end
    answered = answered + #values
    late = late + thread:get("late")
  end
  output:close()
  io.write(string.format("late %d\n", late))
  io.write(string.format("seconds %.6f\n", rate > 0 and answered / rate or 0))
end
