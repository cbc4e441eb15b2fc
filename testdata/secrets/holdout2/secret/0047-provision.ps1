$user = 'TRELLIS\svc-provision'
$pass = ConvertTo-SecureString 'Umber-Cedar408~' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $pass)
Invoke-Command -ComputerName FS01 -Credential $cred -ScriptBlock { Get-SmbShare }
