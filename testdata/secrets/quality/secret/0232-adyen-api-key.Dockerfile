FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV ADYEN_API_KEY=AQEbyLM6RZ9LDhjO1B+/USy+4besQznLb6D28uaCQ6U+kmNtYu0AW0wRi5yUSxNLwctj8gHm3y1mI8nK47W6mB3AOpqrbR7qqjQW=-xw3X+n/5SW0OGmQ3BLEIiikspHl2AH076ZjjZA4x9YV=-K88ugDidoKoQ8s>3
CMD ["python", "-m", "worker"]
