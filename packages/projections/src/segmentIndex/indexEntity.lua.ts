/**
 * The `indexentity` op inside the batch script (see indexEntity.ts for the layout, and
 * applyIndexEntity.ts for the same routine in memory: keep the two in step). `P` is the version's
 * view prefix; every key it builds shares the version's hash tag, so the script stays in one slot.
 * The entity's state is one string (fields sorted, so both stores write the same bytes): a hash
 * of some 50 fields with a long one falls out of Redis' compact encoding and costs ~4 KB.
 */
export const indexEntityLua = `
local function formatInteger(n) return string.format('%.0f', n) end
local function splitUnits(text)
  local out = {}
  for value in string.gmatch(text, '[^\\031]+') do out[#out + 1] = value end
  return out
end
local function loadEntity(key)
  local state = {}
  local text = redis.call('GET', key)
  if text then
    for record in string.gmatch(text, '[^\\030]+') do
      local cut = string.find(record, '\\029', 1, true)
      state[string.sub(record, 1, cut - 1)] = string.sub(record, cut + 1)
    end
  end
  return state
end
local function saveEntity(key, state)
  local fields = {}
  for field in pairs(state) do fields[#fields + 1] = field end
  table.sort(fields)
  local records = {}
  for i, field in ipairs(fields) do records[i] = field .. '\\029' .. state[field] end
  redis.call('SET', key, table.concat(records, '\\030'))
end
-- Order lines live in one string per UTC day of their score (\`<key>:<day>\`, records
-- \`ordinal\\031field\\031score\\030\`, field = the suffix's first field), and \`<key>:days\` lists
-- the days that have one. A sorted set cost ~115 bytes per line (skiplist); a record ~30.
local dayMs = 86400000
-- The score is kept as ms within its day (8 digits instead of 13).
local function lineRecord(ordinal, suffix, score)
  local within = score - math.floor(score / dayMs) * dayMs
  return ordinal .. '\\031' .. string.match(suffix, '^[^\\031]*') .. '\\031' .. formatInteger(within) .. '\\030'
end
local function addLine(P, key, ordinal, suffix, score)
  local day = formatInteger(math.floor(score / dayMs))
  local record = lineRecord(ordinal, suffix, score)
  if redis.call('APPEND', P .. key .. ':' .. day, record) == #record then
    redis.call('ZADD', P .. key .. ':days', tonumber(day), day)
  end
end
-- A record starts the string or follows a separator, so '12...' never matches inside '112...'.
local function removeLine(P, key, ordinal, suffix, score)
  local day = formatInteger(math.floor(score / dayMs))
  local bucket = P .. key .. ':' .. day
  local text = redis.call('GET', bucket) or ''
  local record = lineRecord(ordinal, suffix, score)
  local at = 1
  while true do
    local s = string.find(text, record, at, true)
    if not s then return end
    if s == 1 or string.sub(text, s - 1, s - 1) == '\\030' then
      local rest = string.sub(text, 1, s - 1) .. string.sub(text, s + #record)
      if rest == '' then
        redis.call('DEL', bucket)
        redis.call('ZREM', P .. key .. ':days', day)
      else
        redis.call('SET', bucket, rest)
      end
      return
    end
    at = s + 1
  end
end
local function valueCounts(state)
  local counts = {}
  for field, text in pairs(state) do
    if string.sub(field, 1, 2) == 's:' then
      for _, value in ipairs(splitUnits(text)) do counts[value] = (counts[value] or 0) + 1 end
    end
  end
  return counts
end
-- A digit moving from od to nd flips only the "at least" levels between the two. The part's
-- base is fixed by its first write (later changes cannot re-encode the bits already there).
local function writeNumber(P, state, ordinal, part, new, proposedBase)
  local stored = state['q:' .. part]
  local old = stored and tonumber(stored) or nil
  if old == new then return end
  local meta = redis.call('HMGET', P .. 'meta', 'base:' .. part, 'w:' .. part)
  local base = tonumber(meta[1])
  if not base then
    base = proposedBase
    redis.call('HSET', P .. 'meta', 'base:' .. part, base)
  end
  local o, n, i = old or 0, new or 0, 0
  while o > 0 or n > 0 do
    local od, nd = o % base, n % base
    local prefix = P .. 'r:' .. part .. ':' .. i .. ':'
    for level = od + 1, nd do redis.call('SETBIT', prefix .. level, ordinal, 1) end
    for level = nd + 1, od do redis.call('SETBIT', prefix .. level, ordinal, 0) end
    o, n, i = (o - od) / base, (n - nd) / base, i + 1
  end
  if new then
    if not old then redis.call('SETBIT', P .. 'x:' .. part, ordinal, 1) end
    state['q:' .. part] = formatInteger(new)
    if i > tonumber(meta[2] or '0') then redis.call('HSET', P .. 'meta', 'w:' .. part, i) end
  else
    redis.call('SETBIT', P .. 'x:' .. part, ordinal, 0)
    state['q:' .. part] = nil
  end
end
local function indexEntity(P, id, change)
  local entityKey = P .. 'e:' .. id
  local state = loadEntity(entityKey)
  if change.remove then
    if not state.o then return end
    local ordinal = tonumber(state.o)
    for value in pairs(valueCounts(state)) do
      redis.call('SETBIT', P .. 'v:' .. value, ordinal, 0)
    end
    for field in pairs(state) do
      local kind, name = string.sub(field, 1, 2), string.sub(field, 3)
      if kind == 'q:' then
        writeNumber(P, state, ordinal, name, nil)
      elseif kind == 'z:' then
        local cut = string.find(name, '\\031', 1, true)
        removeLine(P, string.sub(name, 1, cut - 1), state.o, string.sub(name, cut + 1), tonumber(state[field]))
      end
    end
    redis.call('HDEL', P .. 'ids', state.o)
    redis.call('DEL', entityKey)
    return
  end
  if not state.o then
    state.o = formatInteger(redis.call('HINCRBY', P .. 'meta', 'next', 1) - 1)
    redis.call('HSET', P .. 'ids', state.o, id)
  end
  local ordinal = tonumber(state.o)
  local counts = nil
  for _, slot in ipairs(change.slots) do
    counts = counts or valueCounts(state)
    local name, values = slot[1], slot[2]
    local delta = {}
    for _, value in ipairs(splitUnits(state['s:' .. name] or '')) do
      delta[value] = (delta[value] or 0) - 1
    end
    for _, value in ipairs(values) do delta[value] = (delta[value] or 0) + 1 end
    for value, by in pairs(delta) do
      local before = counts[value] or 0
      local after = before + by
      counts[value] = after
      if before > 0 and after <= 0 then
        redis.call('SETBIT', P .. 'v:' .. value, ordinal, 0)
      elseif before <= 0 and after > 0 then
        redis.call('SETBIT', P .. 'v:' .. value, ordinal, 1)
      end
    end
    if #values == 0 then state['s:' .. name] = nil
    else state['s:' .. name] = table.concat(values, '\\031') end
  end
  for _, number in ipairs(change.numbers) do
    if number.mode == 'add' then
      local current = tonumber(state['q:' .. number.name] or '0')
      writeNumber(P, state, ordinal, number.name, current + number.value, number.base)
    else
      local current = state['n:' .. number.name]
      current = current and tonumber(current) or nil
      if current == nil or number.mode == 'set'
        or (number.mode == 'max' and number.value > current)
        or (number.mode == 'min' and number.value < current) then
        state['n:' .. number.name] = formatInteger(number.value)
        for _, part in ipairs(number.parts) do
          writeNumber(P, state, ordinal, part[1], part[2], part[3])
        end
      end
    end
  end
  -- Like ZADD of the member \`<ordinal><US><suffix>\`: the same suffix again moves its line.
  for _, entry in ipairs(change.entries) do
    local field = 'z:' .. entry[1] .. '\\031' .. entry[2]
    local previous, score = state[field], formatInteger(entry[3])
    if previous ~= score then
      if previous then removeLine(P, entry[1], state.o, entry[2], tonumber(previous)) end
      addLine(P, entry[1], state.o, entry[2], entry[3])
      state[field] = score
    end
  end
  saveEntity(entityKey, state)
end
`;
