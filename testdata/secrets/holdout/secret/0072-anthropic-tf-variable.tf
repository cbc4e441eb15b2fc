variable "anthropic_api_key" {
  description = "Credential used by the ingest module"
  type        = string
  default     = "sk-ant-api03-2jRxIz9_8gXQqyw60GW3wabFnSnz-HcFJpyEa_8RPAp5mAph3-zPmphvHol_t7l2NFbkzQndd4D8hTTUhln9Sol4GJ3uTAA"
}
