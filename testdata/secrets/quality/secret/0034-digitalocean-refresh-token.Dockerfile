FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DO_REFRESH_TOKEN=dor_v1_dc6c13f7daba9941c44b798db16db8fa99c9163094d43efff69ae5d32cc066de
CMD ["python", "-m", "worker"]
