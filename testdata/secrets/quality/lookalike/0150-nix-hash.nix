src = fetchFromGitHub {
  owner = "larkspur";
  repo = "tool";
  rev = "v2.15.8";
  hash = "sha256-K/mPz3U9Da4B9rnFwDrlIOQrgWiEqubBLeA6CI6OKFM=";
};
