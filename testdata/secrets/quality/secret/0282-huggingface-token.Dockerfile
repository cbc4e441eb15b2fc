FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV HF_TOKEN=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
CMD ["python", "-m", "worker"]
