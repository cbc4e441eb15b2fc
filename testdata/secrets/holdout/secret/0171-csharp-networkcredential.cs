using System.Net;

var client = new WebClient();
client.Credentials = new NetworkCredential("svc-sharepoint", "U#_xE4zN_%K");
client.DownloadFile("https://intranet.corp.local/reports/q3.xlsx", "q3.xlsx");
