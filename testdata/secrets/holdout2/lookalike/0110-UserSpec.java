@Test
void rejectsShortPasswords() {
    assertThrows(WeakPasswordException.class, () -> new User("bob", "test123"));
}
