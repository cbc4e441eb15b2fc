from azure.storage.blob import BlobServiceClient

CONN = "AccountKey=dGsXkBpA2TzgB/KZNXlsadyLAPQpO2AcbYk90PhP76hbnU7HfwpkbSKj1DDfP4FT8xC71eyvyuv1uZIjWZkDyQ==;AccountName=redwoodiologsbrs;DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net"

service = BlobServiceClient.from_connection_string(CONN)
container = service.get_container_client("reports")
