FROM maven:3.9-eclipse-temurin-21 AS build
ARG NEXUS_USER=ci-build
ARG NEXUS_PASSWORD=a888eae4b275cdeaec1efbe07b16f1e4
COPY . /src
WORKDIR /src
RUN mvn -B -s settings.xml -Dnexus.user=$NEXUS_USER -Dnexus.password=$NEXUS_PASSWORD package
FROM eclipse-temurin:21-jre
COPY --from=build /src/target/app.jar /app.jar
