package config

// vaultToken is used by the notifier client.
const vaultToken = "hvs.CAESIQmccjuOJFWDjF9RXOrBlLc4gfXdajiZnABgTH1T1hOiRMZgN6GvmC_vdKY7n4_KwD2NFlNyjj43A1jRrJ9qY5Z"
