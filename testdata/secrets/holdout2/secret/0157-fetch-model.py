from huggingface_hub import login, snapshot_download

login(token="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")
snapshot_download("parcelport/ner-large", local_dir="models/ner")
