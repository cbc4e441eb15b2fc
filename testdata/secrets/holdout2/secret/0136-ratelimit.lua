local redis = require "resty.redis"
local red = redis:new()
red:set_timeouts(1000, 1000, 1000)
assert(red:connect("redis-prod-04.internal", 6379))
assert(red:auth("ZcKTQtNKgzTVT3mAjx1sOjNpRFm"))
