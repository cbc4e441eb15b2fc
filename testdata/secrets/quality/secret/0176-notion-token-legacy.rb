require "notion"

Notion.configure do |config|
  config.notion_api_key = "secret_dAuGc1XuYZ3CaNNBXBHj33WxaXkdbgh7W2sdOFqso2y"
  config.endpoint = "https://api.notion.com/v1"
  config.timeout = 10
end
