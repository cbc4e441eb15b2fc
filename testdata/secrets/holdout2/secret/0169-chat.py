from groq import Groq

client = Groq(api_key="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")
out = client.chat.completions.create(model="llama3-70b-8192", messages=history)
