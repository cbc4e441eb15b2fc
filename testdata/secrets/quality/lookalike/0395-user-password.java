@Test
void authenticates() {
    var auth = new UsernamePasswordAuthenticationToken("user", "password");
    assertTrue(manager.authenticate(auth).isAuthenticated());
}
