FROM maven:3.9-eclipse-temurin-21 AS build
ARG NEXUS_USER=ci
ARG NEXUS_PASSWORD=L20y3BL+m3Yc7skITnNsJ%u8
COPY . /src
RUN mvn -s /src/ci/settings.xml -Dnexus.password=$NEXUS_PASSWORD deploy
