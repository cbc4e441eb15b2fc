class Settings(BaseSettings):
    database_password: SecretStr
    api_token: SecretStr
    model_config = SettingsConfigDict(env_file=".env")
