FROM mcr.microsoft.com/mssql/server:2022-CU12-ubuntu-22.04
ENV ACCEPT_EULA=Y
ENV MSSQL_SA_PASSWORD=Quartz%Copper%Kestrel2695~
EXPOSE 1433
