export function LoginForm() {
  return (
    <form method="post">
      <input name="email" type="email" autoComplete="username" />
      <input name="password" type="password" placeholder="Enter your password" autoComplete="current-password" />
      <button>Sign in</button>
    </form>
  );
}
