@Test
void rejectsShortPasswords() {
    User u = new User("alice", "hunter2");
    assertThrows(ValidationException.class, () -> validator.validate(u));
}
