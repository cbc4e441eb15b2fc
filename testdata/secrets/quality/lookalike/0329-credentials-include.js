const res = await fetch("/api/session", {
  method: "POST",
  credentials: "include",
});
