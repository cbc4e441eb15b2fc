from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint="https://wavecrest-oai.openai.azure.com/",
    api_key="7051e10538e4582662034ec1dcd7c3d0",
    api_version="2024-02-01",
)
