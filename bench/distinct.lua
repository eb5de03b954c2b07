-- wrk script: every request a distinct address, so neither the page cache nor the cached
-- count of a list can answer it. Arguments: the path, then optionally queries separated by
-- "|" that are appended to the path in turn (the search storm).
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  path = args[1]
  queries = {}
  for query in string.gmatch(args[2] or "", "[^|]+") do
    table.insert(queries, query)
  end
  n = 0
end

function request()
  n = n + 1
  local address = path
  if #queries > 0 then
    address = address .. queries[(n * 7 + id * 13) % #queries + 1]
  end
  local separator = string.find(address, "?", 1, true) and "&" or "?"
  return wrk.format("GET", address .. separator .. "n=" .. id .. "-" .. n)
end
