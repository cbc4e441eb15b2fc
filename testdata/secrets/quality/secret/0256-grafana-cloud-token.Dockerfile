FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV GRAFANA_CLOUD_TOKEN=glc_eyJvIjoiNDUwOTkyIiwibiI6InN0YWNrLTc2NTI2Ny1obS13cml0ZS1hbGxveSIsImsiOiJJeHBXdG5mUXRFOWhJNVl2c0U3M0h6b2wiLCJtIjp7InIiOiJwcm9kLWV1LXdlc3QtMiJ9fQ
CMD ["python", "-m", "worker"]
