$user = 'CORP\svc-deploy'
$pass = ConvertTo-SecureString 'jRgWL!Hoo-itjA8UpqbUL3SW' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $pass)
Invoke-Command -ComputerName app01 -Credential $cred -ScriptBlock { Restart-Service W3SVC }
