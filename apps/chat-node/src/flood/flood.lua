-- Tribune flood state: every remembering spam rule of ONE message, atomically (redis-flood-store.ts).
-- The semantics are those of the engine's memory store (packages/moderation/src/flood/memory-flood.ts);
-- a differential integration test holds the two equal.
--
-- KEYS[1] hash   per room and user: token buckets (r:<rule id> = "tokens:at") and slow mode (s:<rule id> = ts)
-- KEYS[2] list   per room and user: recent texts, newest first ("ts:normalised text"), at most ARGV[4]
-- KEYS[3] zset   per room and text: user id -> ts of their latest copy, at most ARGV[5] users
-- All three share the room's hash tag, so a cluster keeps them in one slot.
-- ARGV[1] ts (ms, node clock)  ARGV[2] user id  ARGV[3] normalised text  ARGV[4] recent cap  ARGV[5] raid users cap
-- ARGV[6] rule count, then 4 values per rule: kind ('rate' | 'slow' | 'dup' | 'raid'), rule id, a, b
--   rate: burst, perSeconds      slow: seconds, 0      dup: windowSeconds, 0      raid: windowSeconds, 0
-- Reply: { per-rule answers..., recent texts before this one }, per-rule answer as a string:
--   rate: tokens before this message (refill included)   slow: ts of the last message that passed ('' = none)
--   dup: '' (judged from the recent texts by the node)     raid: users with this text in the rule's window
local ts = tonumber(ARGV[1])
local user = ARGV[2]
local text = ARGV[3]
local recentCap = tonumber(ARGV[4])
local raidCap = tonumber(ARGV[5])
local n = tonumber(ARGV[6])

-- The longest window of each structure sets how long it lives and what it forgets.
local userTtl, dupWindow, raidWindow = 0, 0, 0
for i = 0, n - 1 do
  local kind, a, b = ARGV[7 + i * 4], tonumber(ARGV[9 + i * 4]), tonumber(ARGV[10 + i * 4])
  if kind == 'rate' then userTtl = math.max(userTtl, b * 1000)
  elseif kind == 'slow' then userTtl = math.max(userTtl, a * 1000)
  elseif kind == 'dup' then dupWindow = math.max(dupWindow, a * 1000)
  elseif kind == 'raid' then raidWindow = math.max(raidWindow, a * 1000) end
end

if raidWindow > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. string.format('%d', ts - raidWindow))
  redis.call('ZADD', KEYS[3], string.format('%d', ts), user)
  local over = redis.call('ZCARD', KEYS[3]) - raidCap
  if over > 0 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1) end
  redis.call('PEXPIRE', KEYS[3], math.ceil(raidWindow))
end

local out = {}
for i = 0, n - 1 do
  local kind, id, a, b = ARGV[7 + i * 4], ARGV[8 + i * 4], tonumber(ARGV[9 + i * 4]), tonumber(ARGV[10 + i * 4])
  if kind == 'rate' then
    local field = 'r:' .. id
    local tokens, at = a, ts
    local stored = redis.call('HGET', KEYS[1], field)
    if stored then
      local sep = string.find(stored, ':', 1, true)
      tokens, at = tonumber(string.sub(stored, 1, sep - 1)), tonumber(string.sub(stored, sep + 1))
    end
    tokens = math.min(a, tokens + math.max(0, ts - at) / 1000 * (a / b))
    out[#out + 1] = string.format('%.17g', tokens)
    if tokens >= 1 then tokens = tokens - 1 end
    redis.call('HSET', KEYS[1], field, string.format('%.17g', tokens) .. ':' .. string.format('%d', math.max(at, ts)))
  elseif kind == 'slow' then
    local field = 's:' .. id
    local last = redis.call('HGET', KEYS[1], field)
    if not last or ts - tonumber(last) >= a * 1000 then redis.call('HSET', KEYS[1], field, string.format('%d', ts)) end
    out[#out + 1] = last or ''
  elseif kind == 'dup' then
    out[#out + 1] = ''
  elseif kind == 'raid' then
    out[#out + 1] = tostring(redis.call('ZCOUNT', KEYS[3], string.format('%d', ts - a * 1000), '+inf'))
  end
end
if userTtl > 0 then redis.call('PEXPIRE', KEYS[1], math.ceil(userTtl)) end

local recent = {}
if dupWindow > 0 then
  recent = redis.call('LRANGE', KEYS[2], 0, recentCap - 1)
  if #text > 0 then
    redis.call('LPUSH', KEYS[2], string.format('%d', ts) .. ':' .. text)
    redis.call('LTRIM', KEYS[2], 0, recentCap - 1)
  end
  redis.call('PEXPIRE', KEYS[2], math.ceil(dupWindow))
end
out[#out + 1] = recent
return out
