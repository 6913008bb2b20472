/**
 * The `indexentity` op inside the batch script (see indexEntity.ts for the layout, and
 * applyIndexEntity.ts for the same routine in memory: keep the two in step). `P` is the version's
 * view prefix; every key it builds shares the version's hash tag, so the script stays in one slot.
 */
export const indexEntityLua = `
local function formatInteger(n) return string.format('%.0f', n) end
local function splitUnits(text)
  local out = {}
  for value in string.gmatch(text, '[^\\031]+') do out[#out + 1] = value end
  return out
end
local function writeNumber(P, entityKey, ordinal, part, new)
  local stored = redis.call('HGET', entityKey, 'q:' .. part)
  local old = stored and tonumber(stored) or nil
  if old == new then return end
  local o, n, i = old or 0, new or 0, 0
  while o > 0 or n > 0 do
    local ob, nb = o % 2, n % 2
    if ob ~= nb then redis.call('SETBIT', P .. 'b:' .. part .. ':' .. i, ordinal, nb) end
    o, n, i = (o - ob) / 2, (n - nb) / 2, i + 1
  end
  if new then
    if not old then redis.call('SETBIT', P .. 'x:' .. part, ordinal, 1) end
    redis.call('HSET', entityKey, 'q:' .. part, formatInteger(new))
    local width = tonumber(redis.call('HGET', P .. 'meta', 'w:' .. part) or '0')
    if i > width then redis.call('HSET', P .. 'meta', 'w:' .. part, i) end
  else
    redis.call('SETBIT', P .. 'x:' .. part, ordinal, 0)
    redis.call('HDEL', entityKey, 'q:' .. part)
  end
end
local function indexEntity(P, id, change)
  local entityKey = P .. 'e:' .. id
  local stored = redis.call('HGET', entityKey, 'o')
  if change.remove then
    if not stored then return end
    local ordinal = tonumber(stored)
    local fields = redis.call('HGETALL', entityKey)
    for f = 1, #fields, 2 do
      local kind, name = string.sub(fields[f], 1, 2), string.sub(fields[f], 3)
      if kind == 'r:' then
        redis.call('SETBIT', P .. 'v:' .. name, ordinal, 0)
      elseif kind == 'q:' then
        writeNumber(P, entityKey, ordinal, name, nil)
      elseif kind == 'z:' then
        local cut = string.find(name, '\\031', 1, true)
        redis.call('ZREM', P .. string.sub(name, 1, cut - 1), string.sub(name, cut + 1))
      end
    end
    redis.call('HDEL', P .. 'ids', formatInteger(ordinal))
    redis.call('DEL', entityKey)
    return
  end
  local ordinal
  if stored then
    ordinal = tonumber(stored)
  else
    ordinal = redis.call('HINCRBY', P .. 'meta', 'next', 1) - 1
    redis.call('HSET', entityKey, 'o', formatInteger(ordinal))
    redis.call('HSET', P .. 'ids', formatInteger(ordinal), id)
  end
  for _, slot in ipairs(change.slots or {}) do
    local name, values = slot[1], slot[2]
    local delta = {}
    local previous = redis.call('HGET', entityKey, 's:' .. name)
    if previous then
      for _, value in ipairs(splitUnits(previous)) do delta[value] = (delta[value] or 0) - 1 end
    end
    for _, value in ipairs(values) do delta[value] = (delta[value] or 0) + 1 end
    for value, by in pairs(delta) do
      if by ~= 0 then
        local count = redis.call('HINCRBY', entityKey, 'r:' .. value, by)
        if count <= 0 then
          redis.call('HDEL', entityKey, 'r:' .. value)
          redis.call('SETBIT', P .. 'v:' .. value, ordinal, 0)
        elseif count - by <= 0 then
          redis.call('SETBIT', P .. 'v:' .. value, ordinal, 1)
        end
      end
    end
    if #values == 0 then
      redis.call('HDEL', entityKey, 's:' .. name)
    else
      redis.call('HSET', entityKey, 's:' .. name, table.concat(values, '\\031'))
    end
  end
  for _, number in ipairs(change.numbers or {}) do
    if number.mode == 'add' then
      local current = tonumber(redis.call('HGET', entityKey, 'q:' .. number.name) or '0')
      writeNumber(P, entityKey, ordinal, number.name, current + number.value)
    else
      local current = redis.call('HGET', entityKey, 'n:' .. number.name)
      current = current and tonumber(current) or nil
      if current == nil or number.mode == 'set'
        or (number.mode == 'max' and number.value > current)
        or (number.mode == 'min' and number.value < current) then
        redis.call('HSET', entityKey, 'n:' .. number.name, formatInteger(number.value))
        for _, part in ipairs(number.parts) do writeNumber(P, entityKey, ordinal, part[1], part[2]) end
      end
    end
  end
  for _, entry in ipairs(change.entries or {}) do
    local member = formatInteger(ordinal) .. '\\031' .. entry[2]
    redis.call('ZADD', P .. entry[1], entry[3], member)
    redis.call('HSET', entityKey, 'z:' .. entry[1] .. '\\031' .. member, '1')
  end
end
`;
