import { digitCompareLua } from "./digitCompare.lua.js";

/**
 * Runs a BitmapQuery (see bitmapQuery.ts) on one shard: BITOPs into temporary keys under the
 * shard's hash tag, then BITCOUNT or a page of ordinals via BITPOS, mapped to ids with HMGET.
 * Temporaries are deleted before returning; the script never writes anything else.
 *
 * KEYS[1] the shard's `meta` key (routes the script to the shard's slot).
 * ARGV[1] the view prefix, ARGV[2] the program as JSON, ARGV[3] 'count' or 'page',
 * ARGV[4] the ordinal after which a page starts, ARGV[5] the page size.
 * Returns the count, or {ordinals, ids}.
 */
export const bitmapQueryLua = `
local P = ARGV[1]
local program = cjson.decode(ARGV[2])
local temps = {}
local empty = P .. 't:empty'
local all = P .. 'v:all'
local owned = {}
local function bitop(op, ...)
  local dest = P .. 't:' .. (#temps + 1)
  temps[#temps + 1] = dest
  owned[dest] = true
  redis.call('BITOP', op, dest, ...)
  return dest
end
-- Results this script made can take the next step's result in place (see scratch below).
local function reuse(first, op, ...)
  if owned[first] then
    redis.call('BITOP', op, first, ...)
    return first
  end
  return bitop(op, ...)
end
-- A BITOP with a missing or empty source runs Redis' byte-at-a-time loop instead of its word
-- loop (an order of magnitude slower over 125 KB), so empty sets never reach one: they empty an
-- AND or drop out of an OR. Absent results are \`nil\` below.
local function present(key) return key ~= nil and redis.call('STRLEN', key) > 0 end
-- result OP keys..., at most 16 sources per BITOP (the word loop's limit: a 17th source took a
-- 125 KB OR from 0.09 to 1.6 ms); \`into\` names the key a new result goes to (default a fresh
-- temporary).
local function fold(result, op, keys, into)
  local kept = {}
  for _, key in ipairs(keys) do
    if present(key) then kept[#kept + 1] = key
    elseif op == 'AND' then return nil end
  end
  if not present(result) then
    if op == 'AND' or #kept == 0 then return nil end
    result = table.remove(kept, 1)
  end
  for first = 1, #kept, 15 do
    local sources = {result}
    for i = first, math.min(first + 14, #kept) do sources[#sources + 1] = kept[i] end
    if into and not owned[result] then
      redis.call('BITOP', op, into, unpack(sources))
      result = into
    else
      result = reuse(result, op, unpack(sources))
    end
  end
  return result
end
-- eq's intermediate set goes to one scratch key, rewritten in place: a BITOP into an existing
-- key reuses the block the allocator just freed, while fresh 125 KB keys cost ~5x more at a
-- million entities.
local scratch = P .. 't:scratch'
temps[#temps + 1] = scratch
${digitCompareLua}
-- Order lines per UTC day (see indexEntity.lua.ts): only the days in range are read, and the
-- edge days' records are compared by score, so the edges stay exact.
local function scan(key, min, max, negated, among)
  local wanted = {}
  for _, value in ipairs(among) do wanted[value] = true end
  local dest = P .. 't:' .. (#temps + 1)
  temps[#temps + 1] = dest
  redis.call('SET', dest, '')
  local days = redis.call('ZRANGEBYSCORE', P .. key .. ':days',
    math.floor(min / 86400000), math.floor(max / 86400000))
  for _, day in ipairs(days) do
    local text = redis.call('GET', P .. key .. ':' .. day) or ''
    for ordinal, field, score in string.gmatch(text, '([^\\031\\030]*)\\031([^\\031\\030]*)\\031([^\\030]*)\\030') do
      local at = tonumber(day) * 86400000 + tonumber(score)
      if at >= min and at <= max and (wanted[field] == true) ~= negated then
        redis.call('SETBIT', dest, tonumber(ordinal), 1)
      end
    end
  end
  return dest
end
local stack = {}
local function pop(count)
  local out = {}
  for i = #stack - count + 1, #stack do out[#out + 1] = stack[i] end
  for _ = 1, count do stack[#stack] = nil end
  return out
end
for _, step in ipairs(program) do
  local op = step[1]
  if op == 'V' then stack[#stack + 1] = P .. 'v:' .. step[2]
  elseif op == 'X' then stack[#stack + 1] = P .. 'x:' .. step[2]
  elseif op == 'GE' then stack[#stack + 1] = ge(step[2], step[3])
  elseif op == 'LE' then stack[#stack + 1] = le(step[2], step[3])
  elseif op == 'EQ' then stack[#stack + 1] = eq(step[2], step[3])
  elseif op == 'Z' then stack[#stack + 1] = scan(step[2], step[3], step[4], step[5], step[6])
  elseif op == 'AND' or op == 'OR' then
    local operands = pop(step[2])
    local first = table.remove(operands, 1)
    stack[#stack + 1] = fold(first, op, operands) or empty
  elseif op == 'NOT' then
    local within = fold(pop(1)[1], 'AND', {all})
    if within == nil then stack[#stack + 1] = all
    else stack[#stack + 1] = reuse(within, 'XOR', all, within) end
  else stack[#stack + 1] = empty end
end
local result = stack[#stack]
local reply
if ARGV[3] == 'count' then
  reply = redis.call('BITCOUNT', result)
else
  local ordinals, position, limit = {}, tonumber(ARGV[4]) + 1, tonumber(ARGV[5])
  while #ordinals < limit do
    local found = redis.call('BITPOS', result, 1, position, -1, 'BIT')
    if found < 0 then break end
    ordinals[#ordinals + 1] = found
    position = found + 1
  end
  local ids = {}
  if #ordinals > 0 then ids = redis.call('HMGET', P .. 'ids', unpack(ordinals)) end
  reply = {ordinals, ids}
end
if #temps > 0 then redis.call('DEL', unpack(temps)) end
return reply
`;
