/**
 * The whole batch in one script, so Redis runs it atomically: nothing else interleaves, and a
 * process crash on either side leaves the batch fully applied or not at all. Checks come first
 * because Redis does not undo the writes of a script that errors halfway.
 *
 * KEYS[1] the checkpoint. ARGV[1] expected checkpoint ('' = none), ARGV[2] new checkpoint,
 * ARGV[3] the view prefix P, ARGV[4] a flat JSON array of strings (built by encodeBatch.ts):
 * T, I, then T pairs (key, type) of stored types allowed besides none, I pairs (key, field) of hash fields that must
 * hold integers, then the writes, each one of
 *   name key n arg1..argn                  a Redis command (HSET, ZADD, SADD, DEL, ...)
 *   INDEXED key field value hasLookup prefix id   set or clear a field and its lookup
 *   LINKED key prefix linkSuffix targetSuffix    a breadth-first walk of linked sets
 *   ENTITY id changeJson                   a bitmap-index entity change (indexEntity.lua.ts)
 * Keys are relative to P, which holds the version's hash tag: every key the script builds (a
 * lookup named by a value it reads, keys a linked delete reaches, an entity's value keys) lands
 * in the slot of the checkpoint.
 */
import { indexEntityLua } from "../segmentIndex/indexEntity.lua.js";

export const applyBatchLua = `${indexEntityLua}
local function atLeast(a, b)
  if #a ~= #b then return #a > #b end
  return a >= b
end
local function isInteger(value)
  if value == '0' then return true end
  local digits = string.match(value, '^%-?([1-9]%d*)$')
  if not digits then return false end
  if #digits ~= 19 then return #digits < 19 end
  local limit = '9223372036854775807'
  if string.sub(value, 1, 1) == '-' then limit = '9223372036854775808' end
  return digits <= limit
end
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then
  if current ~= '' and atLeast(current, ARGV[2]) then return 'already-applied' end
  return {'checkpoint-mismatch', current}
end
local P = ARGV[3]
local A = cjson.decode(ARGV[4])
local i = 3
for _ = 1, tonumber(A[1]) do
  local key = P .. A[i]
  local found = redis.call('TYPE', key).ok
  if found ~= 'none' and found ~= A[i + 1] then
    return {'type-conflict', key, A[i + 1], found}
  end
  i = i + 2
end
for _ = 1, tonumber(A[2]) do
  local key = P .. A[i]
  local value = redis.call('HGET', key, A[i + 1])
  if value and not isInteger(value) then
    return {'not-integer', key, A[i + 1], value}
  end
  i = i + 2
end
local function setIndexed(key, field, value, hasLookup, prefix, id)
  local previous = redis.call('HGET', key, field)
  if previous then
    local old = P .. prefix .. previous
    if redis.call('TYPE', old).ok == 'string' and redis.call('GET', old) == id then
      redis.call('DEL', old)
    end
  end
  if hasLookup then
    redis.call('HSET', key, field, value)
    redis.call('SET', P .. prefix .. value, id)
  else
    redis.call('HDEL', key, field)
  end
end
local function deleteLinked(key, prefix, linkSuffix, targetSuffix)
  if redis.call('TYPE', key).ok ~= 'set' then return end
  local queue = redis.call('SMEMBERS', key)
  local seen = {}
  local i = 1
  while i <= #queue do
    local id = queue[i]
    i = i + 1
    if not seen[id] then
      seen[id] = true
      local link = P .. prefix .. id .. linkSuffix
      if redis.call('TYPE', link).ok == 'set' then
        for _, next in ipairs(redis.call('SMEMBERS', link)) do queue[#queue + 1] = next end
      end
      redis.call('DEL', P .. prefix .. id .. targetSuffix)
    end
  end
end
local last = #A
while i <= last do
  local name = A[i]
  if name == 'INDEXED' then
    setIndexed(P .. A[i + 1], A[i + 2], A[i + 3], A[i + 4] == '1', A[i + 5], A[i + 6])
    i = i + 7
  elseif name == 'LINKED' then
    deleteLinked(P .. A[i + 1], A[i + 2], A[i + 3], A[i + 4])
    i = i + 5
  elseif name == 'ENTITY' then
    indexEntity(P, A[i + 1], cjson.decode(A[i + 2]))
    i = i + 3
  else
    local n = tonumber(A[i + 2])
    redis.call(name, P .. A[i + 1], unpack(A, i + 3, i + 2 + n))
    i = i + 3 + n
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return 'applied'
`;
