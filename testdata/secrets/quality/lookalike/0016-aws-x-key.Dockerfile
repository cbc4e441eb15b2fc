FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX
CMD ["python", "-m", "worker"]
