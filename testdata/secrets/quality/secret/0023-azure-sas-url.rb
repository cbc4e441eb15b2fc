require "azure"

Azure.configure do |config|
  config.azure_blob_sas_url = "https://lumenworkslogsrgn.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-07-12T18:00:00Z&st=2025-02-08T09:00:00Z&spr=https&sig=7YAgZSGIKbXzm8QFe5QRsoxjUpDI71QZjoy3jxX%2BPd0%3D"
  config.endpoint = "https://portal.azure.com"
  config.timeout = 10
end
