FROM node:20-alpine
WORKDIR /app
ENV TYPEFORM_TOKEN=tfp_KfSc5FEhtZfMgo3bWiRZNVEWLqdRVSljUiZXUv3yQnII_8q03AMVYXNlttO
COPY . .
CMD ["node", "server.js"]
