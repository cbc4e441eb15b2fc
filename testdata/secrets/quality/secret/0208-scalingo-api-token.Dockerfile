FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV SCALINGO_API_TOKEN=tk-us-x7k374PUihRhfGQwraQqOTZ2ZYeMJSOAliWBquZlxLmtvha-
CMD ["python", "-m", "worker"]
