FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV VULTR_API_KEY=LYCELLHQEDNHV7Q0IFNDNA2THY1EGIZTQ09L
CMD ["python", "-m", "worker"]
