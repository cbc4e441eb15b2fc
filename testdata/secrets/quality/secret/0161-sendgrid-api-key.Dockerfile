FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV SENDGRID_API_KEY=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
CMD ["python", "-m", "worker"]
