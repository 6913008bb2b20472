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
local function width(part)
  return tonumber(redis.call('HGET', P .. 'meta', 'w:' .. part) or '0')
end
local function bitOf(n, i) return math.floor(n / 2 ^ i) % 2 end
local function slice(part, i) return P .. 'b:' .. part .. ':' .. i end
local function topBit(n)
  local i = 0
  while 2 ^ (i + 1) <= n do i = i + 1 end
  return i
end
-- Slices above the bound's highest 1-bit only ask "is any of them set": one multi-key OR
-- (into dest) instead of three BITOPs per slice (amounts are ~33 bits wide, bounds often ~20).
local function aboveBound(part, w, top, dest)
  if w - 1 <= top then return nil end
  local keys = {}
  for i = top + 1, w - 1 do keys[#keys + 1] = slice(part, i) end
  redis.call('BITOP', 'OR', dest, unpack(keys))
  return dest
end
-- Comparisons rewrite three scratch keys in place: writing a BITOP into an existing key reuses
-- the allocator's freed block, while ~80 fresh 125 KB keys per query cost ~5x more (page faults).
local scratch = {eq = P .. 't:eq', gt = P .. 't:gt', ones = P .. 't:ones'}
temps[#temps + 1] = scratch.eq
temps[#temps + 1] = scratch.gt
temps[#temps + 1] = scratch.ones
local function into(dest, op, ...)
  redis.call('BITOP', op, dest, ...)
  return dest
end
local function ge(part, bound)
  local exists = P .. 'x:' .. part
  if bound <= 0 then return exists end
  local w = width(part)
  if bound >= 2 ^ w then return empty end
  local low = 0
  while bitOf(bound, low) == 0 do low = low + 1 end
  local top = topBit(bound)
  local greater = aboveBound(part, w, top, scratch.gt) ~= nil
  local equal = exists
  if greater then equal = into(scratch.eq, 'XOR', exists, scratch.gt) end
  for i = top, low, -1 do
    if bitOf(bound, i) == 1 then
      equal = into(scratch.eq, 'AND', equal, slice(part, i))
    else
      into(scratch.ones, 'AND', equal, slice(part, i))
      if greater then into(scratch.gt, 'OR', scratch.gt, scratch.ones)
      else into(scratch.gt, 'OR', scratch.ones) end
      greater = true
      equal = into(scratch.eq, 'XOR', equal, scratch.ones)
    end
  end
  if greater then return bitop('OR', scratch.gt, equal) end
  if equal == exists then return exists end
  return bitop('OR', equal)
end
local function le(part, bound)
  if bound < 0 then return empty end
  local greater = ge(part, bound + 1)
  return reuse(greater, 'XOR', P .. 'x:' .. part, greater)
end
local function eq(part, bound)
  local w = width(part)
  if bound < 0 or bound >= 2 ^ w then return empty end
  local exists = P .. 'x:' .. part
  local equal = exists
  local top = bound > 0 and topBit(bound) or -1
  if aboveBound(part, w, top, scratch.gt) then equal = into(scratch.eq, 'XOR', exists, scratch.gt) end
  for i = top, 0, -1 do
    if bitOf(bound, i) == 1 then
      equal = into(scratch.eq, 'AND', equal, slice(part, i))
    else
      into(scratch.ones, 'AND', equal, slice(part, i))
      equal = into(scratch.eq, 'XOR', equal, scratch.ones)
    end
  end
  if equal == exists then return exists end
  return bitop('OR', equal)
end
local function scan(key, min, max, negated, among)
  local wanted = {}
  for _, value in ipairs(among) do wanted[value] = true end
  local dest = P .. 't:' .. (#temps + 1)
  temps[#temps + 1] = dest
  redis.call('SET', dest, '')
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', P .. key, min, max)) do
    local cut = string.find(member, '\\031', 1, true)
    local rest = string.sub(member, cut + 1)
    local field = string.match(rest, '^[^\\031]*')
    if (wanted[field] == true) ~= negated then
      redis.call('SETBIT', dest, tonumber(string.sub(member, 1, cut - 1)), 1)
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
    if #operands == 1 then stack[#stack + 1] = operands[1]
    else stack[#stack + 1] = reuse(operands[1], op, unpack(operands)) end
  elseif op == 'NOT' then
    local operand = pop(1)[1]
    local within = reuse(operand, 'AND', all, operand)
    stack[#stack + 1] = reuse(within, 'XOR', all, within)
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
