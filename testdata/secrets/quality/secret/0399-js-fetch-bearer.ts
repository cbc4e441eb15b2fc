export async function loadUsers() {
  const res = await fetch("https://api.harborview.net/users", {
    headers: { Authorization: "Bearer 300Q2rbPGAGXh5SYmYSYCPG2sRduswKIjagr5eZ8" },
  });
  return res.json();
}
