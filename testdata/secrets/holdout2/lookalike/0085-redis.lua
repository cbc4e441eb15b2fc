local password = os.getenv("REDIS_PASSWORD")
if password then
  assert(red:auth(password))
end
