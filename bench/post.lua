-- wrk script for `make bench`: each request posts one comment with a token of its own.
-- bench/run.py writes the tokens, one a line, to the file named by BENCH_TOKENS; each
-- wrk thread takes every n-th of them and stops when its share is spent, so no token is
-- used twice (a reused token would be merged as a duplicate, not stored).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  local stride = tonumber(os.getenv("BENCH_WRK_THREADS"))
  local n = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if n % stride == index - 1 then table.insert(tokens, line) end
    n = n + 1
  end
  next_token = 1
  created = 0
  path = os.getenv("BENCH_POST_PATH")
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local token = tokens[next_token]
  if token == nil then
    wrk.thread:stop()
    token = tokens[#tokens]
  end
  next_token = next_token + 1
  local body = "name=Bench+reader&rating=" .. (next_token % 5 + 1) ..
    "&body=" .. encode("Comment " .. index .. "-" .. next_token .. " on the talks.") ..
    "&token=" .. encode(token)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("created") end
  io.write(string.format("created %d\n", total))
end
