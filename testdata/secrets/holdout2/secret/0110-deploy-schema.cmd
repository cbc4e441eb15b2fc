@echo off
sqlcmd -S sql.ironbark.internal -U sa -P rt36bsZRwdRCentUk4sJKM -i schema.sql
if errorlevel 1 exit /b 1
