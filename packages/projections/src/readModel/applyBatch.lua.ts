/**
 * The whole batch in one script, so Redis runs it atomically: nothing else interleaves, and a
 * process crash on either side leaves the batch fully applied or not at all. Checks come first
 * because Redis does not undo the writes of a script that errors halfway.
 *
 * KEYS[1] the checkpoint, KEYS[2..] the view keys (all in one `{proj:name:vN}` slot).
 * ARGV[1] expected checkpoint ('' = none), ARGV[2] new checkpoint, ARGV[3] JSON plan:
 * t = {{keyIndex, type}} stored types allowed besides none, i = {{keyIndex, field}} hash fields
 * that must hold integers, o = {{command, keyIndex, args...}} the writes, where INDEXED is
 * {'INDEXED', keyIndex, field, value, lookupKeyIndex (0 to clear), indexPrefix, id}, LINKED is
 * {'LINKED', keyIndex, prefix, linkSuffix, targetSuffix} (a breadth-first walk of linked sets), and
 * {'ENTITY', keyIndex, id, change} a bitmap-index entity change (segmentIndex/indexEntity.lua.ts).
 * ARGV[4] the view key prefix: the lookup of a field's previous value, the keys a linked delete
 * reaches and an entity's value keys are only known here, and share the hash tag (and slot) of
 * every other key of the version.
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
local plan = cjson.decode(ARGV[3])
for _, want in ipairs(plan.t) do
  local found = redis.call('TYPE', KEYS[want[1]]).ok
  if found ~= 'none' and found ~= want[2] then
    return {'type-conflict', KEYS[want[1]], want[2], found}
  end
end
for _, check in ipairs(plan.i) do
  local value = redis.call('HGET', KEYS[check[1]], check[2])
  if value and not isInteger(value) then
    return {'not-integer', KEYS[check[1]], check[2], value}
  end
end
local function setIndexed(key, field, value, lookupKey, prefix, id)
  local previous = redis.call('HGET', key, field)
  if previous then
    local old = ARGV[4] .. prefix .. previous
    if redis.call('TYPE', old).ok == 'string' and redis.call('GET', old) == id then
      redis.call('DEL', old)
    end
  end
  if lookupKey then
    redis.call('HSET', key, field, value)
    redis.call('SET', lookupKey, id)
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
      local link = ARGV[4] .. prefix .. id .. linkSuffix
      if redis.call('TYPE', link).ok == 'set' then
        for _, next in ipairs(redis.call('SMEMBERS', link)) do queue[#queue + 1] = next end
      end
      redis.call('DEL', ARGV[4] .. prefix .. id .. targetSuffix)
    end
  end
end
for _, op in ipairs(plan.o) do
  if op[1] == 'ENTITY' then
    indexEntity(ARGV[4], op[3], op[4])
  elseif op[1] == 'INDEXED' then
    setIndexed(KEYS[op[2]], op[3], op[4], KEYS[op[5]], op[6], op[7])
  elseif op[1] == 'LINKED' then
    deleteLinked(KEYS[op[2]], op[3], op[4], op[5])
  else
    redis.call(op[1], KEYS[op[2]], unpack(op, 3))
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return 'applied'
`;
