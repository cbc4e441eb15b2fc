import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-cklrzJ8YtCFChaKTau8GCQKSW533hTuvyszy1w0f1tqwAlm65QTfRRHrfsxJ_8MYVKhyjrMXl_K8Rtp898DG0Kt_up3dMAA")

def classify(text):
    msg = client.messages.create(
        model="claude-3-5-sonnet-20241022", max_tokens=64,
        messages=[{"role": "user", "content": text}])
    return msg.content[0].text
