class Gatekeeper < Formula
  desc "Policy checks for CI"
  url "https://github.com/harborview/gk/archive/refs/tags/v1.4.2.tar.gz"
  sha256 "b4bceaecdea1a784c45dc889d4918bab0897cb9fce130b8e87676b7195c40734"
  license "MIT"
end
