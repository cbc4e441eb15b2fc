Import-Module SqlServer
Invoke-Sqlcmd -ServerInstance 'sql-0.data.svc.cluster.local' -Database 'ledger' -Username 'etl' -Password 'Velvet!Prairie9737*' `
  -InputFile .\nightly.sql -QueryTimeout 600
