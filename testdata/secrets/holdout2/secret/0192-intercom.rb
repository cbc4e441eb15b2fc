require 'intercom'

INTERCOM = Intercom::Client.new(token: 'dG9rOjAzNzA3ODZjLTAxNzUtNGMzMi1iZmU3LTUwMjdlODU4Nzg4YToxOjA')
