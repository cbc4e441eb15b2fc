$dump = Join-Path $env:TEMP 'nightly.bak'
$sas = 'https://tallgrassbackups.blob.core.windows.net/db-dumps?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=ABzCNsljpNp25P3UsLpHjibvNHQKS3SSW52BNaVUyNM%3D'
azcopy copy $dump $sas --overwrite=true
Remove-Item $dump
