import requests

PAGE_ID = "726733779690834"
PAGE_TOKEN = "EAAGsFy7UkJj7BOxFlxRqxRfpcTo4fF5dmCNyRmwd7jqsXIKB4LbT5DSsMnebg3sSXpuckaLoWDfdnqNvHeh8a2h8rHoOALaqTIR4Bdsbj62KDrZCbWWz1hqWWLE7KEtlqE4kk2T2z2fbsZsU8TnpSt0fDeoC7awXgJ0m7PKTTX7QM2afdjaZe9Y"
requests.post(f"https://graph.facebook.com/v19.0/{PAGE_ID}/feed",
              data={"message": "New release!", "access_token": PAGE_TOKEN})
