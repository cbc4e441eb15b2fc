var factory = new ConnectionFactory
{
    HostName = "mq-2.svc.granitepeak.net",
    UserName = "orders",
    Password = "F#VOdt0_LM81mEfJC%u"
};
