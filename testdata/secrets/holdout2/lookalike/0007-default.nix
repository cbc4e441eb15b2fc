src = fetchFromGitHub {
  owner = "redkite";
  repo = "cli";
  rev = "v0.9.3";
  hash = "sha256-h84eOfyMduKPQQHkXPQhSkKoUiBsNAr1lCew1syqXzU=";
};
