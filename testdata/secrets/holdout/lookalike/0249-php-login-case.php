public function testLoginFailsWithWrongPassword(): void
{
    $response = $this->post('/login', ['email' => 'a@localhost', 'password' => 'test']);
    $response->assertStatus(422);
}
