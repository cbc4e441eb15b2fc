# syntax=docker/dockerfile:1.7
FROM node:20
WORKDIR /app
COPY package*.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
