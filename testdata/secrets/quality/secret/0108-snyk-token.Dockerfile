FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV SNYK_TOKEN=b610cb49-8390-4810-8ed7-1716a5937b9d
CMD ["python", "-m", "worker"]
