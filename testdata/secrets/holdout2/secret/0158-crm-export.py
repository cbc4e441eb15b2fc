import hubspot

client = hubspot.Client.create(access_token="pat-na1-7c4e03af-4292-465e-8223-ba3e60a30a13")
contacts = client.crm.contacts.get_all()
