import { digitBase } from "./indexEntity.js";

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
local base = ${digitBase}
local function level(part, digit, j) return P .. 'r:' .. part .. ':' .. digit .. ':' .. j end
local function digitsOf(n)
  local digits = {}
  while n > 0 do
    local d = n % base
    digits[#digits + 1] = d
    n = (n - d) / base
  end
  return digits
end
-- One scratch key rewritten in place: a BITOP into an existing key reuses the block the allocator
-- just freed, while a fresh 125 KB key per step costs ~5x more at a million entities.
local scratch = P .. 't:scratch'
temps[#temps + 1] = scratch
-- v >= bound, digits from the bound's lowest nonzero one up: the low digits compare >= when the
-- digit is above the bound's, or equal to it and the digits below compare >= (one AND, one OR).
-- A 0 digit of the bound, and every digit above its top, only adds "digit above 0": one OR.
local function ge(part, bound)
  local exists = P .. 'x:' .. part
  if bound <= 0 then return exists end
  local w = width(part)
  if bound >= base ^ w then return empty end
  local digits = digitsOf(bound)
  local low = 1
  while digits[low] == 0 do low = low + 1 end
  local result = level(part, low - 1, digits[low])
  local above = {}
  for i = low + 1, w do
    local d = digits[i] or 0
    if d == 0 then above[#above + 1] = level(part, i - 1, 1)
    else
      if #above > 0 then
        result = reuse(result, 'OR', result, unpack(above))
        above = {}
      end
      result = reuse(result, 'AND', result, level(part, i - 1, d))
      if d < base - 1 then result = reuse(result, 'OR', result, level(part, i - 1, d + 1)) end
    end
  end
  if #above > 0 then result = reuse(result, 'OR', result, unpack(above)) end
  return result
end
local function le(part, bound)
  if bound < 0 then return empty end
  local greater = ge(part, bound + 1)
  return reuse(greater, 'XOR', P .. 'x:' .. part, greater)
end
-- v = bound: every digit is at least d and not at least d + 1; the digits above the bound's top
-- are 0, so none of their "above 0" (one OR). "And not" is X XOR (X AND Y): Redis 7.0's BITOP
-- has no ANDNOT.
local function eq(part, bound)
  local w = width(part)
  if bound < 0 or bound >= base ^ w then return empty end
  local digits = digitsOf(bound)
  local result = P .. 'x:' .. part
  if #digits < w then
    local above = {}
    for i = #digits + 1, w do above[#above + 1] = level(part, i - 1, 1) end
    redis.call('BITOP', 'OR', scratch, unpack(above))
    result = reuse(result, 'XOR', result, scratch)
  end
  for i = #digits, 1, -1 do
    local d = digits[i]
    if d == base - 1 then result = reuse(result, 'AND', result, level(part, i - 1, d))
    elseif d == 0 then
      redis.call('BITOP', 'AND', scratch, result, level(part, i - 1, 1))
      result = reuse(result, 'XOR', result, scratch)
    else
      redis.call('BITOP', 'XOR', scratch, level(part, i - 1, d), level(part, i - 1, d + 1))
      result = reuse(result, 'AND', result, scratch)
    end
  end
  return result
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
