# syntax=docker/dockerfile:1.7
FROM node:20-slim
WORKDIR /app
COPY package*.json .npmrc ./
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
COPY . .
