@echo off
set DB_SERVER=sql-2.data.svc.cluster.local
set DB_USER=import
set DB_PASS=BUH+U-mXKD7DGJZXd_l9
bcp inventory.dbo.Orders in orders.csv -S %DB_SERVER% -U %DB_USER% -P %DB_PASS% -c -t,
