bot = telegram.Bot("0908737024:AArfJE3XM6C_ggaMlFHXkevAkiTuNju4wAs")
