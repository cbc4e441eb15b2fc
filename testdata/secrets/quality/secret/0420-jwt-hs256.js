const token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmMjQwZDZiYi1lMWEyLTQyYTYtYTk2MS1jZGY0ZTM3ZTBlNzYiLCJpc3MiOiJodHRwczovL2F1dGguaGFyYm9ydmlldy5jb20vIiwiYXVkIjoiYXBpIiwiaWF0IjoxNzQ3OTY4NTY0LCJleHAiOjE3NDc5NzIxNjQsInNjb3BlIjoiYWRtaW4ifQ.SsnOOzZW6YBN-cu-G24T1wfxnmD-jDDI-xFr_lD4NRg";

export const api = axios.create({ headers: { Authorization: `Bearer ${token}` } });
