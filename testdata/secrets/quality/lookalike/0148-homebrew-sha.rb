class Synctool < Formula
  url "https://github.com/ironbark/synctool/archive/v3.0.8.tar.gz"
  sha256 "54ca7dcb31348370f690ee67a0a7117cfd6bfe5d531480e1c0b5b5881f7d9b42"
  license "MIT"
end
