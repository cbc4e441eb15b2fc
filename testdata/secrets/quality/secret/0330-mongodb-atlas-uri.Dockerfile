FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DATABASE_URL=mongodb+srv://deploy:O_yJCpEB7-aq7_.EInuOx@cluster0.o0bdp.mongodb.net/orders?retryWrites=true&w=majority
CMD ["python", "-m", "worker"]
