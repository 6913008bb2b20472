import { defaultDigitBase } from "./indexEntity.js";

/**
 * `ge`, `le` and `eq` over a part's range-encoded digits (indexEntity.ts), inside the query script
 * (bitmapQuery.lua.ts provides P, empty, scratch, present, reuse and fold). evaluateBitmapQuery.ts
 * runs the same steps in memory: keep the two in step.
 */
export const digitCompareLua = `
local function numberLayout(part)
  local fields = redis.call('HMGET', P .. 'meta', 'w:' .. part, 'base:' .. part)
  return tonumber(fields[1] or '0'), tonumber(fields[2] or '${defaultDigitBase}')
end
local function level(part, digit, j) return P .. 'r:' .. part .. ':' .. digit .. ':' .. j end
local function digitsOf(n, base)
  local digits = {}
  while n > 0 do
    local d = n % base
    digits[#digits + 1] = d
    n = (n - d) / base
  end
  return digits
end
-- v >= bound from the bound's lowest nonzero digit up (O'Neil and Quass): the digits so far
-- compare >= when this one is above the bound's, or equal to it and the lower ones compare >=,
-- so R = (R AND [digit >= d]) OR [digit >= d + 1]. Runs of ANDs, and of ORs, are one BITOP each:
-- in base 2, one per run of equal bits; a 0 digit and the digits above the bound's top only OR.
local function ge(part, bound)
  local exists = P .. 'x:' .. part
  if bound <= 0 then return exists end
  local width, base = numberLayout(part)
  if bound >= base ^ width then return empty end
  local digits = digitsOf(bound, base)
  local low = 1
  while digits[low] == 0 do low = low + 1 end
  local result = level(part, low - 1, digits[low])
  local op, run = 'AND', {}
  local function term(termOp, key)
    if termOp ~= op then
      result = fold(result, op, run)
      op, run = termOp, {}
    end
    run[#run + 1] = key
  end
  for i = low + 1, width do
    local d = digits[i] or 0
    if d > 0 then term('AND', level(part, i - 1, d)) end
    if d < base - 1 then term('OR', level(part, i - 1, d + 1)) end
  end
  return fold(result, op, run) or empty
end
local function le(part, bound)
  local exists = P .. 'x:' .. part
  if bound < 0 then return empty end
  local greater = ge(part, bound + 1)
  if not present(greater) then return exists end
  return reuse(greater, 'XOR', exists, greater)
end
-- v = bound: every digit at least the bound's and none at least one more (digits above the
-- bound's top count as 0): one AND and one OR whatever the width, then "and not" as
-- X XOR (X AND Y), since Redis 7.0's BITOP has no ANDNOT.
local function eq(part, bound)
  local width, base = numberLayout(part)
  if bound < 0 or bound >= base ^ width then return empty end
  local digits = digitsOf(bound, base)
  local atLeast, over = {}, {}
  for i = 1, width do
    local d = digits[i] or 0
    if d > 0 then atLeast[#atLeast + 1] = level(part, i - 1, d) end
    if d < base - 1 then over[#over + 1] = level(part, i - 1, d + 1) end
  end
  local result = fold(P .. 'x:' .. part, 'AND', atLeast)
  if result == nil then return empty end
  local above = fold(nil, 'OR', over, scratch)
  if above == nil then return result end
  redis.call('BITOP', 'AND', scratch, result, above)
  return reuse(result, 'XOR', result, scratch)
end
`;
