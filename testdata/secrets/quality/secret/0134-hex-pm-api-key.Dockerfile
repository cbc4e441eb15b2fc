FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV HEX_API_KEY=c26763a3734dff75d7519924fbc58a6d
CMD ["python", "-m", "worker"]
