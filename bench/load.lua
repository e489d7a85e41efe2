-- wrk script of bench/load: one endpoint per wrk process.
--   wrk ... -s bench/load.lua URL -- MODE TAG [ARGS...]
-- MODE post: POST /reports with the texts of files ARGS..., each made
--            distinct by a last line "load TAG-THREAD-N" (stored verbatim,
--            so the database can be checked afterwards).
-- MODE get:  GET ARGS[1], where "{id}" becomes a report id from 1 to ARGS[2].
-- done() prints one JSON line: requests, seconds, status counts, socket
-- errors and latency percentiles in microseconds; with PODIUM_LOAD_CREATED
-- set, it writes the Location of every 201 there, one a line.

local threads = {}
local next_thread = 1

function setup(thread)
   thread:set("thread_no", next_thread)
   next_thread = next_thread + 1
   table.insert(threads, thread)
end

local mode, tag, texts, path, max_id
local n = 0
statuses = {}
created = {}

function init(args)
   mode, tag = args[1], args[2]
   if mode == "post" then
      texts = {}
      for i = 3, #args do
         local f = assert(io.open(args[i], "rb"))
         table.insert(texts, f:read("*a"))
         f:close()
      end
   else
      path, max_id = args[3], tonumber(args[4] or "1")
   end
   math.randomseed(os.time() + thread_no * 7919)
end

function request()
   n = n + 1
   if mode == "post" then
      local text = texts[(n + thread_no) % #texts + 1]
      local body = text .. "\nload " .. tag .. "-" .. thread_no .. "-" .. n .. "\n"
      return wrk.format("POST", "/reports",
                        {["Content-Type"] = "text/plain; charset=utf-8"}, body)
   end
   return wrk.format("GET", (path:gsub("{id}", tostring(math.random(1, max_id)))))
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 201 then
      table.insert(created, headers["Location"] or "?")
   end
end

function done(summary, latency, requests)
   local counts = {}
   local out = os.getenv("PODIUM_LOAD_CREATED")
   local created_file = out and assert(io.open(out, "w"))
   for _, thread in ipairs(threads) do
      for status, c in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + c
      end
      if created_file then
         for _, location in ipairs(thread:get("created")) do
            created_file:write(location, "\n")
         end
      end
   end
   if created_file then
      created_file:close()
   end
   local parts = {}
   for status, c in pairs(counts) do
      table.insert(parts, string.format('"%d": %d', status, c))
   end
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "seconds": %.3f, "statuses": {%s}, "errors": {"connect": %d, '
      .. '"read": %d, "write": %d, "timeout": %d}, "p50_us": %d, "p99_us": %d, '
      .. '"max_us": %d}\n',
      summary.requests, summary.duration / 1e6, table.concat(parts, ", "), e.connect,
      e.read, e.write, e.timeout, latency:percentile(50), latency:percentile(99),
      latency.max))
end
