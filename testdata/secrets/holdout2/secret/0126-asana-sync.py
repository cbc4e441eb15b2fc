import asana

cfg = asana.Configuration()
cfg.access_token = "2/3171080059200364/7618774084981550:b9931de9a99dd504d390e64eeef159e6"
client = asana.ApiClient(cfg)
