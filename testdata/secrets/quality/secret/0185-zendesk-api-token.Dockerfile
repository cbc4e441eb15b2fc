FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV ZENDESK_API_TOKEN=eDkYG92KEOBrST33ijt0vns5LduCR8qzVuj7goT7
CMD ["python", "-m", "worker"]
