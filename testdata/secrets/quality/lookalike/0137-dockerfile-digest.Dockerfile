FROM python:3.12-slim@sha256:c06875991f5914d00fc1bf7ac78cad50e99a3725287473bcfe82e9b72d2394db
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
