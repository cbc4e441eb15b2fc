FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV GITLAB_FEED_TOKEN=glft-PI-rVl0KdS8vDiKNYU0Q
CMD ["python", "-m", "worker"]
