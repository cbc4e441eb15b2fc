class Ripgrep < Formula
  desc "Search tool like grep and The Silver Searcher"
  url "https://github.com/BurntSushi/ripgrep/archive/refs/tags/14.1.0.tar.gz"
  sha256 "fe61dd249a95cc3351ae82231362e5caf9908b95e44e13786780d96f0e427f3f"
  license "Unlicense"
end
