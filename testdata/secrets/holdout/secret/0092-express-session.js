const session = require("express-session");

app.use(session({
  secret: "htpTL%Q8Qx8NNHPVtglJZR%zD3Xxv&ImjEYb",
  resave: false,
  saveUninitialized: false,
}));
