from pydantic import BaseModel, Field, SecretStr

class Signup(BaseModel):
    email: str
    password: SecretStr = Field(min_length=12, max_length=128)
