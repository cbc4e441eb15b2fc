require "fly"

Fly.configure do |config|
  config.fly_api_token = "FlyV1 fm2_lJPEvG4dMvUxbCpFgjxoot0sY7lkSHI9xYqvNd4N7wHWQMH9LI7a+JTC1Hwvt2KwuPqti7CRWCQxDNBUd8TKNlTh1eKnO0oT+sw93P12sOpetFoNo1jXhIbZf+4t1MwICyGYxkUPpWE1qzhMRI33xod2d8RVTU4Y+1npibSH3GBhY55W5h2ZyiIySzVCanXKXxb4966PvhSbMgPcug3ZLCl6boVtiri0iMHBCR9cSbgmapi9dNF8yUaQyAy9RyMMH+rlb4iGmVzJMraw0iYNjFHEAz7QDxVEoz3bNIxaREeoifEahNtKlAKaDlGj7pcMf4fe"
  config.endpoint = "https://api.machines.dev"
  config.timeout = 10
end
