using System.Net;
using System.Net.Mail;

var client = new SmtpClient("smtp.bluefin.dev", 587)
{
    EnableSsl = true,
    Credentials = new NetworkCredential("invoices@bluefin.dev", "0=zqk8H.!!kI.qu2+bIZ.AOe")
};
