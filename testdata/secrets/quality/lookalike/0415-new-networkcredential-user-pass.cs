[Fact]
public void Builds_credentials()
{
    var cred = new NetworkCredential("user", "pass");
    Assert.Equal("user", cred.UserName);
}
