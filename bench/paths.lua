-- wrk script: GET paths drawn at random from the file named by the PATHS
-- environment variable (one path per line), so every request asks for a
-- different stored id or search word, as real clients would.
local paths = {}

function init(args)
   for line in io.lines(os.getenv("PATHS")) do
      if #line > 0 then paths[#paths + 1] = line end
   end
   assert(#paths > 0, "PATHS names an empty file")
   -- Threads start in the same second: mix in the table's address too.
   math.randomseed(os.time() + tonumber(tostring(paths):match("0x(%x+)") or "0", 16))
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end
