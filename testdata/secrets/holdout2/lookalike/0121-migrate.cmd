@echo off
if "%DB_PASSWORD%"=="" (echo DB_PASSWORD not set & exit /b 1)
sqlcmd -S %DB_SERVER% -U %DB_USER% -P %DB_PASSWORD% -i migrate.sql
